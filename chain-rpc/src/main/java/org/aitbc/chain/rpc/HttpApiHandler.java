package org.aitbc.chain.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import io.netty.util.concurrent.EventExecutorGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts Netty's aggregated HTTP requests to {@link HttpRoutes}; one instance per channel, running on the
 * channel's I/O thread. Transaction submissions (CPU-bound, short, the hot path) are answered right there;
 * every other route runs on the worker group, so that a slow query or a long poll never holds up an I/O
 * thread. Answers leave in request order even when requests are pipelined: each request waits for the one
 * before it (a streamed answer, {@link ChunkedAnswer}, until its last chunk), and every write happens on the I/O
 * thread. At most {@link #MAX_IN_FLIGHT} requests of one connection wait for their answers; the next is
 * answered 429 {@code TOO_MANY_PIPELINED} after them, and the connection closes.
 */
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(HttpApiHandler.class);
  /**
   * Requests of one connection read but not yet answered (their requests and closures held in memory). An
   * answer written at once (a submission with nothing before it) never counts, so a client that pipelines
   * submissions is not limited by this; one that pipelines hundreds of reads in one write is.
   */
  static final int MAX_IN_FLIGHT = 128;
  private final HttpRoutes routes;
  private final EventExecutorGroup workers;
  /** Completes when the previous request's answer has been written; touched only on the I/O thread. */
  private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
  /** An inline answer was written but not yet flushed (I/O thread only). */
  private boolean unflushed;
  /**
   * An answer that closes the connection is on its way (I/O thread only): requests read after it are dropped
   * unanswered, never run, since their answers could not be written (a submission would be accepted silently).
   */
  private boolean closing;
  /** Answers on their way but not written (I/O thread only); see {@link #MAX_IN_FLIGHT}. */
  private int inFlight;

  HttpApiHandler(HttpRoutes routes, EventExecutorGroup workers) {
    this.routes = routes;
    this.workers = workers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (closing) return;
    if (inFlight >= MAX_IN_FLIGHT) {
      closing = true;
      answerInOrder(ctx, ApiResponse.error(429, "TOO_MANY_PIPELINED", "more than " + MAX_IN_FLIGHT
          + " requests of this connection were waiting for their answers; read answers before sending more"), false, false);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    closing = !keepAlive;
    if (!req.decoderResult().isSuccess()) {
      // The decoder discards what follows, so the connection closes, but only after the earlier answers.
      closing = true;
      answerInOrder(ctx, ApiResponse.error(400, "INVALID_REQUEST", "malformed HTTP request"), false, false);
      return;
    }
    boolean head = req.method().name().equals("HEAD");
    HttpRoutes.Request r;
    try {
      String client = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
      r = request(req, client);
    } catch (IllegalArgumentException e) { // Netty's decoder: "invalid hex byte", "unterminated escape sequence"
      // The request itself was framed correctly, so the connection stays as the client asked.
      answerInOrder(ctx, ApiResponse.error(400, "INVALID_URL", "the URL is not valid percent-encoding: " + e.getMessage()),
          keepAlive, head);
      return;
    }
    if (previous.isDone() && routes.answersInline(r)) {
      CompletableFuture<ApiResponse> now = answer(r);
      if (now.isDone()) {
        if (keepAlive) {
          // Flushed once per read (channelReadComplete): a client that pipelines gets its answers in one write.
          ctx.write(response(now.join(), true, head));
          unflushed = true;
        } else {
          write(ctx, now.join(), false, head);
        }
        return;
      }
      previous = writeWhenDone(ctx, now, keepAlive, head);
      return;
    }
    CompletableFuture<ApiResponse> later = new CompletableFuture<>();
    previous.whenComplete((v, e) -> workers.next().execute(() -> answer(r).whenComplete((resp, err) -> later.complete(resp))));
    previous = writeWhenDone(ctx, later, keepAlive, head);
  }

  /** The route's view of a decoded request; IllegalArgumentException for a URL that is not valid percent-encoding. */
  static HttpRoutes.Request request(FullHttpRequest req, String client) {
    QueryStringDecoder q = new QueryStringDecoder(req.uri());
    return new HttpRoutes.Request(req.method().name(), q.path(), q.parameters(), ByteBufUtil.getBytes(req.content()), client);
  }

  /**
   * Writes an answer known without a route (a refusal of the request itself) after every earlier answer of
   * this connection; with {@code keepAlive} false the connection closes after it.
   */
  private void answerInOrder(ChannelHandlerContext ctx, ApiResponse resp, boolean keepAlive, boolean head) {
    previous = writeWhenDone(ctx, previous.thenApply(v -> resp), keepAlive, head);
  }

  /** A refusal raised before this handler saw the request (413 from the aggregator), answered in order. */
  record Refusal(ApiResponse answer) {}

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof Refusal refusal) {
      if (closing) return;
      closing = true;
      answerInOrder(ctx, refusal.answer(), false, false);
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  /**
   * Writes the answer on the I/O thread once it is ready; the returned future completes after the write (of
   * the last chunk, for a streamed answer).
   */
  private CompletableFuture<Void> writeWhenDone(ChannelHandlerContext ctx, CompletableFuture<ApiResponse> answer,
      boolean keepAlive, boolean head) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    inFlight++;
    answer.whenComplete((resp, err) -> ctx.executor().execute(() -> {
      if (resp.stream() != null) {
        ChunkedAnswer.write(ctx, resp, keepAlive, head, workers.next())
            .whenComplete((v, e) -> ctx.executor().execute(() -> {
              inFlight--;
              written.complete(null);
            }));
        return;
      }
      try {
        write(ctx, resp, keepAlive, head);
      } finally {
        inFlight--;
        written.complete(null);
      }
    }));
    return written;
  }

  /** The route's answer; a route that throws becomes a 500 with the details in the log, never a lost request. */
  private CompletableFuture<ApiResponse> answer(HttpRoutes.Request r) {
    CompletableFuture<ApiResponse> f;
    try {
      f = routes.handle(r);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.exceptionally(err -> {
      log.error("request {} {} failed", r.method(), r.path(), err);
      return ApiResponse.error(500, "INTERNAL", "the node failed to answer; see its log");
    });
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (unflushed) {
      unflushed = false;
      ctx.flush();
    }
    ctx.fireChannelReadComplete();
  }

  static void write(ChannelHandlerContext ctx, ApiResponse resp, boolean keepAlive, boolean headOnly) {
    if (keepAlive) {
      ctx.writeAndFlush(response(resp, true, headOnly));
    } else {
      ctx.writeAndFlush(response(resp, false, headOnly)).addListener(LingeringClose.INSTANCE);
    }
  }

  private static FullHttpResponse response(ApiResponse resp, boolean keepAlive, boolean headOnly) {
    String text = resp.body();
    ByteBuf content = headOnly ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(resp.status()), content);
    out.headers().set(HttpHeaderNames.CONTENT_TYPE, resp.contentType());
    out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, headOnly ? text.getBytes(StandardCharsets.UTF_8).length : content.readableBytes());
    for (Map.Entry<String, String> h : resp.headers().entrySet()) out.headers().set(h.getKey(), h.getValue());
    out.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    return out;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (closing && cause instanceof DecoderException) {
      // What the codec reads after the answer that closes is dropped anyway; that answer closes the connection.
      log.debug("HTTP connection {}: {} after its closing answer", ctx.channel().remoteAddress(), cause.toString());
      return;
    }
    log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
