package org.aitbc.chain.p2p;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.aitbc.chain.p2p.gossip.SeenSet;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.aitbc.chain.p2p.pipeline.PeerStats;

/** One connection and what the network knows about it. Mutable fields are owned by the logic thread. */
final class Peer {
  final long id;
  final Channel channel;
  final Direction direction;
  final HostPort remote;
  final HostPort dialed; // null for inbound
  final boolean seed;
  final long connectedAtMs;
  final PeerStats stats = new PeerStats();
  final SeenSet known;
  final AtomicInteger queued = new AtomicInteger();
  final AtomicBoolean paused = new AtomicBoolean();
  volatile P2pMessage.Version version; // set when the handshake completed
  volatile HostPort listen; // where it accepts connections, if known
  volatile long bestHeight;
  volatile int score;
  /** The best height we told this peer in our version message. */
  volatile long advertisedHeight;
  boolean answeredGetAddr;
  boolean closed;

  Peer(long id, Channel channel, Direction direction, HostPort remote, HostPort dialed, boolean seed, long nowMs,
      int knownCapacity) {
    this.id = id;
    this.channel = channel;
    this.direction = direction;
    this.remote = remote;
    this.dialed = dialed;
    this.seed = seed;
    this.connectedAtMs = nowMs;
    this.known = new SeenSet(knownCapacity);
  }

  boolean ready() {
    return version != null && !closed;
  }

  void send(P2pMessage m) {
    channel.writeAndFlush(m, channel.voidPromise());
  }

  /** Key for per-source limits (rate of "addr"). */
  String sourceKey() {
    return "peer-" + id;
  }

  @Override
  public String toString() {
    return "peer#" + id + "(" + direction.name().toLowerCase(java.util.Locale.ROOT) + " " + remote + ")";
  }
}
