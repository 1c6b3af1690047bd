package org.aitbc.chain.p2p;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.aitbc.chain.p2p.handshake.HandshakeCompleted;
import org.aitbc.chain.p2p.message.P2pMessage;

/**
 * The gossip adapter: hands the completed handshake and every later message to the network's logic
 * thread. If that thread falls behind by {@link #HIGH_WATER} messages from this peer, reading from the
 * socket pauses until it is down to {@link #LOW_WATER} (backpressure, not a rate limit: nothing is
 * dropped and a syncing peer is never refused).
 */
final class PeerHandler extends ChannelInboundHandlerAdapter {
  static final int HIGH_WATER = 2_000;
  static final int LOW_WATER = 500;

  interface Events {
    void onReady(Peer peer, P2pMessage.Version version);

    void onMessage(Peer peer, P2pMessage message);
  }

  private final Peer peer;
  private final Events events;

  PeerHandler(Peer peer, Events events) {
    this.peer = peer;
    this.events = events;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof HandshakeCompleted hc) {
      events.onReady(peer, hc.peer());
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof P2pMessage m)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (peer.queued.incrementAndGet() > HIGH_WATER && peer.paused.compareAndSet(false, true)) {
      ctx.channel().config().setAutoRead(false);
    }
    events.onMessage(peer, m);
  }

  /** Called by the logic thread after it handled one message of this peer. */
  static void handled(Peer peer) {
    if (peer.queued.decrementAndGet() < LOW_WATER && peer.paused.get()) {
      peer.channel.eventLoop().execute(() -> {
        if (peer.paused.compareAndSet(true, false)) peer.channel.config().setAutoRead(true);
      });
    }
  }
}
