package org.aitbc.chain.core.mempool;

/**
 * Limits of the transaction pool.
 *
 * @param maxTxs most pending transactions
 * @param maxBytes most heap the pending transactions may hold, as the JVM holds them ({@code
 *     Transaction.heapBytes()} plus the pool's bookkeeping per entry), not their encoded size
 * @param maxPerSender most pending transactions of one sender
 * @param expiryMs a transaction that waited longer than this is dropped
 */
public record MempoolConfig(int maxTxs, long maxBytes, int maxPerSender, long expiryMs) {
  public static final MempoolConfig DEFAULTS = new MempoolConfig(200_000, 192L << 20, 10_000, 3_600_000);

  public MempoolConfig {
    if (maxTxs <= 0) throw new IllegalArgumentException("mempool maxTxs must be > 0, got " + maxTxs);
    if (maxBytes <= 0) throw new IllegalArgumentException("mempool maxBytes must be > 0, got " + maxBytes);
    if (maxPerSender <= 0) throw new IllegalArgumentException("mempool maxPerSender must be > 0, got " + maxPerSender);
    if (expiryMs <= 0) throw new IllegalArgumentException("mempool expiryMs must be > 0, got " + expiryMs);
  }

  /**
   * This config with {@code maxBytes} lowered to a third of {@code maxHeapBytes} when it is more: the rest of
   * the heap serves blocks being built and imported, requests in flight and caches. Unchanged otherwise.
   */
  public MempoolConfig fitToHeap(long maxHeapBytes) {
    long fit = maxHeapBytes / 3;
    return maxBytes <= fit ? this : new MempoolConfig(maxTxs, Math.max(1, fit), maxPerSender, expiryMs);
  }
}
