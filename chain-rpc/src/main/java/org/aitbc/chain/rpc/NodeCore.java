package org.aitbc.chain.rpc;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.aitbc.chain.consensus.ChainEngine;
import org.aitbc.chain.consensus.PendingTransactions;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.mempool.Mempool;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.metrics.Metrics;
import org.aitbc.chain.core.store.ChainStore;

/**
 * The node's core, assembled in one place: the store, the signature verifier, the mempool, the engine with
 * its thread and verify pool, the API facade with its long-poll timer, and the order they stop in. Servers
 * (HTTP, gRPC, P2P) are built on top by the owner, who closes them before the core. The builder refuses
 * contradictions once (an authority key that is not an authority of the genesis, sizes out of range).
 */
public final class NodeCore implements AutoCloseable {
  public final Genesis genesis;
  public final ChainStore store;
  public final SignatureVerifier verifier;
  public final Mempool mempool;
  public final ChainEngine engine;
  public final NodeApi api;
  public final Metrics metrics;
  private final ForkJoinPool verifyPool;
  private final ScheduledExecutorService apiTimer;

  private NodeCore(Builder b) {
    this.genesis = b.genesis;
    this.metrics = b.metrics;
    this.store = ChainStore.open(b.dir, b.genesis);
    try {
      this.verifier = new SignatureVerifier(b.verifierSlots);
      this.mempool = new Mempool(b.mempool, b.genesis.params(), verifier, b.clock);
      this.verifyPool = new ForkJoinPool(b.verifyThreads);
      this.engine = new ChainEngine(store, verifier, PendingTransactions.of(mempool), b.authority, b.clock,
          new ScheduledThreadPoolExecutor(1, daemon("engine")), verifyPool);
      this.apiTimer = new ScheduledThreadPoolExecutor(1, daemon("api-timer"));
      this.api = new NodeApi(store, mempool, engine, metrics, b.network,
          new SubmitRateLimiter(b.submitRate, b.submitBurst, System::nanoTime), apiTimer);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  public static Builder builder(Path dir, Genesis genesis) {
    return new Builder(dir, genesis);
  }

  /**
   * Stops in an order that keeps the store open while anything may still read it: the long-poll timer (a
   * pending {@code wait_ms} would otherwise wake up later and read the closed RocksDB: the JVM dies with
   * SIGSEGV), then the engine and its verify pool, then the store. Close the servers first.
   */
  @Override
  public void close() {
    apiTimer.shutdownNow();
    await(apiTimer);
    engine.close();
    verifyPool.shutdownNow();
    await(verifyPool);
    store.close();
  }

  private static void await(java.util.concurrent.ExecutorService s) {
    try {
      s.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** What a core is made of; every setting has the node's default. */
  public static final class Builder {
    private final Path dir;
    private final Genesis genesis;
    private KeyPair authority;
    private MempoolConfig mempool = MempoolConfig.DEFAULTS;
    private int verifierSlots = 1 << 20;
    private int verifyThreads = Runtime.getRuntime().availableProcessors();
    private LongSupplier clock = System::currentTimeMillis;
    private double submitRate;
    private double submitBurst;
    private NetworkStatus network = NetworkStatus.NONE;
    private Metrics metrics = new Metrics();

    private Builder(Path dir, Genesis genesis) {
      this.dir = Objects.requireNonNull(dir, "dir");
      this.genesis = Objects.requireNonNull(genesis, "genesis");
    }

    /** The key this node seals with (none: a follower); it must be an authority of the genesis. */
    public Builder authority(KeyPair key) {
      if (key != null && genesis.authority(key.address()).isEmpty()) {
        throw new IllegalArgumentException(key.address() + " is not an authority of chain " + genesis.chainId());
      }
      this.authority = key;
      return this;
    }

    public Builder mempool(MempoolConfig c) {
      this.mempool = Objects.requireNonNull(c, "mempool");
      return this;
    }

    /** Signature verdicts kept (16 bytes each); the default 2^20 holds those of a full mempool. */
    public Builder verifierSlots(int slots) {
      if (slots < 1 << 10 || slots > 1 << 24) throw new IllegalArgumentException("verifier slots must be 2^10..2^24, not " + slots);
      this.verifierSlots = slots;
      return this;
    }

    public Builder verifyThreads(int n) {
      if (n < 1 || n > 256) throw new IllegalArgumentException("verify threads must be 1..256, not " + n);
      this.verifyThreads = n;
      return this;
    }

    /** Wall-clock milliseconds for block times and mempool expiry. */
    public Builder clock(LongSupplier millis) {
      this.clock = Objects.requireNonNull(millis, "clock");
      return this;
    }

    /** Submissions per second per client address and the burst allowed (0: no limit). */
    public Builder submitRate(double perSecond, double burst) {
      if (perSecond < 0 || burst < 0) throw new IllegalArgumentException("submit rate and burst must be >= 0");
      this.submitRate = perSecond;
      this.submitBurst = burst;
      return this;
    }

    public Builder network(NetworkStatus status) {
      this.network = Objects.requireNonNull(status, "network");
      return this;
    }

    public Builder metrics(Metrics m) {
      this.metrics = Objects.requireNonNull(m, "metrics");
      return this;
    }

    /** Opens the store and builds the rest; a failure after the store opened closes it again. */
    public NodeCore build() {
      return new NodeCore(this);
    }
  }
}
