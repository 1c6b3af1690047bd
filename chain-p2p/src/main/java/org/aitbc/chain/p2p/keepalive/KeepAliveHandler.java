package org.aitbc.chain.p2p.keepalive;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.aitbc.chain.p2p.handshake.HandshakeCompleted;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.aitbc.chain.p2p.pipeline.PeerStats;
import org.aitbc.chain.p2p.wire.P2pProtocolException;
import org.aitbc.chain.p2p.wire.Violation;

/**
 * Ping/pong keep-alive, placed after an {@link IdleStateHandler} whose reader idle time is the ping
 * interval. Once the handshake is complete it pings right away (to measure the round trip), again
 * whenever the peer was silent for the ping interval, and at least once per interval on a busy link.
 * A ping without its pong within {@code pongTimeoutMillis} raises {@link Violation#PING_TIMEOUT}
 * (the connection closes, no score). It answers the peer's pings and consumes pings and pongs; the
 * round trip goes to {@link PeerStats#pingMicros()}. Time is the event loop's ticker, so tests drive
 * it with {@code EmbeddedChannel.freezeTime()/advanceTimeBy()}.
 */
public final class KeepAliveHandler extends ChannelInboundHandlerAdapter {
  private final long pingIntervalNanos;
  private final long pongTimeoutMillis;
  private final PeerStats stats;
  private final LongSupplier nonces;
  private boolean ready;
  private boolean outstanding;
  private long outstandingNonce;
  private long pingSentAt;
  private ScheduledFuture<?> pongTimer;

  public KeepAliveHandler(long pingIntervalMillis, long pongTimeoutMillis, PeerStats stats, LongSupplier nonces) {
    this.pingIntervalNanos = TimeUnit.MILLISECONDS.toNanos(pingIntervalMillis);
    this.pongTimeoutMillis = pongTimeoutMillis;
    this.stats = stats;
    this.nonces = nonces;
  }

  /** The idle detector to put just before this handler. */
  public static IdleStateHandler idleDetector(long pingIntervalMillis) {
    return new IdleStateHandler(pingIntervalMillis, 0, 0, TimeUnit.MILLISECONDS);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof HandshakeCompleted) {
      ready = true;
      ping(ctx);
      ctx.fireUserEventTriggered(evt);
    } else if (evt instanceof IdleStateEvent idle) {
      if (ready && idle.state() == IdleState.READER_IDLE && !outstanding) ping(ctx);
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof P2pMessage.Ping p) {
      ctx.writeAndFlush(new P2pMessage.Pong(p.nonce()));
      return;
    }
    if (msg instanceof P2pMessage.Pong p) {
      if (outstanding && p.nonce() == outstandingNonce) {
        outstanding = false;
        pongTimer.cancel(false);
        stats.pingMicros(TimeUnit.NANOSECONDS.toMicros(now(ctx) - pingSentAt));
      }
      return;
    }
    if (ready && !outstanding && now(ctx) - pingSentAt >= pingIntervalNanos) ping(ctx);
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (pongTimer != null) pongTimer.cancel(false);
    ctx.fireChannelInactive();
  }

  private void ping(ChannelHandlerContext ctx) {
    outstanding = true;
    outstandingNonce = nonces.getAsLong();
    pingSentAt = now(ctx);
    ctx.writeAndFlush(new P2pMessage.Ping(outstandingNonce));
    pongTimer = ctx.executor().schedule(() -> {
      if (outstanding && ctx.channel().isActive()) {
        ctx.fireExceptionCaught(new P2pProtocolException(Violation.PING_TIMEOUT,
            "no pong within " + pongTimeoutMillis + " ms"));
      }
    }, pongTimeoutMillis, TimeUnit.MILLISECONDS);
  }

  private static long now(ChannelHandlerContext ctx) {
    return ctx.executor().ticker().nanoTime();
  }
}
