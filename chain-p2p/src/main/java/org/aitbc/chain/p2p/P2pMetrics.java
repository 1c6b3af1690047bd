package org.aitbc.chain.p2p;

/**
 * Counters for {@code /metrics}: connected peers, traffic, bans, relay and sync.
 *
 * @param bans bans issued since start; {@code bannedNow} those still in force
 * @param refusedConnections inbound connections refused at accept (banned or over the limit)
 */
public record P2pMetrics(int peers, int inbound, int outbound, long bytesIn, long bytesOut, long bans, int bannedNow,
    long violations, long refusedConnections, long txsRelayed, long blocksImported, long blocksAnnounced,
    SyncStatus sync) {}
