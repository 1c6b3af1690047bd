package org.aitbc.chain.p2p;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.addr.AddressBook;
import org.aitbc.chain.p2p.gossip.SeenSet;
import org.aitbc.chain.p2p.handshake.Handshake;
import org.aitbc.chain.p2p.message.InvItem;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.aitbc.chain.p2p.message.PeerAddress;
import org.aitbc.chain.p2p.pipeline.PeerPipeline;
import org.aitbc.chain.p2p.pipeline.PeerStats;
import org.aitbc.chain.p2p.pipeline.ViolationListener;
import org.aitbc.chain.p2p.sync.BlockSync;
import org.aitbc.chain.p2p.wire.Violation;
import org.aitbc.chain.p2p.wire.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The P2P network of one node: a TCP listener, outbound connections (static seeds, then addresses
 * from the {@link AddressBook}), per-peer pipelines ({@link PeerPipeline}), misbehaviour scores and
 * bans, gossip relay of transactions and blocks, address gossip, and block sync ({@link BlockSync}).
 *
 * <p>Threads: Netty's I/O threads only frame, decode and run the handshake and keep-alive. Every
 * protocol decision and every {@link ChainView} call happens on one logic thread, so the peer table,
 * the seen-sets, the address book and sync need no locks. Public methods may be called from any
 * thread.
 *
 * <p>Relay: an accepted tx or a new block is announced by "inv" to every peer not known to have it;
 * a peer is known to have a hash when it announced or sent it, or when we announced it to the peer.
 * So nothing is sent back where it came from and nothing circulates. When a handshake completes,
 * the new peer is told what it may have missed while it was not connected: the hashes of the pending
 * transactions (so a tx accepted while this node had no peer still spreads), and our tip if it is
 * higher than the height our version message gave.
 */
