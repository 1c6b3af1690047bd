package org.aitbc.chain.p2p;

/**
 * Where sync stands, for {@code /health} and {@code /metrics}.
 *
 * @param networkHeight the best height a connected peer has shown (at least ours): as {@link P2pNetwork} reports it,
 *     a peer's claimed height counts only as far as our height plus the blocks it announced that we lack
 *     ({@link ShownHeights}), so a peer claiming 10^9 in its version does not make {@code remaining()} 10^9
 * @param queued block hashes known and not yet imported
 * @param inFlight blocks requested and not yet received
 * @param blocksImported blocks imported through the network since start
 */
public record SyncStatus(long localHeight, long networkHeight, int queued, int inFlight, long blocksImported) {
  public boolean syncing() {
    return networkHeight > localHeight;
  }

  public long remaining() {
    return Math.max(0, networkHeight - localHeight);
  }
}
