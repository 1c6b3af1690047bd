package org.aitbc.chain.p2p.handshake;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.aitbc.chain.p2p.message.MessageCodec;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.aitbc.chain.p2p.wire.FrameDecoder;
import org.aitbc.chain.p2p.wire.P2pProtocolException;
import org.aitbc.chain.p2p.wire.Violation;
import org.aitbc.chain.p2p.wire.WireFormat;

/**
 * Runs a {@link Handshake} on a channel: sends our version when the channel becomes active, feeds the
 * peer's messages to the state machine until it completes, then fires {@link HandshakeCompleted} and
 * passes every later message on. A refusal writes the reject (if any) and raises a
 * {@link P2pProtocolException}, which the tail of the pipeline turns into a misbehaviour event and a
 * close. If the handshake is not complete after {@code timeoutMillis} the same happens with
 * {@link Violation#HANDSHAKE_TIMEOUT}.
 *
 * <p>A peer of another network (its first frame carried a foreign magic, see {@link FrameDecoder})
 * gets its reject under its own magic, so that it can read why it was refused.
 */
public final class HandshakeHandler extends ChannelInboundHandlerAdapter {
  private final Handshake handshake;
  private final MessageCodec codec;
  private final long timeoutMillis;
  private ScheduledFuture<?> timeout;
  private boolean closing;

  public HandshakeHandler(Handshake handshake, MessageCodec codec, long timeoutMillis) {
    this.handshake = handshake;
    this.codec = codec;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) begin(ctx);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    begin(ctx);
    ctx.fireChannelActive();
  }

  private void begin(ChannelHandlerContext ctx) {
    if (timeout != null) return;
    timeout = ctx.executor().schedule(() -> onTimeout(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
    for (P2pMessage m : handshake.start().send()) ctx.write(m);
    ctx.flush();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimeout();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof P2pMessage m)) {
      ctx.fireChannelRead(msg);
      return;
    }
    switch (handshake.status()) {
      case COMPLETE -> {
        if (m instanceof P2pMessage.Version || m instanceof P2pMessage.Verack) {
          ctx.fireExceptionCaught(new P2pProtocolException(Violation.DUPLICATE_HANDSHAKE,
              m.command().wireName() + " after the handshake"));
        } else {
          ctx.fireChannelRead(m);
        }
      }
      case REFUSED -> { } // closing; drop whatever is still in flight
      case PENDING -> {
        if (closing) return;
        Integer foreign = ctx.channel().attr(FrameDecoder.FOREIGN_MAGIC).get();
        if (foreign != null && !(m instanceof P2pMessage.Version v && WireFormat.magic(v.genesisHash()) == foreign)) {
          // another network's magic is only acceptable on a version that names that network's genesis
          closing = true;
          cancelTimeout();
          ctx.fireExceptionCaught(new P2pProtocolException(Violation.BAD_MAGIC,
              String.format("magic %08x does not belong to the genesis the peer names", foreign)));
          return;
        }
        apply(ctx, handshake.onMessage(m));
      }
    }
  }

  private void onTimeout(ChannelHandlerContext ctx) {
    if (handshake.status() == Handshake.Status.PENDING) apply(ctx, handshake.onTimeout());
  }

  private void apply(ChannelHandlerContext ctx, Handshake.Step step) {
    for (P2pMessage m : step.send()) ctx.write(m);
    if (!step.send().isEmpty()) ctx.flush();
    switch (step.status()) {
      case PENDING -> { }
      case COMPLETE -> {
        cancelTimeout();
        ctx.fireUserEventTriggered(new HandshakeCompleted(step.peer().orElseThrow()));
      }
      case REFUSED -> {
        cancelTimeout();
        Handshake.Refusal r = step.refusal().orElseThrow();
        Violation v = r.violation();
        Integer foreign = ctx.channel().attr(FrameDecoder.FOREIGN_MAGIC).get();
        if (r.reject().isPresent()) {
          P2pMessage.Reject reject = new P2pMessage.Reject(r.reject().get(), "version", r.detail());
          if (foreign != null) {
            ctx.writeAndFlush(codec.encode(reject).withMagic(foreign));
          } else {
            ctx.writeAndFlush(reject);
          }
        }
        ctx.fireExceptionCaught(new P2pProtocolException(v, r.detail()));
      }
    }
  }

  private void cancelTimeout() {
    if (timeout != null) timeout.cancel(false);
  }

  /** For diagnostics: the handshake's state. */
  public Handshake.Status status() {
    return handshake.status();
  }
}
