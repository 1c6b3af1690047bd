package org.aitbc.chain.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import org.aitbc.chain.consensus.ChainEngine;
import org.aitbc.chain.consensus.PendingTransactions;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.mempool.Mempool;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.metrics.Metrics;
import org.aitbc.chain.core.state.AccountView;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.core.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.p2p.HostPort;
import org.aitbc.chain.p2p.P2pConfig;
import org.aitbc.chain.p2p.P2pNetwork;
import org.aitbc.chain.p2p.PeerInfo;
import org.aitbc.chain.rpc.HttpApiServer;
import org.aitbc.chain.rpc.grpc.GrpcServer;
import org.aitbc.chain.rpc.HttpRoutes;
import org.aitbc.chain.rpc.NetworkStatus;
import org.aitbc.chain.rpc.NodeApi;
import org.aitbc.chain.rpc.SubmitRateLimiter;
import org.aitbc.chain.wallet.Keystore;
import org.aitbc.chain.wallet.KeystoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of one node: config in, running components out; {@link #close} stops them in order. Start-up
 * is all or nothing: when any part cannot start (a port taken, say) the constructor closes, in reverse
 * order, every part already started (listeners, engine, threads, RocksDB) and throws {@link StartException}.
 */
public final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);
  static final String MEMPOOL_FILE = "mempool.jsonl";
  /** The reason the OS gives for a port another process holds (EADDRINUSE). */
  private static final String IN_USE = "Address already in use";

  private final NodeConfig config;
  private final Genesis genesis;
  private final ChainStore store;
  private final Mempool mempool;
  private final ChainEngine engine;
  private final NodeApi api;
  private HttpApiServer http;
  private final ScheduledExecutorService timer;
  private final ForkJoinPool verifyPool;
  /** Decodes blocks from peers as they arrive, while the engine imports the one before (see P2pChainView). */
  private final java.util.concurrent.ExecutorService blockDecoder =
      Executors.newSingleThreadExecutor(daemon("block-decoder"));
  private final Metrics metrics = new Metrics();
  private final P2pStatus networkStatus = new P2pStatus();
  private P2pNetwork p2p;
  private GrpcServer grpc;
  private org.aitbc.chain.node.mirror.AitbcMirror mirror; // null without --aitbc-sqlite

  /** Thrown when the node cannot start; the message is one sentence for the operator. */
  public static final class StartException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartException(String m) {
      super(m);
    }
  }

  public Node(NodeConfig config) throws StartException {
    this.config = config;
    this.genesis = readGenesis(config.genesisFile());
    KeyPair authority = readAuthorityKey(config);
    if (authority != null && genesis.authority(authority.address()).isEmpty()) {
      throw new StartException("the authority keystore holds " + authority.address() + ", which is not an authority in "
          + config.genesisFile() + "; start without --authority-keystore to follow");
    }
    try {
      this.store = ChainStore.open(config.dataDir().resolve("chain"), genesis);
    } catch (org.aitbc.chain.core.store.StoreException e) {
      throw new StartException(e.getMessage());
    }
    // 16 bytes a verdict: 2^20 slots (16 MB) hold the verdicts of a full mempool with few evictions; an
    // evicted pending transaction is simply verified again when sealed.
    SignatureVerifier verifier = new SignatureVerifier(1 << 20);
    this.mempool = new Mempool(mempoolConfigForHeap(config.mempool(), Runtime.getRuntime().maxMemory()),
        genesis.params(), verifier, System::currentTimeMillis);
    this.verifyPool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    this.timer = Executors.newScheduledThreadPool(1, daemon("timer"));
    this.engine = new ChainEngine(store, verifier, org.aitbc.chain.consensus.PendingTransactions.of(mempool), authority, System::currentTimeMillis,
        Executors.newSingleThreadScheduledExecutor(daemon("engine")), verifyPool);
    loadMempool();
    startMirror(config.aitbcSqlite());
    this.api = new NodeApi(store, mempool, engine, metrics, networkStatus,
        new SubmitRateLimiter(config.submitRatePerIp(), Math.max(1, config.submitRatePerIp()), System::nanoTime), timer);
    registerMetrics();
    try {
      bindAll(config);
    } catch (StartException e) {
      shutdown(false);
      throw e;
    }
    engine.startSealing();
    log.info("node up: chain {} genesis {} height {} rpc http://{}:{} grpc port {} p2p {}:{} role {}", genesis.chainId(),
        genesis.hash(), store.head().height(), config.rpcHost(), http.port(), grpc.port(), config.p2pHost(), p2p.listenPort(),
        authority != null ? "authority " + authority.address() : "follower");
  }

  /**
   * Binds every port, HTTP last: P2P, then gRPC, then the HTTP API, so that {@code /health} answers only
   * once the node holds all its ports. The first that fails throws; the caller closes what was started.
   */
  private void bindAll(NodeConfig c) throws StartException {
    try {
      this.p2p = startP2p(c);
    } catch (Exception e) {
      throw listenFailure(e, "--p2p-port", c.p2pHost(), c.p2pPort());
    }
    networkStatus.network = p2p;
    api.onAccepted(tx -> p2p.announceTx(tx.hash()));
    engine.addListener((block, here) -> p2p.announceBlock(block.hash()));
    try {
      this.grpc = GrpcServer.start(c.rpcHost(), c.grpcPort(), api, engine, store);
    } catch (Exception e) {
      throw listenFailure(e, "--grpc-port", c.rpcHost(), c.grpcPort());
    }
    try {
      this.http = new HttpApiServer(HttpApiServer.Config.of(c.rpcHost(), c.rpcPort()), new HttpRoutes(api));
    } catch (Exception e) {
      throw listenFailure(e, "--rpc-port", c.rpcHost(), c.rpcPort());
    }
  }

  /**
   * The one line for the operator when a listener cannot start: {@code --grpc-port 8007 is in use (Address
   * already in use)} for a taken port, else what else went wrong, naming the flag and the address.
   */
  static StartException listenFailure(Exception e, String flag, String host, int port) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new StartException("interrupted while starting (" + flag + " " + port + ")");
    }
    // NIO throws java.net.BindException; the native transport of gRPC an IOException "bind(..) failed ...: Address
    // already in use" (wrapped in "Failed to bind to address"): the innermost cause says why.
    Throwable cause = e;
    while (cause.getCause() != null) cause = cause.getCause();
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (reason.contains(IN_USE)) return new StartException(flag + " " + port + " is in use (" + IN_USE + ")");
    return new StartException(flag + " " + port + ": cannot listen on " + host + ":" + port + " (" + reason + ")");
  }

  /** The AITBC SQLite mirror: told of each committed block (from sealing, peers or import), writes on its own thread. */
  private void startMirror(Path file) throws StartException {
    if (file == null) return;
    try {
      mirror = org.aitbc.chain.node.mirror.AitbcMirror.start(file, store, metrics, System::currentTimeMillis,
          Executors.newSingleThreadScheduledExecutor(daemon("aitbc-sqlite")),
          org.aitbc.chain.node.mirror.AitbcMirror.Limits.DEFAULTS);
    } catch (IOException | java.sql.SQLException e) {
      closeQuietly();
      throw new StartException("cannot open the AITBC SQLite mirror " + file + ": " + e.getMessage());
    }
    org.aitbc.chain.node.mirror.AitbcMirror m = mirror;
    engine.addListener((block, here) -> m.onBlockCommitted());
  }

  private P2pNetwork startP2p(NodeConfig c) throws IOException, InterruptedException {
    List<HostPort> seeds = new ArrayList<>();
    for (String p : c.peers()) {
      seeds.add(HostPort.parse(p).orElseThrow(() -> new IllegalArgumentException("--peer " + p + " must be HOST:PORT")));
    }
    P2pConfig pc = P2pConfig.builder().listen(c.p2pHost(), c.p2pPort()).seeds(seeds)
        .limits(64, Math.max(8, seeds.size())).dataDir(c.dataDir()).userAgent("aitbc-java/0.1").build();
    P2pNetwork net = new P2pNetwork(pc, new P2pChainView(store, engine, mempool, api, blockDecoder), nodeKey(c.dataDir()),
        java.time.Clock.systemUTC(), new java.security.SecureRandom());
    net.start(); // closes itself when it cannot listen
    return net;
  }

  /** The node's persistent P2P identity (an Ed25519 key in data-dir/node.key, mode 0600). */
  static KeyPair nodeKey(Path dataDir) throws IOException {
    Path f = dataDir.resolve("node.key");
    if (Files.exists(f)) {
      String hex = Files.readString(f).strip();
      if (!org.aitbc.chain.core.util.Hex.isLowerHex(hex, 64)) throw new IOException(f + " is not a 64-hex node key; delete it to make a new one");
      return KeyPair.fromSeed(org.aitbc.chain.core.util.Bytes.fromHex(hex).toArray());
    }
    Files.createDirectories(dataDir);
    KeyPair k = KeyPair.generate(new java.security.SecureRandom());
    DevChain.writePrivate(f, org.aitbc.chain.core.util.Bytes.wrap(k.seed()).hex() + "\n");
    return k;
  }

  /** What /health and /rpc/peers show of the network, once it runs. */
  static final class P2pStatus implements NetworkStatus {
    volatile P2pNetwork network;

    @Override
    public int peerCount() {
      P2pNetwork n = network;
      return n == null ? 0 : n.peers().size();
    }

    @Override
    public java.util.OptionalLong clockOffsetMs() {
      P2pNetwork n = network;
      return n == null ? java.util.OptionalLong.empty() : n.clockOffsetMs();
    }

    @Override
    public boolean clockWarning() {
      P2pNetwork n = network;
      return n != null && n.clockWarning();
    }

    @Override
    public boolean syncing() {
      P2pNetwork n = network;
      return n != null && n.syncStatus().syncing();
    }

    @Override
    public long remaining() {
      P2pNetwork n = network;
      return n == null ? 0 : n.syncStatus().remaining();
    }

    @Override
    public List<org.aitbc.chain.core.json.JsonValue> peers() {
      P2pNetwork n = network;
      if (n == null) return List.of();
      List<org.aitbc.chain.core.json.JsonValue> out = new ArrayList<>();
      for (PeerInfo p : n.peers()) {
        out.add(org.aitbc.chain.core.json.Json.obj("address", p.address().toString(), "listen_address", p.listenAddress(),
            "direction", p.direction().name().toLowerCase(java.util.Locale.ROOT), "version", (long) p.protocolVersion(),
            "user_agent", p.userAgent(), "best_height", p.bestHeight(), "ping_ms", p.pingMs(), "bytes_in", p.bytesIn(),
            "bytes_out", p.bytesOut(), "score", (long) p.score(), "node_id", p.nodeId().hex()));
      }
      return out;
    }

    @Override
    public List<org.aitbc.chain.core.json.JsonValue> bans() {
      P2pNetwork n = network;
      return n == null ? List.of() : json(n.bans());
    }

    @Override
    public List<org.aitbc.chain.core.json.JsonValue> liftBans(java.util.Optional<String> target) {
      P2pNetwork n = network;
      if (n == null) return List.of();
      return json(target.isPresent() ? n.liftBans(target.get()) : n.liftAllBans());
    }

    private static List<org.aitbc.chain.core.json.JsonValue> json(List<org.aitbc.chain.p2p.BanList.Ban> bans) {
      List<org.aitbc.chain.core.json.JsonValue> out = new ArrayList<>();
      for (org.aitbc.chain.p2p.BanList.Ban b : bans) {
        out.add(org.aitbc.chain.core.json.Json.obj("kind", b.kind().name().toLowerCase(java.util.Locale.ROOT),
            "target", b.target(), "since", org.aitbc.chain.core.block.Timestamps.format(b.sinceMs()),
            "until", org.aitbc.chain.core.block.Timestamps.format(b.untilMs()), "reason", b.reason()));
      }
      return out;
    }
  }

  public int grpcPort() {
    return grpc.port();
  }

  /** The P2P port actually bound (the configured one, or the one picked for port 0). */
  public int p2pPort() {
    return p2p.listenPort();
  }

  /** The node's P2P network (peers, bans, sync status), for tools and tests. */
  public P2pNetwork p2p() {
    return p2p;
  }

  /** {@code configured}, its byte limit lowered (with a warning) when the heap could not hold it. */
  private static MempoolConfig mempoolConfigForHeap(MempoolConfig configured, long maxHeap) {
    MempoolConfig fit = configured.fitToHeap(maxHeap);
    if (fit != configured) {
      log.warn("--mempool-max-bytes {} cannot fit in a heap of {} MiB: the mempool holds at most {} bytes (a third "
          + "of the heap); give the JVM more heap (AITBC_JAVA_OPTS=-Xmx...) to raise it", configured.maxBytes(),
          maxHeap >> 20, fit.maxBytes());
    }
    return fit;
  }

  public Mempool mempool() {
    return mempool;
  }

  public NodeConfig config() {
    return config;
  }


  private static Genesis readGenesis(Path file) throws StartException {
    try {
      return Genesis.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new StartException("cannot read genesis file " + file + ": " + e.getMessage());
    } catch (Genesis.InvalidGenesisException e) {
      throw new StartException("genesis file " + file + " is invalid: " + e.getMessage());
    }
  }

  static KeyPair readAuthorityKey(NodeConfig c) throws StartException {
    if (c.authorityKeystore() == null) return null;
    try {
      String pw = Files.readString(c.passwordFile(), StandardCharsets.UTF_8).strip();
      return Keystore.decrypt(Files.readString(c.authorityKeystore(), StandardCharsets.UTF_8), pw.toCharArray());
    } catch (IOException e) {
      throw new StartException("cannot read " + e.getMessage());
    } catch (KeystoreException e) {
      throw new StartException("cannot open the authority keystore " + c.authorityKeystore() + ": " + e.getMessage());
    }
  }

  private void loadMempool() {
    Path f = config.dataDir().resolve(MEMPOOL_FILE);
    if (!Files.exists(f)) return;
    try {
      int n = mempool.loadFrom(f, store);
      Files.delete(f);
      log.info("reloaded {} pending transactions from {}", n, f);
    } catch (IOException e) {
      log.warn("could not reload pending transactions from {}: {}", f, e.getMessage());
    }
  }

  private void registerMetrics() {
    var s = engine.stats();
    metrics.gauge("aitbc_chain_height", "Height of the chain head", () -> store.head().height());
    metrics.gauge("aitbc_mempool_size", "Pending transactions", mempool::size);
    metrics.gauge("aitbc_mempool_bytes", "Heap held by pending transactions, as counted against the byte limit", mempool::bytes);
    metrics.gauge("aitbc_mempool_max_bytes", "The mempool's byte limit (after fitting it to the heap)", mempool::maxBytes);
    var heap = java.lang.management.ManagementFactory.getMemoryMXBean();
    metrics.gauge("aitbc_jvm_heap_used_bytes", "JVM heap in use", () -> heap.getHeapMemoryUsage().getUsed());
    metrics.gauge("aitbc_jvm_heap_max_bytes", "JVM heap limit (-Xmx)", () -> Runtime.getRuntime().maxMemory());
    metrics.counterFn("aitbc_blocks_sealed_total", "Blocks sealed by this node", () -> s.blocksSealed.get());
    metrics.counterFn("aitbc_blocks_imported_total", "Blocks imported from others", () -> s.blocksImported.get());
    metrics.counterFn("aitbc_blocks_refused_total", "Blocks refused", () -> s.blocksRefused.get());
    metrics.counterFn("aitbc_txs_sealed_total", "Transactions sealed by this node", () -> s.txsSealed.get());
    metrics.counterFn("aitbc_block_seal_seconds_total", "Time spent sealing blocks", () -> s.sealNanosTotal.get() / 1e9);
    metrics.counterFn("aitbc_block_import_seconds_total", "Time spent importing (validating and writing) blocks",
        () -> s.importNanosTotal.get() / 1e9);
    metrics.gauge("aitbc_block_seal_last_ms", "Time the last seal took", () -> s.lastSealMillis.get());
    metrics.gauge("aitbc_block_import_last_ms", "Time the last import took", () -> s.lastImportMillis.get());
    metrics.gauge("aitbc_p2p_peers", "Connected peers", networkStatus::peerCount);
    metrics.gauge("aitbc_p2p_bytes_in", "Bytes received from peers", () -> p2p == null ? 0 : p2p.metrics().bytesIn());
    metrics.gauge("aitbc_p2p_bytes_out", "Bytes sent to peers", () -> p2p == null ? 0 : p2p.metrics().bytesOut());
    metrics.gauge("aitbc_p2p_bans_total", "Node ids banned for provable misbehaviour (and hosts banned by hand) since start",
        () -> p2p == null ? 0 : p2p.metrics().bans());
    metrics.gauge("aitbc_p2p_discouragements_total", "Addresses discouraged after garbage, another protocol or network",
        () -> p2p == null ? 0 : p2p.metrics().discouragements());
    metrics.gauge("aitbc_p2p_bans_active", "Bans and discouragements in force", () -> p2p == null ? 0 : p2p.metrics().bannedNow());
    metrics.gauge("aitbc_p2p_ban_exemptions_total", "Penalties that spared an exempt (loopback) address",
        () -> p2p == null ? 0 : p2p.metrics().banExemptions());
    metrics.gauge("aitbc_p2p_foreign_connections_total", "Inbound connections that spoke another protocol (line-JSON, HTTP, TLS)",
        () -> p2p == null ? 0 : p2p.metrics().foreign().total());
    metrics.gauge("aitbc_p2p_foreign_refused_total", "Connections refused at accept after their host's foreign-protocol allowance",
        () -> p2p == null ? 0 : p2p.metrics().foreign().refused());
    metrics.gauge("aitbc_p2p_address_dials_total", "Connection attempts to gossiped or remembered addresses (not --peer seeds)",
        () -> p2p == null ? 0 : p2p.metrics().addressDials());
    metrics.gauge("aitbc_clock_offset_ms", "Median of the peers' clocks minus this node's (positive: this node is slow; NaN: no peer yet)",
        () -> networkStatus.clockOffsetMs().isPresent() ? networkStatus.clockOffsetMs().getAsLong() : Double.NaN);
    metrics.gauge("aitbc_clock_warning", "1 while that median is more than 2 s from zero", () -> networkStatus.clockWarning() ? 1 : 0);
    metrics.gauge("aitbc_sync_remaining_blocks", "Blocks a peer has shown (announced, not merely claimed) that this node lacks", networkStatus::remaining);
    metrics.gauge("aitbc_sync_blocks_imported_total", "Blocks imported through the network",
        () -> p2p == null ? 0 : p2p.syncStatus().blocksImported());
    metrics.gauge("aitbc_store_bytes", "RocksDB size of all column families",
        () -> store.sizes().values().stream().mapToLong(Long::longValue).sum());
  }

  public int rpcPort() {
    return http.port();
  }

  public NodeApi api() {
    return api;
  }

  public ChainEngine engine() {
    return engine;
  }

  public ChainStore store() {
    return store;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    shutdown(true);
  }

  /**
   * Stops, in reverse order of start, whatever runs: listeners (HTTP, gRPC, P2P), the engine, the pending
   * transactions (saved for the next start), threads, the store. {@code logged}: the normal stop, which
   * says so; a start that failed stays quiet, so that its error is the only line the operator sees.
   */
  private void shutdown(boolean logged) {
    if (logged) log.info("stopping");
    if (http != null) http.close();
    if (grpc != null) grpc.close();
    if (p2p != null) p2p.close();
    engine.close();
    try {
      if (mempool.size() > 0) {
        mempool.saveTo(config.dataDir().resolve(MEMPOOL_FILE));
        if (logged) log.info("saved {} pending transactions", mempool.size());
      }
    } catch (IOException e) {
      log.warn("could not save pending transactions: {}", e.getMessage());
    }
    closeQuietly();
    if (logged) log.info("stopped at height {}", store.head().height());
  }

  private void closeQuietly() {
    if (mirror != null) mirror.close();
    timer.shutdownNow();
    blockDecoder.shutdownNow();
    verifyPool.shutdownNow();
    store.close();
  }
}
