package org.aitbc.chain.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines for a request in flight, against slow-loris clients: its headers must be complete within {@code
 * headerTimeoutMs} of its first byte, and its body within that again plus {@code length / MIN_BODY_BYTES_PER_S}.
 * The idle timer cannot do this: every byte, however slow, resets it. A missed deadline is answered 408
 * {@code REQUEST_TIMEOUT} (after the answers of earlier pipelined requests) and closes the connection.
 *
 * <p>Two handlers share the state: {@link #bytes()} before the HTTP codec sees the first byte of each request,
 * {@link #messages()} after it sees the head and the end. Timers run on the channel's event loop, so the time is
 * the loop's (an {@code EmbeddedChannel} advances it in tests). One instance per channel.
 */
final class RequestDeadline {
  /** The slowest body accepted on average, after the allowance of {@code headerTimeoutMs}. */
  static final long MIN_BODY_BYTES_PER_S = 64 << 10;

  private final long headerTimeoutMs;
  private final long maxBodyBytes;
  /** A request has begun and not ended (event loop only). */
  private boolean inFlight;
  private ScheduledFuture<?> timer;
  private boolean expired;

  RequestDeadline(long headerTimeoutMs, long maxBodyBytes) {
    this.headerTimeoutMs = headerTimeoutMs;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Before the codec: the first byte of a request starts the header deadline. */
  ChannelInboundHandlerAdapter bytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (expired) { // the 408 is on its way: what the client still sends is dropped
          io.netty.util.ReferenceCountUtil.release(msg);
          return;
        }
        if (!inFlight && msg instanceof ByteBuf b && b.isReadable()) {
          inFlight = true;
          arm(ctx, headerTimeoutMs, "the request headers did not arrive within " + headerTimeoutMs + " ms");
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
      }
    };
  }

  /** After the codec: complete headers start the body deadline, the end of the request stops it. */
  ChannelInboundHandlerAdapter messages() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req && req.decoderResult().isSuccess()) { // a malformed one is answered 400 at once
          long length = bodyLength(req);
          long ms = headerTimeoutMs + Math.min(length, maxBodyBytes) * 1000 / MIN_BODY_BYTES_PER_S;
          arm(ctx, ms, "the request body did not arrive within " + ms + " ms");
        }
        if (msg instanceof LastHttpContent) {
          cancel();
          inFlight = false; // the next byte begins the next request
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  private long bodyLength(HttpRequest req) {
    if (HttpUtil.isTransferEncodingChunked(req)) return maxBodyBytes;
    try {
      return Math.max(0L, HttpUtil.getContentLength(req, 0L));
    } catch (NumberFormatException e) { // refused later as INVALID_REQUEST; the deadline must not throw
      return 0L;
    }
  }

  private void arm(ChannelHandlerContext ctx, long ms, String why) {
    cancel();
    timer = ctx.executor().schedule(() -> expire(ctx, why), ms, TimeUnit.MILLISECONDS);
  }

  private void expire(ChannelHandlerContext ctx, String why) {
    if (expired || !ctx.channel().isActive()) return;
    expired = true;
    ctx.pipeline().fireUserEventTriggered(new HttpApiHandler.Refusal(ApiResponse.error(408, "REQUEST_TIMEOUT", why)));
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