public final class P2pNetwork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(P2pNetwork.class);
  private static final int KNOWN_PER_PEER = 50_000;
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final long TX_REQUEST_TIMEOUT_MS = 30_000;
  private static final long BOOK_SAVE_INTERVAL_MS = 30_000;
  /** At most this many pending tx hashes are announced to a peer when its handshake completes. */
  static final int MAX_PENDING_ANNOUNCED = 50_000;
  /** Upper bound of the encoded size of one inv item (type and 32-byte hash with protobuf tags). */
  private static final int INV_ITEM_BYTES = 40;

  private record Tip(long height, Bytes hash) {}

  private record TxRequest(long peer, long atMs) {}

  /** A connection that lasts this long clears the backoff of the address it was dialed to. */
  static final long STABLE_CONNECTION_MS = 60_000;

  private static final class SeedState {
    int failures;
    long nextAttemptMs;
    boolean self;
  }

  private final P2pConfig config;
  private final ChainView chain;
  private final KeyPair nodeKey;
  private final Clock clock;
  private final Random random;
  private final PeerPipeline.Settings settings;
  private final AddressBook book;
  private final BanList bans;
  private final ForeignProtocolLimiter foreign;
  private final BlockSync sync;
  private final ClockOffsets clockOffsets = new ClockOffsets();
  private final ShownHeights shown;
  private final ScheduledExecutorService logic;
  private final Map<Long, Peer> peers = new ConcurrentHashMap<>();
  private final Set<Long> localNonces = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger inbound = new AtomicInteger();
  private final PeerStats total = new PeerStats();
  private final AtomicLong banCount = new AtomicLong();
  private final AtomicLong discourageCount = new AtomicLong();
  private final AtomicLong banExemptCount = new AtomicLong();
  private final AtomicLong violationCount = new AtomicLong();
  private final AtomicLong refusedCount = new AtomicLong();
  private final AtomicLong txsRelayed = new AtomicLong();
  private final AtomicLong blocksAnnounced = new AtomicLong();
  private final AtomicLong addressDials = new AtomicLong();
  // logic thread only
  private static final long TX_TRICKLE_MS = 20;
  /** Inbound connections open at a time from one discouraged address. */
  static final int DISCOURAGED_INBOUND_PER_HOST = 4;
  private final SeenSet seenTx;
  private final java.util.concurrent.ConcurrentLinkedQueue<Bytes> txAnnouncements = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean txAnnounceScheduled = new java.util.concurrent.atomic.AtomicBoolean();
  private final Map<Bytes, TxRequest> txRequests = new HashMap<>();
  private final Map<HostPort, SeedState> seeds = new LinkedHashMap<>();
  private final Set<HostPort> pending = new HashSet<>();
  private final Set<HostPort> selfAddresses = new HashSet<>();
  private long lastBookSave;

  private volatile Tip tip;
  private volatile SyncStatus syncStatus;
  private volatile int boundPort;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel server;
  private volatile boolean closed;

  public P2pNetwork(P2pConfig config, ChainView chain, KeyPair nodeKey, Clock clock, Random random) {
    this.config = config;
    this.chain = chain;
    this.nodeKey = nodeKey;
    this.clock = clock;
    this.random = random;
    this.settings = new PeerPipeline.Settings(WireFormat.magic(chain.genesisHash()), config.maxFrameLength(),
        config.handshakeTimeout().toMillis(), config.pingInterval().toMillis(), config.pongTimeout().toMillis());
    this.book = new AddressBook(config.addressBook(), config.dataDir(), clock, random);
    this.bans = new BanList(clock, config.banLoopback(), config.banTime(), config.discourageTime(), config.dataDir());
    this.foreign = new ForeignProtocolLimiter(config.foreignLimit(), clock);
    this.seenTx = new SeenSet(config.seenCapacity());
    this.sync = new BlockSync(chain, new SyncActions(), config.sync());
    this.shown = new ShownHeights(config.sync().maxQueued());
    this.tip = new Tip(chain.bestHeight(), chain.bestHash());
    this.syncStatus = status();
    for (HostPort s : config.seeds()) seeds.put(s, new SeedState());
    this.logic = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "p2p-logic-" + INSTANCES.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Binds the listener and starts dialing the seeds. When it cannot listen (the port taken: a
   * {@link java.net.BindException}) it closes itself, so no thread is left, and throws.
   */
  public void start() throws InterruptedException {
    boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
    try {
      server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              acceptInbound(ch);
            }
          })
          .bind(new InetSocketAddress(config.listenHost(), config.listenPort())).sync().channel();
    } catch (Throwable t) { // also the BindException that Netty's sync() throws undeclared
      close();
      throw t;
    }
    boundPort = ((InetSocketAddress) server.localAddress()).getPort();
    long tickMs = config.tickInterval().toMillis();
    logic.scheduleWithFixedDelay(() -> guarded(this::tick), 0, tickMs, TimeUnit.MILLISECONDS);
    LOG.debug("p2p listening on {}:{} as node {}", config.listenHost(), boundPort, nodeKey.publicKey().hex());
  }

  /** The port actually bound (useful with port 0). */
  public int listenPort() {
    return boundPort;
  }

  public Bytes nodeId() {
    return nodeKey.publicKey();
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    logic.shutdown(); // first: no more ticks or dials; events of closing channels are dropped
    try {
      if (!logic.awaitTermination(5, TimeUnit.SECONDS)) LOG.warn("p2p logic thread did not stop in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (server != null) server.close().syncUninterruptibly();
    for (Peer p : peers.values()) p.channel.close();
    if (workers != null) workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    if (boss != null) boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    try {
      book.saveIfDirty();
    } catch (IOException e) {
      LOG.warn("could not save the address book: {}", e.getMessage());
    }
  }

  // ---------------------------------------------------------------- API for the node

  /** Announce a tx the node accepted from a client (RPC) to all peers. */
  public void announceTx(Bytes hash) {
    // Trickled, as Bitcoin does: announcements wait up to TX_TRICKLE_MS, so that under load many
    // submissions share one wake-up of the logic thread and one inv per peer (a tx waits ~1 block anyway).
    txAnnouncements.add(hash);
    if (txAnnounceScheduled.compareAndSet(false, true)) {
      try {
        logic.schedule(() -> guarded(this::flushTxAnnouncements), TX_TRICKLE_MS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // shutting down
      }
    }
  }

  private void flushTxAnnouncements() {
    txAnnounceScheduled.set(false);
    List<InvItem> items = new ArrayList<>();
    for (Bytes h = txAnnouncements.poll(); h != null; h = txAnnouncements.poll()) {
      seenTx.add(h);
      items.add(InvItem.tx(h));
    }
    relayAll(items, null);
  }

  /** Announce a block the node produced (or imported by other means) to all peers at once. */
  public void announceBlock(Bytes hash) {
    run(() -> {
      refreshTip();
      blocksAnnounced.incrementAndGet();
      relay(InvItem.block(hash), null);
    });
  }

  /** Add a static peer at run time (kept connected like a --peer seed). */
  public void addSeed(HostPort peer) {
    run(() -> seeds.putIfAbsent(peer, new SeedState()));
  }

  /** Ban a host by hand (persisted; also closes its connections). */
  public void ban(String host, Duration time) {
    bans.banHost(host, time, "banned by hand");
    banCount.incrementAndGet();
    for (Peer p : peers.values()) if (p.remote.host().equals(host)) p.channel.close();
  }

  /** Whether {@code host} is banned (by hand); a host is never banned for misbehaviour, only discouraged. */
  public boolean isBanned(String host) {
    return bans.isHostBanned(host);
  }

  public boolean isDiscouraged(String host) {
    return bans.isDiscouraged(host);
  }

  public boolean isNodeBanned(Bytes nodeId) {
    return bans.isNodeBanned(nodeId);
  }

  /** Bans and discouragements in force, for {@code /rpc/bans} and {@code bin/aitbc node bans}. */
  public List<BanList.Ban> bans() {
    return bans.list();
  }

  /** Lifts the bans and the discouragement matching a host or node id (hex, or a prefix of 8+ digits). */
  public List<BanList.Ban> liftBans(String target) {
    List<BanList.Ban> lifted = bans.lift(target);
    for (BanList.Ban b : lifted) LOG.info("lifted {} {} (was: {})", b.kind().name().toLowerCase(java.util.Locale.ROOT), b.target(), b.reason());
    return lifted;
  }

  public List<BanList.Ban> liftAllBans() {
    List<BanList.Ban> lifted = bans.liftAll();
    if (!lifted.isEmpty()) LOG.info("lifted all {} bans and discouragements", lifted.size());
    return lifted;
  }

  /** Peers whose handshake completed, for /rpc/peers. */
  public List<PeerInfo> peers() {
    List<PeerInfo> out = new ArrayList<>();
    for (Peer p : peers.values()) {
      P2pMessage.Version v = p.version;
      if (v == null || p.closed || !p.channel.isActive()) continue;
      long ping = p.stats.pingMicros();
      HostPort listen = p.listen;
      out.add(new PeerInfo(p.id, p.remote, listen == null ? "" : listen.toString(), p.direction, v.protocolVersion(),
          v.userAgent(), p.bestHeight, ping < 0 ? -1 : ping / 1000.0, p.stats.bytesIn(), p.stats.bytesOut(), p.score,
          v.nodeId(), p.connectedAtMs));
    }
    out.sort(Comparator.comparingLong(PeerInfo::id));
    return out;
  }

  public P2pMetrics metrics() {
    List<PeerInfo> ps = peers();
    int in = (int) ps.stream().filter(p -> p.direction() == Direction.INBOUND).count();
    return new P2pMetrics(ps.size(), in, ps.size() - in, total.bytesIn(), total.bytesOut(), banCount.get(),
        bans.activeCount(), discourageCount.get(), banExemptCount.get(), violationCount.get(), refusedCount.get(), foreign.stats(),
        txsRelayed.get(), syncStatus.blocksImported(), blocksAnnounced.get(), syncStatus,
        addressDials.get());
  }

  public SyncStatus syncStatus() {
    return syncStatus;
  }

  /** Median of the peers' clocks minus ours, in ms (positive: ours is slow); empty before the first peer. */
  public java.util.OptionalLong clockOffsetMs() {
    return clockOffsets.medianMs();
  }

  /** Whether our clock is more than 2 s away from the median of our peers' ({@link ClockOffsets}). */
  public boolean clockWarning() {
    return clockOffsets.warning();
  }

  /** Number of addresses in the address book. */
  public int knownAddresses() {
    return book.size();
  }

  // ---------------------------------------------------------------- connections

  private void acceptInbound(SocketChannel ch) {
    InetSocketAddress ra = ch.remoteAddress();
    HostPort remote = HostPort.of(ra);
    if (closed || bans.isHostBanned(remote.host())) {
      refusedCount.incrementAndGet();
      LOG.debug("refusing banned {}", remote);
      ch.close();
      return;
    }
    if (bans.isDiscouraged(remote.host()) && !admitDiscouraged(remote.host())) {
      refusedCount.incrementAndGet();
      ch.close();
      return;
    }
    if (!foreign.admit(remote.host())) { // logged by the limiter, once per window
      refusedCount.incrementAndGet();
      ch.close();
      return;
    }
    if (inbound.incrementAndGet() > config.maxInbound()) {
      inbound.decrementAndGet();
      refusedCount.incrementAndGet();
      LOG.debug("refusing {}: {} inbound peers already", remote, config.maxInbound());
      ch.close();
      return;
    }
    ch.closeFuture().addListener(f -> inbound.decrementAndGet());
    setup(ch, Direction.INBOUND, remote, null, false);
  }

  private void dial(HostPort target, boolean seed) {
    if (closed) return;
    pending.add(target);
    if (!seed) {
      book.attempt(target);
      addressDials.incrementAndGet();
    }
    new Bootstrap().group(workers).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000).option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            setup(ch, Direction.OUTBOUND, target, target, seed);
          }
        })
        .connect(target.host(), target.port())
        .addListener((ChannelFuture f) -> run(() -> {
          pending.remove(target);
          if (!f.isSuccess()) {
            LOG.debug("connecting to {} failed: {}", target, f.cause().toString());
            if (seed) seedFailed(target);
          }
        }));
  }

  private void setup(SocketChannel ch, Direction direction, HostPort remote, HostPort dialed, boolean seed) {
    long nonce = random.nextLong();
    while (!localNonces.add(nonce)) nonce = random.nextLong();
    final long myNonce = nonce;
    Peer p = new Peer(ids.incrementAndGet(), ch, direction, remote, dialed, seed, clock.millis(), KNOWN_PER_PEER);
    peers.put(p.id, p);
    Tip t = tip;
    p.advertisedHeight = t.height();
    P2pMessage.Version ours = Handshake.version(nodeKey, chain.chainId(), chain.genesisHash(), t.height(), t.hash(),
        "", boundPort, config.userAgent(), myNonce, clock.millis());
    Handshake handshake = new Handshake(ours, localNonces::contains);
    PeerHandler application = new PeerHandler(p, new Events());
    ViolationListener violations = (c, v, detail) -> run(() -> onViolation(p, v, detail));
    if (direction == Direction.INBOUND) {
      PeerPipeline.installInbound(ch.pipeline(), settings, handshake, p.stats, total, random::nextLong, application,
          violations, (c, protocol) -> foreign.foreign(remote, protocol));
    } else {
      PeerPipeline.install(ch.pipeline(), settings, handshake, p.stats, total, random::nextLong, application, violations);
    }
    ch.closeFuture().addListener(f -> {
      localNonces.remove(myNonce);
      run(() -> onClosed(p));
    });
  }

  private void tick() {
    long now = clock.millis();
    refreshTip();
    for (Map.Entry<HostPort, SeedState> s : seeds.entrySet()) {
      SeedState st = s.getValue();
      if (st.self || pending.contains(s.getKey()) || connectedTo(s.getKey()) || now < st.nextAttemptMs) continue;
      if (bans.isHostBanned(s.getKey().host())) continue;
      dial(s.getKey(), true);
    }
    int outbound = pending.size();
    for (Peer p : peers.values()) if (p.direction == Direction.OUTBOUND && !p.closed) outbound++;
    for (int tries = 0; outbound < config.maxOutbound() && tries < 3; tries++) {
      Set<HostPort> exclude = new HashSet<>(pending);
      exclude.addAll(seeds.keySet());
      exclude.addAll(selfAddresses);
      for (Peer p : peers.values()) {
        if (p.dialed != null) exclude.add(p.dialed);
        if (p.listen != null) exclude.add(p.listen);
      }
      Optional<HostPort> candidate = book.select(exclude);
      if (candidate.isEmpty()) break;
      if (bans.isHostBanned(candidate.get().host()) || bans.isDiscouraged(candidate.get().host())) {
        book.attempt(candidate.get()); // back off from it
        continue;
      }
      dial(candidate.get(), false);
      outbound++;
    }
    txRequests.values().removeIf(r -> now - r.atMs() > TX_REQUEST_TIMEOUT_MS);
    sync.tick(now);
    shown.prune(chain::hasBlock);
    syncStatus = status();
    if (now - lastBookSave >= BOOK_SAVE_INTERVAL_MS) {
      lastBookSave = now;
      try {
        book.saveIfDirty();
      } catch (IOException e) {
        LOG.warn("could not save the address book: {}", e.getMessage());
      }
    }
  }

  private boolean connectedTo(HostPort address) {
    for (Peer p : peers.values()) {
      if (p.closed) continue;
      if (address.equals(p.dialed) || address.equals(p.listen)) return true;
    }
    return false;
  }

  private void seedFailed(HostPort seed) {
    SeedState st = seeds.get(seed);
    if (st == null) return;
    st.failures++;
    long base = config.reconnectBase().toMillis();
    long delay = Math.min(config.reconnectMax().toMillis(), base << Math.min(st.failures - 1, 30));
    st.nextAttemptMs = clock.millis() + delay;
  }

  // ---------------------------------------------------------------- peer events (logic thread)

  private final class Events implements PeerHandler.Events {
    @Override
    public void onReady(Peer peer, P2pMessage.Version version) {
      run(() -> P2pNetwork.this.onReady(peer, version));
    }

    @Override
    public void onMessage(Peer peer, P2pMessage message) {
      // Lets the chain start decoding a block on another thread before the logic thread reaches it (it may
      // be busy importing the one before).
      if (message instanceof P2pMessage.Block b) chain.blockArrived(b.json().unsafeArray());
      run(() -> {
        try {
          handle(peer, message);
        } finally {
          PeerHandler.handled(peer);
        }
      });
    }
  }

  private void onReady(Peer p, P2pMessage.Version v) {
    if (p.closed) return;
    long now = clock.millis();
    if (bans.isNodeBanned(v.nodeId())) {
      refusedCount.incrementAndGet();
      LOG.debug("refusing {}: node {} is banned", p, v.nodeId());
      p.channel.close();
      return;
    }
    if (v.nodeId().equals(nodeKey.publicKey())) { // ourselves under another nonce (e.g. a second instance of this key)
      if (p.dialed != null) {
        markSelf(p.dialed);
      }
      p.channel.close();
      return;
    }
    for (Peer other : peers.values()) {
      if (other == p || !other.ready() || !other.version.nodeId().equals(v.nodeId())) continue;
      Peer keep = preferred(other, p, v.nodeId());
      Peer drop = keep == p ? other : p;
      LOG.debug("duplicate connection to node {}: keeping {}, closing {}", v.nodeId(), keep, drop);
      drop.channel.close();
      if (drop == p) return;
    }
    clockOffsets.add(v.nodeId(), v.timestampMs(), now); // before the peer shows as connected
    p.version = v;
    p.bestHeight = v.bestHeight();
    if (p.direction == Direction.OUTBOUND) {
      p.listen = p.dialed;
      book.good(p.dialed, v.nodeId());
      p.send(new P2pMessage.GetAddr());
    } else if (v.listenPort() > 0) {
      p.listen = new HostPort(p.remote.host(), v.listenPort());
      book.addTrusted(new PeerAddress(p.listen, now, v.nodeId()));
    }
    // Only addresses we dialed ourselves: advertising inbound peers made others dial nodes already on their
    // way to them, and the duplicate connections that followed disturbed sync.
    if (p.direction == Direction.OUTBOUND && p.listen != null) advertise(p, new PeerAddress(p.listen, now, v.nodeId()));
    LOG.info("connected {} node {} height {} agent {}", p, v.nodeId().hex().substring(0, 16), v.bestHeight(), v.userAgent());
    shown.peerReady(p.id);
    sync.peerReady(p.id, v.bestHeight(), now);
    syncStatus = status();
    announceMissed(p, v);
  }

  /**
   * What a peer that just completed its handshake may have missed: announcements go only to ready
   * peers, so a block sealed while it was shaking hands (our version gave the older height) and
   * transactions accepted before it connected were never announced to it.
   */
  private void announceMissed(Peer p, P2pMessage.Version v) {
    refreshTip();
    Tip t = tip;
    if (t.height() > p.advertisedHeight && t.height() > v.bestHeight() && p.known.add(t.hash())) {
      p.send(new P2pMessage.Inv(List.of(InvItem.block(t.hash()))));
    }
    sendUnknown(p, chain.pendingTxHashes(MAX_PENDING_ANNOUNCED).stream().map(InvItem::tx).toList());
  }

  /** Inv items that fit in one message: the protocol's limit, and the frame length. */
  int invItemsPerMessage() {
    int byFrame = (config.maxFrameLength() - WireFormat.HEADER_LENGTH - 64) / INV_ITEM_BYTES;
    return Math.max(1, Math.min(P2pMessage.Limits.MAX_INV, byFrame));
  }

  /** Of two connections to one node, both sides keep the one opened by the smaller node id (else the older). */
  private Peer preferred(Peer a, Peer b, Bytes peerId) {
    Bytes me = nodeKey.publicKey();
    Bytes smaller = me.compareTo(peerId) < 0 ? me : peerId;
    boolean aByPreferred = (a.direction == Direction.OUTBOUND ? me : peerId).equals(smaller);
    boolean bByPreferred = (b.direction == Direction.OUTBOUND ? me : peerId).equals(smaller);
    if (aByPreferred != bByPreferred) return aByPreferred ? a : b;
    return a.id < b.id ? a : b;
  }

  private void onClosed(Peer p) {
    if (p.closed) return;
    p.closed = true;
    peers.remove(p.id);
    long now = clock.millis();
    sync.peerGone(p.id, now);
    shown.peerGone(p.id);
    syncStatus = status();
    txRequests.values().removeIf(r -> r.peer() == p.id);
    book.forgetSource(p.sourceKey());
    // Backoff is cleared only by a connection that lasted: one closed soon after its handshake (the other
    // side banned us, or is full) counts as a failure, so it is redialed ever less often, not in a loop.
    boolean lasted = p.version != null && now - p.connectedAtMs >= STABLE_CONNECTION_MS;
    if (lasted && p.dialed != null) book.stable(p.dialed);
    if (p.seed) {
      SeedState st = seeds.get(p.dialed);
      if (lasted && st != null) st.failures = 0;
      seedFailed(p.dialed);
    }
    if (p.version != null) LOG.info("disconnected {}", p);
  }

  private void onViolation(Peer p, Violation v, String detail) {
    violationCount.incrementAndGet();
    if (v == Violation.SELF_CONNECTION && p.dialed != null) markSelf(p.dialed);
    if ((v == Violation.WRONG_GENESIS || v == Violation.WRONG_CHAIN_ID || v == Violation.PEER_REJECTED_US)
        && p.dialed != null) {
      book.remove(p.dialed);
    }
    score(p, v, detail);
  }

  private void markSelf(HostPort address) {
    selfAddresses.add(address);
    book.remove(address);
    SeedState st = seeds.get(address);
    if (st != null) st.self = true;
  }

  /**
   * Closes the connection and applies the violation's penalty (see {@link BanList}): nothing more, a short
   * discouragement of the address, or a ban of the node id that completed the handshake. One log line says
   * exactly what was done.
   */
  private void score(Peer p, Violation v, String detail) {
    p.score += v.score();
    P2pMessage.Version ver = p.version;
    BanList.Outcome o = bans.penalize(p.remote.host(), Optional.ofNullable(ver).map(P2pMessage.Version::nodeId), v, detail);
    if (o.nodeBan().isPresent()) banCount.incrementAndGet();
    if (o.discouragement().isPresent()) discourageCount.incrementAndGet();
    if (o.exemption().isPresent()) banExemptCount.incrementAndGet();
    if (o.penalty() == Violation.Penalty.NONE) LOG.debug("{}: {}", p, o.text());
    else LOG.warn("{}: {}", p, o.text());
    p.channel.close();
  }

  /**
   * Whether one more inbound connection from a discouraged address is taken: only while few connections from it
   * are open and most inbound slots are free, so that the honest nodes behind that address still get in while
   * the one that sent garbage cannot crowd out everyone else.
   */
  private boolean admitDiscouraged(String host) {
    int fromHost = 0;
    for (Peer q : peers.values()) if (!q.closed && q.direction == Direction.INBOUND && q.remote.host().equals(host)) fromHost++;
    if (fromHost < DISCOURAGED_INBOUND_PER_HOST && inbound.get() < config.maxInbound() * 3 / 4) return true;
    LOG.debug("refusing {}: discouraged, {} connections from it, {} inbound", host, fromHost, inbound.get());
    return false;
  }

  // ---------------------------------------------------------------- messages (logic thread)

  private void handle(Peer p, P2pMessage m) {
    if (p.closed || p.version == null) return;
    long now = clock.millis();
    if (m instanceof P2pMessage.GetAddr) {
      if (!p.answeredGetAddr) {
        p.answeredGetAddr = true;
        p.send(new P2pMessage.Addr(book.sample(P2pMessage.Limits.MAX_ADDR)));
      }
    } else if (m instanceof P2pMessage.Addr a) {
      onAddr(p, a);
    } else if (m instanceof P2pMessage.Inv inv) {
      onInv(p, inv, now);
    } else if (m instanceof P2pMessage.GetData g) {
      onGetData(p, g);
    } else if (m instanceof P2pMessage.NotFound n) {
      List<Bytes> blocks = new ArrayList<>();
      for (InvItem i : n.items()) {
        if (i.type() == InvItem.Type.TX) txRequests.remove(i.hash());
        else blocks.add(i.hash());
      }
      if (!blocks.isEmpty()) {
        shown.notFound(p.id, blocks);
        sync.notFound(p.id, blocks, now);
      }
    } else if (m instanceof P2pMessage.Tx t) {
      onTx(p, t);
    } else if (m instanceof P2pMessage.Block b) {
      sync.block(p.id, b.json().unsafeArray(), now);
      long h = sync.peerHeight(p.id);
      if (h > p.bestHeight) p.bestHeight = h;
      refreshTip();
      syncStatus = status();
    } else if (m instanceof P2pMessage.GetBlocks g) {
      List<InvItem> items = new ArrayList<>();
      for (Bytes h : chain.hashesAfter(g.locator(), g.stopHash(), config.sync().invBatch())) items.add(InvItem.block(h));
      p.send(new P2pMessage.Inv(items)); // always answered, even empty: silence would look like a stall
    } else if (m instanceof P2pMessage.Reject r) {
      LOG.info("{} rejected our {}: {} {}", p, r.rejectedCommand(), r.code(), r.detail());
    }
  }

  /**
   * Tells up to two other peers about a node we just connected to, so that a peer that asked for
   * addresses before this connection existed still learns it (the getaddr answer is given once).
   */
  private void advertise(Peer source, PeerAddress address) {
    List<Peer> others = new ArrayList<>();
    for (Peer q : peers.values()) if (q != source && q.ready()) others.add(q);
    if (others.isEmpty()) return;
    others.sort(Comparator.comparingLong(q -> q.id));
    java.util.Collections.shuffle(others, random);
    for (Peer q : others.subList(0, Math.min(2, others.size()))) q.send(new P2pMessage.Addr(List.of(address)));
  }

  private void onAddr(Peer p, P2pMessage.Addr a) {
    List<PeerAddress> fresh = new ArrayList<>();
    for (PeerAddress pa : a.addresses()) if (!book.contains(pa.endpoint())) fresh.add(pa);
    book.add(a.addresses(), p.sourceKey(), p.remote.host());
    // relay small announcements of addresses new to us, to two other peers (Bitcoin-style)
    List<PeerAddress> relay = new ArrayList<>();
    long now = clock.millis();
    for (PeerAddress pa : fresh) if (book.contains(pa.endpoint()) && pa.lastSeenMs() > now - 600_000) relay.add(pa);
    if (a.addresses().size() <= 10 && !relay.isEmpty()) {
      List<Peer> others = new ArrayList<>();
      for (Peer q : peers.values()) if (q != p && q.ready()) others.add(q);
      others.sort(Comparator.comparingLong(q -> q.id));
      java.util.Collections.shuffle(others, random);
      for (Peer q : others.subList(0, Math.min(2, others.size()))) q.send(new P2pMessage.Addr(relay));
    }
  }

  private void onInv(Peer p, P2pMessage.Inv inv, long now) {
    List<InvItem> wantTx = new ArrayList<>();
    List<Bytes> blocks = new ArrayList<>();
    for (InvItem i : inv.items()) {
      p.known.add(i.hash());
      if (i.type() == InvItem.Type.BLOCK) {
        blocks.add(i.hash());
        if (!chain.hasBlock(i.hash())) shown.shown(p.id, i.hash());
      } else if (!seenTx.contains(i.hash()) && !txRequests.containsKey(i.hash()) && !chain.hasTx(i.hash())) {
        txRequests.put(i.hash(), new TxRequest(p.id, now));
        wantTx.add(i);
      }
    }
    if (!wantTx.isEmpty()) p.send(new P2pMessage.GetData(wantTx));
    if (!blocks.isEmpty() || inv.items().isEmpty()) {
      sync.blockInv(p.id, blocks, now);
      syncStatus = status();
    }
  }

  private void onGetData(Peer p, P2pMessage.GetData g) {
    List<InvItem> missing = new ArrayList<>();
    for (InvItem i : g.items()) {
      Optional<byte[]> data = i.type() == InvItem.Type.TX ? chain.txJson(i.hash()) : chain.blockJson(i.hash());
      if (data.isEmpty()) {
        missing.add(i);
        continue;
      }
      p.known.add(i.hash());
      p.send(i.type() == InvItem.Type.TX ? new P2pMessage.Tx(Bytes.wrap(data.get())) : new P2pMessage.Block(Bytes.wrap(data.get())));
    }
    if (!missing.isEmpty()) p.send(new P2pMessage.NotFound(missing));
  }

  private void onTx(Peer p, P2pMessage.Tx t) {
    ImportOutcome o = chain.offerTx(t.json().unsafeArray());
    Bytes h = o.hash();
    if (h.length() > 0) {
      p.known.add(h);
      seenTx.add(h);
      txRequests.remove(h);
    }
    switch (o.kind()) {
      case ACCEPTED -> {
        txsRelayed.incrementAndGet();
        relay(InvItem.tx(h), p);
      }
      case INVALID -> score(p, Violation.INVALID_TX, o.detail());
      default -> { } // KNOWN, REFUSED: a race or a full mempool, nobody's fault
    }
  }

  /** Announce to every ready peer except {@code except} that does not know the hash yet. */
  private void relay(InvItem item, Peer except) {
    relayAll(List.of(item), except);
  }

  /** Announce many items to every ready peer except {@code except}, each peer only what it does not know. */
  private void relayAll(List<InvItem> items, Peer except) {
    if (items.isEmpty()) return;
    for (Peer q : peers.values()) {
      if (q != except && q.ready()) sendUnknown(q, items);
    }
  }

  /**
   * Sends {@code p} the items it is not known to have (they become known), in as few inv messages as the
   * protocol's item limit and the frame length allow; never an empty inv (that answers "getblocks").
   */
  private void sendUnknown(Peer p, List<InvItem> items) {
    int perMessage = invItemsPerMessage();
    List<InvItem> batch = new ArrayList<>();
    for (InvItem item : items) {
      if (!p.known.add(item.hash())) continue;
      batch.add(item);
      if (batch.size() == perMessage) {
        p.send(new P2pMessage.Inv(batch));
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) p.send(new P2pMessage.Inv(batch));
  }

  /** Sync's status with a network height from what peers showed, not what they claimed ({@link ShownHeights}). */
  private SyncStatus status() {
    return shown.bound(sync.status(), sync::peerHeight);
  }

  private void refreshTip() {
    tip = new Tip(chain.bestHeight(), chain.bestHash());
  }

  private final class SyncActions implements BlockSync.Actions {
    @Override
    public void requestInventory(long peer, List<Bytes> locator) {
      Peer p = peers.get(peer);
      if (p != null) p.send(new P2pMessage.GetBlocks(locator, P2pMessage.GetBlocks.NO_STOP));
    }

    @Override
    public void requestBlocks(long peer, List<Bytes> hashes) {
      Peer p = peers.get(peer);
      if (p == null) return;
      List<InvItem> items = new ArrayList<>(hashes.size());
      for (Bytes h : hashes) items.add(InvItem.block(h));
      p.send(new P2pMessage.GetData(items));
    }

    @Override
    public void misbehaved(long peer, Violation violation, String detail) {
      Peer p = peers.get(peer);
      if (p != null) {
        violationCount.incrementAndGet();
        score(p, violation, detail);
      }
    }

    @Override
    public void stalled(long peer, String detail) {
      Peer p = peers.get(peer);
      if (p != null) {
        violationCount.incrementAndGet();
        score(p, Violation.STALLED, detail);
      }
    }

    @Override
    public void imported(Bytes hash, long height, long fromPeer) {
      refreshTip();
      shown.imported(hash);
      if (height >= status().networkHeight()) relay(InvItem.block(hash), peers.get(fromPeer));
    }
  }

  // ---------------------------------------------------------------- plumbing

  private void run(Runnable r) {
    try {
      logic.execute(() -> guarded(r));
    } catch (RejectedExecutionException e) {
      // shutting down
    }
  }

  private static void guarded(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.error("p2p logic error", e);
    }
  }
}
