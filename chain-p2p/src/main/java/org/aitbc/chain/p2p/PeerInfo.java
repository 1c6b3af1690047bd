package org.aitbc.chain.p2p;

import org.aitbc.chain.core.util.Bytes;

/**
 * One connected peer, as listed by {@code /rpc/peers}.
 *
 * @param address the remote address of the connection
 * @param listenAddress where the peer accepts connections (dialed address, or remote host + advertised port), if known
 * @param pingMs last ping round trip in milliseconds, -1 before the first pong
 * @param score misbehaviour score so far (banned at the threshold)
 */
public record PeerInfo(long id, HostPort address, String listenAddress, Direction direction, int protocolVersion,
    String userAgent, long bestHeight, double pingMs, long bytesIn, long bytesOut, int score, Bytes nodeId,
    long connectedAtMs) {}
