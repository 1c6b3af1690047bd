package org.aitbc.chain.rpc.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aitbc.chain.consensus.ChainEngine;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.rpc.NodeApi;
import org.aitbc.chain.rpc.grpc.proto.ChainGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC API of a node (service {@code aitbc.v1.Chain} of {@code aitbc.proto}) on HTTP/2 with
 * grpc-netty-shaded, plus the standard health service ({@code grpc.health.v1.Health}: "" and
 * {@code aitbc.v1.Chain} are SERVING while the server runs) and server reflection (v1 and v1alpha), so
 * generic tools such as grpcurl work without the .proto file.
 *
 * <p>Streams run on a small executor of their own: the engine's block listener only hands each new
 * block over, and every stream sends only while its client is ready (see {@link StreamPump}).
 *
 * <p>The server's event loops are its own, not grpc-java's shared ones: a server that fails to bind
 * never releases the shared loops (their threads would outlive a node whose start failed), while its
 * own are shut down with it, on {@link #close} and when {@link #start} fails.
 */
public final class GrpcServer implements AutoCloseable {
  public static final int DEFAULT_PORT = 8007;
  private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

  /**
   * Where and how the gRPC API listens.
   *
   * @param port 0 picks a free port (see {@link GrpcServer#port()})
   * @param maxStreams server streams (subscriptions and ranges) open at once; more are refused with
   *     RESOURCE_EXHAUSTED
   * @param messageBatch messages read from the store per step of a message stream
   * @param blockBatch blocks per step of a block stream
   * @param stallTimeoutMs a stream whose client reads nothing this long while the node has more for it
   *     is ended with RESOURCE_EXHAUSTED (the client resumes from its last cursor or height)
   * @param streamThreads threads that read the store and send for all streams
   * @param maxInboundMessageBytes largest request accepted
   */
  public record Config(String host, int port, int maxStreams, int messageBatch, int blockBatch, long stallTimeoutMs,
      int streamThreads, int maxInboundMessageBytes) {
    public Config {
      if (host == null || host.isEmpty()) throw new IllegalArgumentException("grpc host must not be empty");
      if (port < 0 || port > 65535) throw new IllegalArgumentException("grpc port must be 0..65535");
      if (maxStreams < 1) throw new IllegalArgumentException("grpc max streams must be >= 1");
      if (messageBatch < 1 || messageBatch > NodeApi.MAX_LIST) {
        throw new IllegalArgumentException("grpc message batch must be 1.." + NodeApi.MAX_LIST);
      }
      if (blockBatch < 1) throw new IllegalArgumentException("grpc block batch must be >= 1");
      if (stallTimeoutMs < 1) throw new IllegalArgumentException("grpc stall timeout must be >= 1 ms");
      if (streamThreads < 1) throw new IllegalArgumentException("grpc stream threads must be >= 1");
      if (maxInboundMessageBytes < 1024) throw new IllegalArgumentException("grpc max inbound message must be >= 1 KiB");
    }

    public static Config of(String host, int port) {
      return new Config(host, port, 4096, 64, 16, 30_000, 2, 4 << 20);
    }

    public Config withStallTimeoutMs(long ms) {
      return new Config(host, port, maxStreams, messageBatch, blockBatch, ms, streamThreads, maxInboundMessageBytes);
    }

    public Config withMaxStreams(int n) {
      return new Config(host, port, n, messageBatch, blockBatch, stallTimeoutMs, streamThreads, maxInboundMessageBytes);
    }
  }

  private final Server server;
  private final HealthStatusManager health;
  private final StreamHub hub;
  private final ScheduledExecutorService streams;
  private final EventLoopGroup loops;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private GrpcServer(Server server, HealthStatusManager health, StreamHub hub, ScheduledExecutorService streams,
      EventLoopGroup loops) {
    this.server = server;
    this.loops = loops;
    this.health = health;
    this.hub = hub;
    this.streams = streams;
  }

  /** Starts the API on {@code host:port} with the default limits; what the node wiring calls. */
  public static GrpcServer start(String host, int port, NodeApi api, ChainEngine engine, ChainStore store)
      throws IOException {
    return start(Config.of(host, port), api, engine, store);
  }

  /**
   * Starts the API. It listens to {@code engine} for new heads from now on (when closed it ignores
   * them). Throws IOException when it cannot listen (port taken, bad host).
   */
  @SuppressWarnings("deprecation") // v1alpha reflection, still what many grpcurl builds ask first
  public static GrpcServer start(Config config, NodeApi api, ChainEngine engine, ChainStore store) throws IOException {
    ScheduledExecutorService streams = Executors.newScheduledThreadPool(config.streamThreads(), daemonThreads("grpc-streams-"));
    StreamHub hub = new StreamHub(streams, config.maxStreams());
    HealthStatusManager health = new HealthStatusManager();
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
        daemonThreads("grpc-loop-"), NioIoHandler.newFactory());
    Server server = NettyServerBuilder
        .forAddress(new InetSocketAddress(config.host(), config.port()), InsecureServerCredentials.create())
        .channelType(NioServerSocketChannel.class).bossEventLoopGroup(loops).workerEventLoopGroup(loops)
        .maxInboundMessageSize(config.maxInboundMessageBytes())
        .addService(ServerInterceptors.intercept(new ChainService(api, store, hub, streams, config), new ClientAddress()))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .addService(io.grpc.protobuf.services.ProtoReflectionService.newInstance())
        .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      server.shutdownNow();
      streams.shutdownNow();
      stopLoops(loops);
      throw e;
    }
    engine.addListener(hub);
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    health.setStatus(ChainGrpc.SERVICE_NAME, ServingStatus.SERVING);
    GrpcServer g = new GrpcServer(server, health, hub, streams, loops);
    log.debug("gRPC API listening on {}:{}", config.host(), g.port());
    return g;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  /** Server streams open now (subscriptions and ranges). */
  public int openStreams() {
    return hub.openStreams();
  }

  /** What the health service reports for "" and aitbc.v1.Chain (e.g. NOT_SERVING while far behind in sync). */
  public void setServing(boolean serving) {
    ServingStatus s = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, s);
    health.setStatus(ChainGrpc.SERVICE_NAME, s);
  }

  /**
   * Reports NOT_SERVING, ends every open stream with UNAVAILABLE (clients resume from their last
   * cursor elsewhere or later), then stops listening; waits at most a few seconds.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    health.enterTerminalState();
    hub.closeAll(Refusals.of(Status.UNAVAILABLE, "SHUTTING_DOWN", "the node is shutting down; resume from your last cursor"));
    server.shutdown();
    try {
      if (!server.awaitTermination(3, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    streams.shutdownNow();
    stopLoops(loops);
  }

  private static void stopLoops(EventLoopGroup loops) {
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
