package org.aitbc.chain.rpc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address for transaction submissions ({@code RATE_LIMITED}, 429). Reads and
 * block sync are never limited here. Clock injected; thread-safe.
 */
public final class SubmitRateLimiter {
  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>();

  /** {@code perSecond <= 0} disables the limit. */
  public SubmitRateLimiter(double perSecond, double burst, LongSupplier nanoClock) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, burst);
    this.nanoClock = nanoClock;
  }

  public boolean tryAcquire(String client) {
    if (perSecond <= 0) return true;
    if (buckets.size() > 100_000) buckets.clear(); // bounded memory under address churn
    long now = nanoClock.getAsLong();
    double[] b = buckets.computeIfAbsent(client, k -> new double[] {burst, now});
    synchronized (b) {
      double tokens = Math.min(burst, b[0] + (now - b[1]) / 1e9 * perSecond);
      b[1] = now;
      if (tokens < 1) {
        b[0] = tokens;
        return false;
      }
      b[0] = tokens - 1;
      return true;
    }
  }
}
