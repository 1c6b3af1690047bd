package org.aitbc.chain.p2p;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.aitbc.chain.p2p.addr.AddressBook;
import org.aitbc.chain.p2p.sync.BlockSync;
import org.aitbc.chain.p2p.wire.WireFormat;

/**
 * Settings of a {@link P2pNetwork}; {@link #builder()} starts from the defaults.
 *
 * @param listenHost interface to bind ("0.0.0.0" = all)
 * @param listenPort TCP port; 0 picks a free one (see {@link P2pNetwork#listenPort()})
 * @param seeds static peers (--peer HOST:PORT), always kept connected, reconnected with backoff
 * @param maxInbound / maxOutbound connection limits; seeds count as outbound
 * @param maxFrameLength hard limit of one frame (header + body)
 * @param discourageTime how long an address that sent garbage (or another protocol or network) stays discouraged
 * @param banTime how long a node id banned for provable misbehaviour (or a host banned by hand) is refused
 * @param reconnectBase / reconnectMax exponential backoff for seeds (base, 2 base, 4 base, ... max)
 * @param tickInterval how often connections, sync stalls and the address book are looked after
 * @param dataDir where peers.dat is kept; empty = address book in memory only
 * @param banLoopback whether misbehaviour from 127.0.0.1/::1 discourages that address too (default false: on one
 *     machine every local node shares it; a misbehaving node id is banned either way)
 * @param foreignLimit how connections speaking another protocol (line-JSON, HTTP, TLS) slow their host down:
 *     a short window and an allowance, never a ban (see {@link ForeignProtocolLimiter})
 */
