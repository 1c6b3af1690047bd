package org.aitbc.chain.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adapts Netty's aggregated HTTP requests to {@link HttpRoutes}; one instance per channel. */
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(HttpApiHandler.class);
  private final HttpRoutes routes;

  HttpApiHandler(HttpRoutes routes) {
    this.routes = routes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    if (!req.decoderResult().isSuccess()) {
      write(ctx, ApiResponse.error(400, "INVALID_REQUEST", "malformed HTTP request"), false, false);
      return;
    }
    QueryStringDecoder q = new QueryStringDecoder(req.uri());
    byte[] body = ByteBufUtil.getBytes(req.content());
    String client = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
    boolean head = req.method().name().equals("HEAD");
    HttpRoutes.Request r = new HttpRoutes.Request(req.method().name(), q.path(), q.parameters(), body, client);
    routes.handle(r).whenComplete((resp, err) -> {
      if (err != null) {
        log.error("request {} {} failed", r.method(), r.path(), err);
        resp = ApiResponse.error(500, "INTERNAL", "the node failed to answer; see its log");
      }
      write(ctx, resp, keepAlive, head);
    });
  }

  static void write(ChannelHandlerContext ctx, ApiResponse resp, boolean keepAlive, boolean headOnly) {
    String text = resp.body();
    ByteBuf content = headOnly ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(resp.status()), content);
    out.headers().set(HttpHeaderNames.CONTENT_TYPE, resp.contentType());
    out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, headOnly ? text.getBytes(StandardCharsets.UTF_8).length : content.readableBytes());
    for (Map.Entry<String, String> h : resp.headers().entrySet()) out.headers().set(h.getKey(), h.getValue());
    if (keepAlive) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(out);
    } else {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
