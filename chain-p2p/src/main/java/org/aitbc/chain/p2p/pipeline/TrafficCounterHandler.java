package org.aitbc.chain.p2p.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts raw bytes read and written, per connection and in the network-wide totals. First in the pipeline. */
public final class TrafficCounterHandler extends ChannelDuplexHandler {
  private final PeerStats peer;
  private final PeerStats total;

  public TrafficCounterHandler(PeerStats peer, PeerStats total) {
    this.peer = peer;
    this.total = total;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      peer.addIn(b.readableBytes());
      total.addIn(b.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b) {
      peer.addOut(b.readableBytes());
      total.addOut(b.readableBytes());
    }
    ctx.write(msg, promise);
  }
}
