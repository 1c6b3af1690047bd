package org.aitbc.chain.rpc.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.aitbc.chain.consensus.BlockListener;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.tx.Transaction;

/**
 * Keeps the open server streams and wakes the ones a new block concerns. The engine calls
 * {@link #onBlock} on its own thread: that only hands the block to the stream executor, where the
 * fan-out signals every block stream and the message streams of the block's message recipients.
 */
final class StreamHub implements BlockListener {
  private final ScheduledExecutorService executor;
  private final int maxStreams;
  private final AtomicInteger open = new AtomicInteger();
  private final Set<StreamPump<?>> all = ConcurrentHashMap.newKeySet();
  private final Set<BlockStream> blockSubscribers = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Set<MessageStream>> inboxes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  StreamHub(ScheduledExecutorService executor, int maxStreams) {
    this.executor = executor;
    this.maxStreams = maxStreams;
  }

  /** Takes one of the {@code maxStreams} slots, or refuses with RESOURCE_EXHAUSTED. Give it back by finishing. */
  void reserve() {
    if (closed) throw Refusals.of(Status.UNAVAILABLE, "SHUTTING_DOWN", "the node is shutting down");
    if (open.incrementAndGet() > maxStreams) {
      open.decrementAndGet();
      throw Refusals.of(Status.RESOURCE_EXHAUSTED, "TOO_MANY_STREAMS", "this node serves at most " + maxStreams
          + " streams at once; try again later");
    }
  }

  /** Called once when a stream ends (completed, failed or cancelled). */
  void finished(StreamPump<?> p) {
    all.remove(p);
    if (p instanceof BlockStream b) blockSubscribers.remove(b);
    if (p instanceof MessageStream m) {
      inboxes.computeIfPresent(m.address(), (k, set) -> {
        set.remove(m);
        return set.isEmpty() ? null : set;
      });
    }
    open.decrementAndGet();
  }

  /** Starts a finite stream (a range). */
  void startRange(BlockStream s) {
    all.add(s);
    s.signal();
  }

  /** Registers before the first run, so a block sealed meanwhile is either read or signalled. */
  void subscribeBlocks(BlockStream s) {
    all.add(s);
    blockSubscribers.add(s);
    s.signal();
  }

  void subscribeMessages(MessageStream s) {
    all.add(s);
    inboxes.compute(s.address(), (k, set) -> {
      Set<MessageStream> v = set == null ? ConcurrentHashMap.newKeySet() : set;
      v.add(s);
      return v;
    });
    s.signal();
  }

  int openStreams() {
    return open.get();
  }

  @Override
  public void onBlock(Block block, boolean producedHere) {
    if (closed) return;
    try {
      executor.execute(() -> fanOut(block));
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  private void fanOut(Block block) {
    for (BlockStream s : blockSubscribers) s.signal();
    if (inboxes.isEmpty()) return;
    Set<String> woken = new HashSet<>();
    for (Transaction t : block.transactions()) {
      if (!t.isMessage() || !woken.add(t.to())) continue;
      Set<MessageStream> set = inboxes.get(t.to());
      if (set != null) for (MessageStream s : set) s.signal();
    }
  }

  /** Ends every open stream with {@code status}; new ones are refused from now on. */
  void closeAll(StatusRuntimeException status) {
    closed = true;
    for (StreamPump<?> p : all) p.close(status);
  }
}
