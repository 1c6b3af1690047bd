package org.aitbc.chain.p2p;

/**
 * Counters for {@code /metrics}: connected peers, traffic, bans, relay and sync.
 *
 * @param bans node ids banned for provable misbehaviour (and hosts banned by hand) since start; {@code bannedNow}
 *     bans and discouragements still in force
 * @param discouragements addresses discouraged since start (garbage, a foreign protocol, another network)
 * @param banExemptions penalties that spared an exempt (loopback) address
 * @param refusedConnections connections refused: inbound at accept (banned, over the limit, or over the
 *     allowance of foreign-protocol connections; those are also in {@code foreign.refused()}), and any whose
 *     handshake named a banned node id
 * @param foreign connections that spoke another protocol (line-JSON, HTTP, TLS), per protocol
 * @param addressDials outbound connection attempts to addresses of the address book (seeds are not counted)
 */
public record P2pMetrics(int peers, int inbound, int outbound, long bytesIn, long bytesOut, long bans, int bannedNow,
    long discouragements, long banExemptions, long violations, long refusedConnections, ForeignProtocolLimiter.Stats foreign,
    long txsRelayed, long blocksImported, long blocksAnnounced, SyncStatus sync, long addressDials) {}
