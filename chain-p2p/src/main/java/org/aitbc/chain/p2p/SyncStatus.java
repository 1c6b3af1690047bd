package org.aitbc.chain.p2p;

/**
 * Where sync stands, for {@code /health} and {@code /metrics}.
 *
 * @param networkHeight the best height any connected peer claims (at least ours)
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
