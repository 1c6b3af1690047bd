package org.aitbc.chain.p2p;

/**
 * Counters for {@code /metrics}: connected peers, traffic, bans, relay and sync.
 *
 * @param bans bans issued since start (a host or a node id was banned); {@code bannedNow} those still in force
 * @param banExemptions bans for misbehaviour that did not ban the host because it is exempt (loopback)
 * @param refusedConnections inbound connections refused at accept (banned, over the limit, or over the
 *     allowance of foreign-protocol connections; those are also in {@code foreign.refused()})
 * @param foreign connections that spoke another protocol (line-JSON, HTTP, TLS), per protocol
 */
public record P2pMetrics(int peers, int inbound, int outbound, long bytesIn, long bytesOut, long bans, int bannedNow,
    long banExemptions, long violations, long refusedConnections, ForeignProtocolLimiter.Stats foreign,
    long txsRelayed, long blocksImported, long blocksAnnounced, SyncStatus sync) {}
