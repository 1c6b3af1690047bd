package org.aitbc.chain.rpc.grpc;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records what a server stream delivers, for tests: items in arrival order, then how it ended. With
 * {@code manual} it requests nothing until {@link #request} (a client that does not read).
 */
final class Recorder<R, T> implements ClientResponseObserver<R, T> {
  private final LinkedBlockingQueue<T> items = new LinkedBlockingQueue<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private final boolean manual;
  private volatile ClientCallStreamObserver<R> call;
  private volatile Throwable error;

  Recorder(boolean manual) {
    this.manual = manual;
  }

  Recorder() {
    this(false);
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<R> requestStream) {
    call = requestStream;
    if (manual) requestStream.disableAutoRequestWithInitial(0);
  }

  @Override
  public void onNext(T value) {
    items.add(value);
  }

  @Override
  public void onError(Throwable t) {
    error = t;
    done.countDown();
  }

  @Override
  public void onCompleted() {
    done.countDown();
  }

  void request(int n) {
    call.request(n);
  }

  void cancel() {
    call.cancel("test done", null);
  }

  /** The next item, waiting up to {@code timeout}. */
  T next(Duration timeout) throws InterruptedException {
    T t = items.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (t == null) fail("no stream item within " + timeout + (error != null ? "; the stream ended with " + error : ""));
    return t;
  }

  List<T> next(int n, Duration timeout) throws InterruptedException {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(next(timeout));
    return out;
  }

  /** Items that arrived and were not taken yet. */
  List<T> drain() {
    List<T> out = new ArrayList<>();
    items.drainTo(out);
    return out;
  }

  /** True when nothing more arrives within {@code d}. */
  boolean quietFor(Duration d) throws InterruptedException {
    T t = items.poll(d.toMillis(), TimeUnit.MILLISECONDS);
    if (t != null) fail("unexpected stream item " + t);
    return true;
  }

  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How the stream ended, once it has (OK when completed). */
  Status status(Duration timeout) throws InterruptedException {
    if (!awaitEnd(timeout)) fail("the stream did not end within " + timeout);
    return error == null ? Status.OK : Status.fromThrowable(error);
  }

  Throwable error() {
    assertNotNull(error, "the stream has not failed");
    return error;
  }
}
