/**
 * The P2P layer of the node (issue 3): Bitcoin-style gossip over Netty TCP.
 *
 * <ul>
 *   <li>{@link org.aitbc.chain.p2p.wire} frames (magic from the genesis, command, length, checksum,
 *       protobuf body; layout in {@link org.aitbc.chain.p2p.wire.WireFormat}) and the typed
 *       {@link org.aitbc.chain.p2p.wire.Violation}s that score peers;
 *   <li>{@link org.aitbc.chain.p2p.message} the typed messages and their codec (with size limits);
 *   <li>{@link org.aitbc.chain.p2p.handshake} version/verack as a plain state machine plus its handler;
 *   <li>{@link org.aitbc.chain.p2p.keepalive} ping/pong; {@link org.aitbc.chain.p2p.pipeline} the
 *       per-connection pipeline, traffic counters and the violation tail;
 *   <li>{@link org.aitbc.chain.p2p.addr} the address book; {@link org.aitbc.chain.p2p.gossip} seen-sets;
 *       {@link org.aitbc.chain.p2p.sync} block download;
 *   <li>{@link org.aitbc.chain.p2p.P2pNetwork} ties them together over a
 *       {@link org.aitbc.chain.p2p.ChainView}, the port the node implements over the chain engine and
 *       the mempool.
 * </ul>
 */
package org.aitbc.chain.p2p;
