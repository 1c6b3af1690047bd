package org.aitbc.chain.rpc.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server stream fed from the store by pull: whenever it is {@linkplain #signal() signalled} (a new
 * block that concerns it, the client became ready again, shutdown), a task on the stream executor reads
 * the next items after the stream's position and sends them <em>while the call is ready</em>. The store
 * is the only backlog: nothing is queued per subscriber, and gRPC's own buffer stays at its ready
 * threshold plus one message. Replay and live delivery are the same loop, so the position (a cursor or a
 * height) moves forward one sent item at a time and nothing is skipped or sent twice.
 *
 * <p>A client that stops reading while the node has more for it is ended after {@code stallMs} with
 * {@code RESOURCE_EXHAUSTED} naming the position to resume from, which frees its stream.
 *
 * <p>Runs are serialized (at most one task per stream at a time, {@link #running}); a signal that
 * arrives during a run makes the run go round again, so no wake-up is lost. After a full batch the run
 * goes to the back of the executor's queue, so one long replay cannot starve other streams.
 */
abstract class StreamPump<T> {
  private static final Logger log = LoggerFactory.getLogger(StreamPump.class);

  protected final ServerCallStreamObserver<T> out;
  protected final int batch;
  private final ScheduledExecutorService executor;
  private final long stallMs;
  private final Consumer<StreamPump<?>> onFinish;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final AtomicBoolean finishedOnce = new AtomicBoolean();
  private volatile boolean finished;
  private volatile StatusRuntimeException closeWith;

  // Stall watch, touched only inside a run (serialized), except expiredGeneration (set by the timer).
  private final AtomicLong generations = new AtomicLong();
  private long armedGeneration = -1;
  private ScheduledFuture<?> stallTimer;
  private volatile long expiredGeneration = -2;

  /** Must be created inside the service method (it installs the call's ready and cancel handlers). */
  StreamPump(ServerCallStreamObserver<T> out, ScheduledExecutorService executor, int batch, long stallMs,
      Consumer<StreamPump<?>> onFinish) {
    this.out = out;
    this.executor = executor;
    this.batch = batch;
    this.stallMs = stallMs;
    this.onFinish = onFinish;
    out.setOnReadyHandler(this::signal);
    out.setOnCancelHandler(() -> {
      finished = true;
      finish();
    });
  }

  /**
   * Sends what is available after the current position while {@code out} is ready, at most
   * {@link #batch} items; may {@link #complete()} or {@link #fail}. Returns true when more items may be
   * available right away (a full batch went out and the call is still ready).
   */
  protected abstract boolean pump();

  /** Where a client resumes from, for the message that ends a stream early ("cursor 5.2", "height 7"). */
  protected abstract String resumeHint();

  /** Something may be new for this stream; a run will look. Cheap, never blocks, any thread. */
  final void signal() {
    if (finished) return;
    dirty.set(true);
    if (running.compareAndSet(false, true)) {
      try {
        executor.execute(this::run);
      } catch (RejectedExecutionException e) {
        running.set(false); // shutting down; close() ends the call
      }
    }
  }

  /** Ends the stream with {@code status} from its own run (server shutdown). */
  final void close(StatusRuntimeException status) {
    closeWith = status;
    signal();
  }

  final boolean isFinished() {
    return finished;
  }

  private void run() {
    boolean more;
    do {
      dirty.set(false);
      more = step();
      running.set(false);
    } while (!more && dirty.get() && running.compareAndSet(false, true));
    if (more) signal(); // to the back of the queue: other streams get their turn
  }

  private boolean step() {
    if (finished) return false;
    try {
      StatusRuntimeException c = closeWith;
      if (c != null) {
        fail(c);
        return false;
      }
      if (!out.isReady()) {
        stalled();
        return false;
      }
      disarmStall();
      boolean more = pump();
      if (finished) return false;
      if (!out.isReady()) stalled();
      return more;
    } catch (RuntimeException e) {
      log.error("a gRPC stream failed; ending it ({})", resumeHint(), e);
      fail(Refusals.of(Status.INTERNAL, "INTERNAL", "the node failed to read the next items (" + e.getMessage()
          + "); resume from " + resumeHint()));
      return false;
    }
  }

  /** The client is not reading what was sent: arm the stall timer, or end the stream once it expired. */
  private void stalled() {
    if (armedGeneration >= 0 && expiredGeneration == armedGeneration) {
      fail(Refusals.of(Status.RESOURCE_EXHAUSTED, "SUBSCRIBER_TOO_SLOW", "the client read nothing for " + stallMs
          + " ms while the node had more for it; resume from " + resumeHint()));
      return;
    }
    if (armedGeneration < 0) {
      long g = generations.incrementAndGet();
      armedGeneration = g;
      stallTimer = executor.schedule(() -> {
        expiredGeneration = g;
        signal();
      }, stallMs, TimeUnit.MILLISECONDS);
    }
  }

  private void disarmStall() {
    if (armedGeneration >= 0) {
      armedGeneration = -1;
      stallTimer.cancel(false);
      stallTimer = null;
    }
  }

  /** Ends the stream normally; its slot is given back first, so the client may open another at once. */
  protected final void complete() {
    finished = true;
    disarmStall();
    finish();
    out.onCompleted();
  }

  protected final void fail(StatusRuntimeException status) {
    finished = true;
    disarmStall();
    finish();
    out.onError(status);
  }

  private void finish() {
    if (finishedOnce.compareAndSet(false, true)) onFinish.accept(this);
  }
}
