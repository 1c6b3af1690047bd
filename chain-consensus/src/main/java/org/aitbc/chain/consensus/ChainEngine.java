package org.aitbc.chain.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.aitbc.chain.consensus.rules.BlockReason;
import org.aitbc.chain.consensus.rules.HeaderRules;
import org.aitbc.chain.consensus.rules.Violation;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.block.Header;
import org.aitbc.chain.core.block.MerkleTree;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.BlockExecutor;
import org.aitbc.chain.core.state.StateCommitment;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.core.store.StoreException;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the chain. Every change of the head, whether a block sealed here or one that
 * arrives from a peer or from {@code /rpc/importBlock}, runs on the engine's one thread through
 * {@link #importBlockNow}: header rules, re-execution of every transaction, comparison of both roots,
 * then one store batch. Sealing (when this node holds an authority key) takes executable transactions
 * from the pool at {@code block_time_ms}, and never produces an empty block.
 *
 * <p>Signatures are checked in parallel over all cores before the sequential execution, which then
 * finds every verdict in the {@link SignatureVerifier} cache.
 */
public final class ChainEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChainEngine.class);

  private final ChainStore store;
  private final Genesis genesis;
  private final SignatureVerifier verifier;
  private final PendingTransactions pool;
  private final KeyPair authorityKey; // null on a follower
  private final LongSupplier clock;
  private final ScheduledExecutorService thread;
  private final ForkJoinPool verifyPool;
  private final List<BlockListener> listeners = new CopyOnWriteArrayList<>();
  private final EngineStats stats = new EngineStats();
  private final WriteHealth writeHealth;
  private ScheduledFuture<?> probing; // engine thread only
  private volatile ScheduledFuture<?> sealing;
  private long lastSealedAt = Long.MIN_VALUE / 2; // engine thread only

  /**
   * @param thread a single-thread scheduler that becomes the engine thread
   * @param verifyPool where signatures are checked in parallel
   */
  public ChainEngine(ChainStore store, SignatureVerifier verifier, PendingTransactions pool, KeyPair authorityKey,
      LongSupplier clock, ScheduledExecutorService thread, ForkJoinPool verifyPool) {
    this.store = store;
    this.genesis = store.genesis();
    this.verifier = verifier;
    this.pool = pool;
    this.clock = clock;
    this.writeHealth = new WriteHealth(clock);
    this.thread = thread;
    this.verifyPool = verifyPool;
    if (authorityKey != null && genesis.authority(authorityKey.address()).isEmpty()) {
      throw new IllegalArgumentException("the key " + authorityKey.address() + " is not an authority of chain "
          + genesis.chainId() + "; a node without an authority key follows");
    }
    this.authorityKey = authorityKey;
  }

  public void addListener(BlockListener l) {
    listeners.add(l);
  }

  public EngineStats stats() {
    return stats;
  }

  /** Whether the store takes writes; degraded from a failed commit until the next successful write. */
  public WriteHealth writeHealth() {
    return writeHealth;
  }

  public Block head() {
    return store.head();
  }

  public boolean isAuthority() {
    return authorityKey != null;
  }

  public Optional<String> authorityAddress() {
    return Optional.ofNullable(authorityKey).map(KeyPair::address);
  }

  /**
   * Starts sealing (authorities only): a block as soon as transactions wait and at least
   * {@code block_time_ms} have passed since the head was sealed. So blocks are never closer than the
   * interval, and a transaction that arrives on a quiet chain is sealed at once instead of waiting for
   * the next tick of a fixed timer (which halves the latency of request/response between agents).
   */
  public void startSealing() {
    if (authorityKey == null || sealing != null) return;
    long interval = genesis.params().blockTimeMs();
    long tick = Math.max(2, Math.min(25, interval / 20));
    sealing = thread.scheduleWithFixedDelay(this::sealWhenDue, tick, tick, TimeUnit.MILLISECONDS);
  }

  private void sealWhenDue() {
    long now = clock.getAsLong();
    if (now - lastSealedAt < genesis.params().blockTimeMs()) return;
    if (writeHealth.degraded().isPresent()) return; // the probe finds out when writes work again
    try {
      if (sealNow().isPresent()) lastSealedAt = now;
    } catch (StoreException e) {
      // reported once per episode by writeHealth; the probe retries
    } catch (RuntimeException e) {
      log.error("sealing failed; will retry at the next interval", e);
    }
  }

  /** Offers a block from outside (peer, HTTP); runs on the engine thread. */
  public CompletableFuture<ImportResult> submitBlock(Block block) {
    return CompletableFuture.supplyAsync(() -> importBlockNow(block, false), thread);
  }

  /** Seals one block now if transactions are waiting; on the engine thread only. Returns it, if any. */
  public Optional<Block> sealNow() {
    if (authorityKey == null || !pool.hasExecutable()) return Optional.empty();
    long t0 = System.nanoTime();
    Block parent = store.head();
    var params = genesis.params();
    List<Transaction> candidates = pool.selectForBlock(params.maxBlockTxs(), params.maxBlockBytes());
    if (candidates.isEmpty()) return Optional.empty();
    prewarmSignatures(candidates);
    BlockExecutor.Result r = BlockExecutor.execute(candidates, authorityKey.address(), params, store, verifier, true,
        parent.height() + 1);
    if (!r.rejected().isEmpty()) {
      log.info("left {} invalid pending transactions out of block {} (first: {})", r.rejected().size(),
          parent.height() + 1, r.rejected().get(0).refusal());
      pool.dropInvalid(r.rejected());
    }
    if (r.applied().isEmpty()) return Optional.empty();
    StateCommitment.Update u = store.commitment().prepare(r.state().changes(), store);
    long ts = Math.max(clock.getAsLong(), parent.header().timestampMs());
    Header h = new Header(genesis.chainId(), parent.height() + 1, parent.hash(), ts, authorityKey.address(),
        r.applied().size(), MerkleTree.root(r.applied().stream().map(Transaction::hash).toList()), u.root());
    Block block = Block.sealed(h, Bytes.wrap(authorityKey.sign(h.signingBytes())), r.applied());
    ImportResult ir = importBlockNow(block, true);
    if (!ir.isImported()) {
      throw new IllegalStateException("a block sealed here failed its own import: " + ir.reason() + " " + ir.detail());
    }
    stats.blocksSealed.incrementAndGet();
    stats.txsSealed.addAndGet(block.transactions().size());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    stats.sealNanosTotal.addAndGet(System.nanoTime() - t0);
    stats.lastSealMillis.set(ms);
    log.info("sealed block {} with {} txs in {} ms", block.height(), block.transactions().size(), ms);
    return Optional.of(block);
  }

  /** Validates and commits a block that should extend the head. Engine thread only. */
  public ImportResult importBlockNow(Block block, boolean producedHere) {
    long t0 = System.nanoTime();
    Block head = store.head();
    if (block.height() <= head.height()) {
      // The height index holds the hash: no need to read and decode the stored block to compare it.
      if (store.hashAt(block.height()).filter(block.hash()::equals).isPresent()) return ImportResult.known(block);
    }
    if (block.height() != head.height() + 1) {
      return ImportResult.notNext(block, "block " + block.height() + " does not follow the head " + head.height());
    }
    Violation v = HeaderRules.check(head, block, genesis, clock.getAsLong());
    if (v != null) return refuse(block, v.reason(), v.detail());
    if (!producedHere) prewarmSignatures(block.transactions());
    BlockExecutor.Result r = BlockExecutor.execute(block.transactions(), block.header().proposer(), genesis.params(),
        store, verifier, false, block.height());
    if (!r.rejected().isEmpty()) {
      BlockExecutor.Rejected x = r.rejected().get(0);
      return refuse(block, BlockReason.INVALID_TX, "transaction " + x.index() + " (" + x.tx().hashHex() + "): "
          + x.refusal().reason() + " " + x.refusal().detail());
    }
    Map<String, Account> changes = r.state().changes();
    StateCommitment.Update u = store.commitment().prepare(changes, store);
    if (!u.root().equals(block.header().stateRoot())) {
      return refuse(block, BlockReason.BAD_STATE_ROOT, "state_root " + block.header().stateRoot()
          + " but executing the transactions gives " + u.root());
    }
    try {
      store.commitBlock(block, changes, r.state().agentChanges(), u);
    } catch (StoreException e) {
      cannotWrite(e);
      throw e;
    }
    writeHealth.succeeded();
    pool.onBlockCommitted(block.transactions(), store);
    if (!producedHere) {
      stats.blocksImported.incrementAndGet();
      stats.txsImported.addAndGet(block.transactions().size());
    }
    stats.importNanosTotal.addAndGet(System.nanoTime() - t0);
    stats.lastImportMillis.set((System.nanoTime() - t0) / 1_000_000);
    for (BlockListener l : listeners) {
      try {
        l.onBlock(block, producedHere);
      } catch (RuntimeException e) {
        log.error("a block listener failed on block {}", block.height(), e);
      }
    }
    return ImportResult.imported(block);
  }

  private ImportResult refuse(Block block, BlockReason reason, String detail) {
    stats.blocksRefused.incrementAndGet();
    log.warn("refused block {} {}: {} {}", block.height(), block.hash(), reason, detail);
    return ImportResult.invalid(block, reason, detail);
  }

  /** Marks the store degraded and, once per episode, starts probing it each second until a write succeeds. */
  private void cannotWrite(StoreException e) {
    writeHealth.failed(e.getMessage());
    if (probing != null) return;
    probing = thread.scheduleWithFixedDelay(() -> {
      try {
        store.probeWrite();
        writeHealth.succeeded();
        probing.cancel(false);
        probing = null;
      } catch (StoreException still) {
        writeHealth.failed(still.getMessage());
      }
    }, 1, 1, TimeUnit.SECONDS);
  }

  /** Checks every signature whose key is known up front, in parallel, so execution hits the cache. */
  private void prewarmSignatures(List<Transaction> txs) {
    if (txs.size() < 16) return;
    List<Transaction> list = new ArrayList<>(txs);
    verifyPool.submit(() -> list.parallelStream().forEach(t -> {
      Bytes key = t.publicKey().orElseGet(() -> store.account(t.from()).publicKey());
      if (key != null) verifier.verify(t.hash(), t.signingBytes(), t.signature(), key);
    })).join();
  }

  /** Runs {@code task} on the engine thread and waits for it. */
  public <T> T onEngineThread(java.util.concurrent.Callable<T> task) {
    try {
      return thread.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    ScheduledFuture<?> s = sealing;
    if (s != null) s.cancel(false);
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) log.warn("engine thread did not stop in 10 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
