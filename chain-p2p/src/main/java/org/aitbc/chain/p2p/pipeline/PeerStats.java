package org.aitbc.chain.p2p.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/** Traffic counters and the last ping round trip of one connection (or of all, for totals). Thread-safe. */
public final class PeerStats {
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private volatile long pingMicros = -1;

  public void addIn(long n) {
    bytesIn.addAndGet(n);
  }

  public void addOut(long n) {
    bytesOut.addAndGet(n);
  }

  public long bytesIn() {
    return bytesIn.get();
  }

  public long bytesOut() {
    return bytesOut.get();
  }

  public void pingMicros(long micros) {
    pingMicros = micros;
  }

  /** Last measured ping round trip in microseconds, -1 before the first pong. */
  public long pingMicros() {
    return pingMicros;
  }
}