public record P2pConfig(String listenHost, int listenPort, List<HostPort> seeds, int maxInbound, int maxOutbound,
    int maxFrameLength, Duration handshakeTimeout, Duration pingInterval, Duration pongTimeout, Duration discourageTime,
    Duration banTime, Duration reconnectBase, Duration reconnectMax, Duration tickInterval, int ioThreads,
    String userAgent, int seenCapacity, Optional<Path> dataDir, AddressBook.Config addressBook,
    BlockSync.Config sync, boolean banLoopback, ForeignProtocolLimiter.Config foreignLimit) {

  public static final int DEFAULT_PORT = 9001;

  public P2pConfig {
    Objects.requireNonNull(listenHost);
    seeds = List.copyOf(seeds);
    Objects.requireNonNull(dataDir);
    Objects.requireNonNull(foreignLimit);
    if (listenPort < 0 || listenPort > 65535) throw new IllegalArgumentException("p2p port " + listenPort + " is not in 0..65535");
    if (maxInbound < 0 || maxOutbound < 0) throw new IllegalArgumentException("peer limits must not be negative");
    if (maxOutbound < seeds.size()) {
      throw new IllegalArgumentException(seeds.size() + " --peer seeds need at least as many outbound slots, but maxOutbound is " + maxOutbound);
    }
    if (maxFrameLength < 1024) throw new IllegalArgumentException("maxFrameLength " + maxFrameLength + " is below 1024 bytes");
    if (isNotPositive(pongTimeout) || isNotPositive(pingInterval) || isNotPositive(handshakeTimeout)) {
      throw new IllegalArgumentException("ping interval, pong timeout and handshake timeout must be positive");
    }
    if (reconnectBase.compareTo(reconnectMax) > 0) {
      throw new IllegalArgumentException("reconnect base " + reconnectBase + " is longer than reconnect max " + reconnectMax);
    }
    if (isNotPositive(discourageTime) || isNotPositive(banTime)) {
      throw new IllegalArgumentException("ban and discouragement times must be positive");
    }
  }

  private static boolean isNotPositive(Duration d) {
    return d.isNegative() || d.isZero();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.listenHost = listenHost;
    b.listenPort = listenPort;
    b.seeds = seeds;
    b.maxInbound = maxInbound;
    b.maxOutbound = maxOutbound;
    b.maxFrameLength = maxFrameLength;
    b.handshakeTimeout = handshakeTimeout;
    b.pingInterval = pingInterval;
    b.pongTimeout = pongTimeout;
    b.discourageTime = discourageTime;
    b.banTime = banTime;
    b.reconnectBase = reconnectBase;
    b.reconnectMax = reconnectMax;
    b.tickInterval = tickInterval;
    b.ioThreads = ioThreads;
    b.userAgent = userAgent;
    b.seenCapacity = seenCapacity;
    b.dataDir = dataDir;
    b.addressBook = addressBook;
    b.sync = sync;
    b.banLoopback = banLoopback;
    b.foreignLimit = foreignLimit;
    return b;
  }

  public static final class Builder {
    private String listenHost = "0.0.0.0";
    private int listenPort = DEFAULT_PORT;
    private List<HostPort> seeds = List.of();
    private int maxInbound = 32;
    private int maxOutbound = 8;
    private int maxFrameLength = WireFormat.DEFAULT_MAX_FRAME_LENGTH;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration pingInterval = Duration.ofSeconds(30);
    private Duration pongTimeout = Duration.ofSeconds(20);
    private Duration discourageTime = Duration.ofMinutes(10);
    private Duration banTime = Duration.ofHours(24);
    private Duration reconnectBase = Duration.ofSeconds(1);
    private Duration reconnectMax = Duration.ofMinutes(5);
    private Duration tickInterval = Duration.ofMillis(500);
    private int ioThreads = 2;
    private String userAgent = "aitbc-java/0.1";
    private int seenCapacity = 100_000;
    private Optional<Path> dataDir = Optional.empty();
    private AddressBook.Config addressBook = AddressBook.Config.defaults();
    private BlockSync.Config sync = BlockSync.Config.defaults();
    private boolean banLoopback = false;
    private ForeignProtocolLimiter.Config foreignLimit = ForeignProtocolLimiter.Config.defaults();

    public Builder foreignLimit(ForeignProtocolLimiter.Config c) {
      this.foreignLimit = c;
      return this;
    }

    public Builder banLoopback(boolean b) {
      this.banLoopback = b;
      return this;
    }

    public Builder listen(String host, int port) {
      this.listenHost = host;
      this.listenPort = port;
      return this;
    }

    public Builder seeds(List<HostPort> seeds) {
      this.seeds = seeds;
      return this;
    }

    public Builder limits(int maxInbound, int maxOutbound) {
      this.maxInbound = maxInbound;
      this.maxOutbound = maxOutbound;
      return this;
    }

    public Builder maxFrameLength(int bytes) {
      this.maxFrameLength = bytes;
      return this;
    }

    public Builder handshakeTimeout(Duration d) {
      this.handshakeTimeout = d;
      return this;
    }

    public Builder keepAlive(Duration pingInterval, Duration pongTimeout) {
      this.pingInterval = pingInterval;
      this.pongTimeout = pongTimeout;
      return this;
    }

    public Builder ban(Duration discourage, Duration ban) {
      this.discourageTime = discourage;
      this.banTime = ban;
      return this;
    }

    public Builder reconnect(Duration base, Duration max) {
      this.reconnectBase = base;
      this.reconnectMax = max;
      return this;
    }

    public Builder tickInterval(Duration d) {
      this.tickInterval = d;
      return this;
    }

    public Builder ioThreads(int n) {
      this.ioThreads = n;
      return this;
    }

    public Builder userAgent(String ua) {
      this.userAgent = ua;
      return this;
    }

    public Builder seenCapacity(int n) {
      this.seenCapacity = n;
      return this;
    }

    public Builder dataDir(Path dir) {
      this.dataDir = Optional.ofNullable(dir);
      return this;
    }

    public Builder addressBook(AddressBook.Config c) {
      this.addressBook = c;
      return this;
    }

    public Builder sync(BlockSync.Config c) {
      this.sync = c;
      return this;
    }

    public P2pConfig build() {
      return new P2pConfig(listenHost, listenPort, seeds, maxInbound, maxOutbound, maxFrameLength, handshakeTimeout,
          pingInterval, pongTimeout, discourageTime, banTime, reconnectBase, reconnectMax, tickInterval, ioThreads,
          userAgent, seenCapacity, dataDir, addressBook, sync, banLoopback, foreignLimit);
    }
  }
}
