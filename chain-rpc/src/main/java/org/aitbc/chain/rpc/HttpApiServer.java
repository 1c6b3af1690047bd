package org.aitbc.chain.rpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP JSON API on Netty: HTTP/1.1 with keep-alive, bodies aggregated up to
 * {@link Config#maxBodyBytes} (larger ones get 413 {@code PAYLOAD_TOO_LARGE}), idle connections
 * closed, requests whose headers or body come too slowly answered 408 {@code REQUEST_TIMEOUT}
 * ({@link RequestDeadline}). Transaction submissions are answered on the I/O threads (no hand-off on the hot path); every
 * other route runs on a worker group, so store reads and long polls never block an I/O thread. Answers
 * keep request order on each connection, pipelined or not.
 */
public final class HttpApiServer implements AutoCloseable {
  /** Where and how the API listens. */
  public record Config(String host, int port, int maxBodyBytes, int workerThreads, int idleSeconds, int headerTimeoutMs) {
    /** Request headers must arrive within this of the request's first byte (Apache's RequestReadTimeout header=20). */
    public static final int DEFAULT_HEADER_TIMEOUT_MS = 20_000;

    public Config {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("rpc port must be 0..65535");
      if (maxBodyBytes < 1024) throw new IllegalArgumentException("max body must be at least 1 KiB");
      if (workerThreads < 1) throw new IllegalArgumentException("worker threads must be >= 1");
      if (headerTimeoutMs < 1) throw new IllegalArgumentException("header timeout must be positive");
    }

    public Config(String host, int port, int maxBodyBytes, int workerThreads, int idleSeconds) {
      this(host, port, maxBodyBytes, workerThreads, idleSeconds, DEFAULT_HEADER_TIMEOUT_MS);
    }

    public static Config of(String host, int port) {
      return new Config(host, port, 32 << 20, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 120);
    }
  }

  private final EventLoopGroup boss;
  private final EventLoopGroup io;
  private final EventExecutorGroup workers;
  private final Channel channel;

  /**
   * The HTTP/1.1 codec: request line up to 8 KiB, headers 16 KiB. Its own pipelining limit (requests read
   * but not answered, past which it drops the connection and the answers in flight with it) is set well
   * above {@link HttpApiHandler#MAX_IN_FLIGHT}, so that the handler's limit, which answers, is the one met.
   */
  static HttpServerCodec codec() {
    return new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(8192).setMaxHeaderSize(16384).setMaxChunkSize(16384),
        HttpApiHandler.MAX_IN_FLIGHT * 8);
  }

  /** Listens at once; when it cannot (the port taken) it stops its threads and throws (a BindException, undeclared). */
  public HttpApiServer(Config config, HttpRoutes routes) throws InterruptedException {
    boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    io = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
    workers = new DefaultEventExecutorGroup(config.workerThreads());
    try {
      channel = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              RequestDeadline deadline = new RequestDeadline(config.headerTimeoutMs(), config.maxBodyBytes());
              ch.pipeline()
                  .addLast(deadline.bytes())
                  .addLast(new IdleStateHandler(0, 0, config.idleSeconds(), TimeUnit.SECONDS) {
                    @Override
                    protected void channelIdle(ChannelHandlerContext ctx, io.netty.handler.timeout.IdleStateEvent e) {
                      ctx.close();
                    }
                  })
                  .addLast(codec())
                  .addLast(deadline.messages())
                  .addLast(new HttpObjectAggregator(config.maxBodyBytes()) {
                    @Override
                    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
                      // Through the handler, so that answers to earlier pipelined requests go first.
                      ctx.fireUserEventTriggered(new HttpApiHandler.Refusal(ApiResponse.error(413, "PAYLOAD_TOO_LARGE",
                          "request body is larger than " + config.maxBodyBytes() + " bytes")));
                    }
                  })
                  .addLast(new HttpApiHandler(routes, workers));
            }
          })
          .bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
    } catch (Throwable t) { // also the BindException that Netty's sync() throws undeclared
      close();
      throw t;
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    if (channel != null) channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    // I/O first (no new requests), then the workers; wait for both so that no route runs after close.
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
