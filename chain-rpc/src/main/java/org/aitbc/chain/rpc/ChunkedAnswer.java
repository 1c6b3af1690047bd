package org.aitbc.chain.rpc;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a streamed answer ({@link ApiResponse#stream()}) with chunked transfer encoding, one
 * {@link ChunkedBody} piece per HTTP chunk. The pieces are made on a worker (store reads stay off the I/O
 * thread) and written on the I/O thread; the next piece is made only once the one before has been written
 * to the socket, so a slow reader holds one piece in memory and no thread while it reads. When the client
 * goes away the body is closed and no more pieces are made.
 */
final class ChunkedAnswer {
  private static final Logger log = LoggerFactory.getLogger(ChunkedAnswer.class);
  private final ChannelHandlerContext ctx;
  private final ChunkedBody body;
  private final EventExecutor worker;
  private final boolean keepAlive;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final ChannelFutureListener onClose;

  private ChunkedAnswer(ChannelHandlerContext ctx, ChunkedBody body, EventExecutor worker, boolean keepAlive) {
    this.ctx = ctx;
    this.body = body;
    this.worker = worker;
    this.keepAlive = keepAlive;
    this.onClose = f -> body.close();
  }

  /**
   * Starts writing {@code resp} (on the I/O thread); the future completes once the last chunk is written or the
   * answer was given up (the connection closed).
   */
  static CompletableFuture<Void> write(ChannelHandlerContext ctx, ApiResponse resp, boolean keepAlive, boolean headOnly,
      EventExecutor worker) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(resp.status()));
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, resp.contentType());
    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    for (Map.Entry<String, String> h : resp.headers().entrySet()) head.headers().set(h.getKey(), h.getValue());
    head.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    ChunkedAnswer a = new ChunkedAnswer(ctx, resp.stream(), worker, keepAlive);
    ctx.channel().closeFuture().addListener(a.onClose);
    ctx.write(head);
    if (headOnly) a.finish();
    else a.makeNext();
    return a.done;
  }

  /** On the worker: the next piece, then back to the I/O thread to write it. */
  private void makeNext() {
    worker.execute(() -> {
      if (!ctx.channel().isActive()) {
        ctx.executor().execute(this::abort);
        return;
      }
      String piece;
      try {
        piece = body.next();
      } catch (RuntimeException e) {
        log.error("streamed answer failed; closing the connection", e);
        ctx.executor().execute(this::abort);
        return;
      }
      ctx.executor().execute(() -> send(piece));
    });
  }

  private void send(String piece) {
    if (piece == null) {
      finish();
      return;
    }
    ctx.writeAndFlush(new DefaultHttpContent(ByteBufUtil.writeUtf8(ctx.alloc(), piece))).addListener(f -> {
      if (f.isSuccess()) makeNext();
      else abort();
    });
  }

  private void finish() {
    end();
    ChannelFuture f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    if (!keepAlive) f.addListener(LingeringClose.INSTANCE);
    done.complete(null);
  }

  /** The client went away (or the body failed): a cut chunked answer is what tells the client. */
  private void abort() {
    end();
    ctx.close();
    done.complete(null);
  }

  private void end() {
    ctx.channel().closeFuture().removeListener(onClose);
    body.close();
  }
}
