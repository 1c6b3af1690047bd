package org.aitbc.chain.node.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.metrics.Metrics;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.core.tx.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors the committed chain into the SQLite file that AITBC's agent daemon and {@code aitbc-cli agent
 * messages} read ({@code node start --aitbc-sqlite FILE}). It never holds up the chain: the engine only
 * tells it that a block was committed ({@link #onBlockCommitted}, a flag and a task hand-off); its own thread
 * reads the blocks from the store and writes them, up to {@link Limits#batchBlocks} blocks in one SQLite
 * transaction, so under load it lags and catches up in batches. It resumes from max(height) in the file,
 * so a restart or a kill -9 neither loses nor doubles a row. A failure (disk full, locked, deleted,
 * corrupt) is logged once per run of failures, counted by reason in {@code aitbc_mirror_failures_total},
 * and retried with a doubling backoff on the given scheduler; a file deleted or replaced under it is
 * rebuilt from the genesis block, and a file that is not a database is moved aside first.
 */
public final class AitbcMirror implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AitbcMirror.class);

  /**
   * Most blocks and transactions in one SQLite transaction (a batch holds at least one block), and how long a
   * write waits for a lock another process holds on the file before it counts as a failure.
   */
  public record Limits(int batchBlocks, int batchTxs, long busyTimeoutMs) {
    public static final Limits DEFAULTS = new Limits(500, 20_000, 5_000);

    public Limits {
      if (batchBlocks < 1 || batchTxs < 1 || busyTimeoutMs < 0) {
        throw new IllegalArgumentException("mirror limits must be positive: " + batchBlocks + ", " + batchTxs + ", " + busyTimeoutMs);
      }
    }
  }

  static final long MIN_BACKOFF_MS = 100;
  static final long MAX_BACKOFF_MS = 30_000;
  static final String FAILURES = "aitbc_mirror_failures_total";

  private final Path file;
  private final ChainStore store;
  private final String chainId;
  private final Metrics metrics;
  private final LongSupplier clock;
  private final ScheduledExecutorService thread;
  private final Limits limits;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final AtomicLong rebuilds = new AtomicLong();
  private final AtomicLong blocksWritten = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private volatile long mirrored = -1;
  private volatile long mirroredTimestampMs;
  private volatile boolean closed;
  // mirror thread only
  private MirrorDb db;
  private boolean failing;
  private boolean retryPending;
  private long backoffMs;
  private volatile java.util.concurrent.ScheduledFuture<?> retry;

  /**
   * Opens (or creates) {@code file} at once, so that a path that cannot work stops the node at start with
   * the reason, then catches up from the store on {@code thread}, which becomes the mirror's thread.
   *
   * @param thread a single-thread scheduler of its own (writes and retries)
   * @param clock epoch milliseconds, for created_at and updated_at
   */
  public static AitbcMirror start(Path file, ChainStore store, Metrics metrics, LongSupplier clock,
      ScheduledExecutorService thread, Limits limits) throws IOException, SQLException {
    AitbcMirror m = new AitbcMirror(file, store, metrics, clock, thread, limits);
    m.db = MirrorDb.open(file, limits.busyTimeoutMs());
    m.mirrored = m.db.lastHeight(m.chainId);
    m.register();
    log.info("AITBC SQLite mirror {}: {} of chain {} mirrored, catching up to {}", file,
        m.mirrored < 0 ? "nothing" : "up to height " + m.mirrored, m.chainId, store.head().height());
    m.onBlockCommitted();
    return m;
  }

  private AitbcMirror(Path file, ChainStore store, Metrics metrics, LongSupplier clock, ScheduledExecutorService thread,
      Limits limits) {
    this.limits = limits;
    this.file = file;
    this.store = store;
    this.chainId = store.genesis().chainId();
    this.metrics = metrics;
    this.clock = clock;
    this.thread = thread;
  }

  private void register() {
    metrics.counter(FAILURES, "Failed writes of the AITBC SQLite mirror, by reason", "reason");
    metrics.gauge("aitbc_mirror_height", "Highest block height in the AITBC SQLite mirror (-1: none)", () -> mirrored);
    metrics.gauge("aitbc_mirror_lag_blocks", "Blocks the AITBC SQLite mirror is behind the head", this::lagBlocks);
    metrics.gauge("aitbc_mirror_lag_seconds", "Block time between the head and the mirror's highest block",
        () -> lagBlocks() == 0 ? 0 : Math.max(0, store.head().header().timestampMs() - mirroredTimestampMs) / 1000.0);
    metrics.counterFn("aitbc_mirror_blocks_written_total", "Blocks written to the AITBC SQLite mirror", blocksWritten::get);
    metrics.counterFn("aitbc_mirror_batches_total", "SQLite transactions written by the mirror", batches::get);
    metrics.counterFn("aitbc_mirror_rebuilds_total", "Times the mirror file was found deleted or replaced and rebuilt",
        rebuilds::get);
  }

  /** The highest height in the file, -1 before the genesis block is in. */
  public long mirroredHeight() {
    return mirrored;
  }

  /** SQLite transactions written since start. */
  public long batches() {
    return batches.get();
  }

  /** Times the file was found deleted or replaced and rebuilt. */
  public long rebuilds() {
    return rebuilds.get();
  }

  public long lagBlocks() {
    return Math.max(0, store.head().height() - mirrored);
  }

  /** Called on the engine thread after each committed block: hands off at most one pending catch-up. */
  public void onBlockCommitted() {
    if (closed || !queued.compareAndSet(false, true)) return;
    try {
      thread.execute(this::drain);
    } catch (RejectedExecutionException e) {
      queued.set(false); // closing
    }
  }

  private void drain() {
    queued.set(false);
    if (retryPending) return; // the scheduled retry catches up
    try {
      while (!closed) {
        ensureOpen();
        long head = store.head().height();
        if (mirrored >= head) break;
        writeBatch(mirrored + 1, head);
      }
      if (failing) log.info("AITBC SQLite mirror {} writes again, at height {}", file, mirrored);
      failing = false;
      backoffMs = 0;
    } catch (SQLException | IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void ensureOpen() throws SQLException, IOException {
    if (db != null && !db.stillOurFile()) {
      log.warn("AITBC SQLite mirror {} was deleted or replaced; rebuilding it from the genesis block", file);
      closeDb();
      rebuilds.incrementAndGet();
    }
    if (db == null) {
      if (!Files.exists(file)) removeStaleJournal();
      db = MirrorDb.open(file, limits.busyTimeoutMs());
      mirrored = db.lastHeight(chainId);
    }
  }

  /** A WAL or shared-memory file left beside a deleted database would be replayed into the new one. */
  private void removeStaleJournal() throws IOException {
    Files.deleteIfExists(Path.of(file + "-wal"));
    Files.deleteIfExists(Path.of(file + "-shm"));
  }

  private void writeBatch(long from, long head) throws SQLException {
    List<Block> blocks = new ArrayList<>();
    Map<String, Account> touched = new LinkedHashMap<>();
    int txs = 0;
    for (long h = from; h <= head && blocks.size() < limits.batchBlocks()
        && (blocks.isEmpty() || txs < limits.batchTxs()); h++) {
      Block b = store.blockAt(h).orElseThrow(() -> new IllegalStateException("the store has no block at its own height"));
      blocks.add(b);
      txs += b.transactions().size();
      if (h == 0) store.genesis().allocations().keySet().forEach(a -> touched.put(a, null));
      for (Transaction t : b.transactions()) {
        touched.put(t.from(), null);
        touched.put(t.to(), null);
        if (t.fee() > 0) touched.put(b.header().proposer(), null);
      }
    }
    touched.replaceAll((address, none) -> store.account(address));
    db.write(chainId, blocks, touched, clock.getAsLong());
    Block last = blocks.get(blocks.size() - 1);
    mirroredTimestampMs = last.header().timestampMs();
    mirrored = last.height();
    blocksWritten.addAndGet(blocks.size());
    batches.incrementAndGet();
  }

  private void fail(Exception e) {
    String reason = MirrorFailure.reason(e);
    metrics.inc(FAILURES, reason);
    backoffMs = backoffMs == 0 ? MIN_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    if (!failing) {
      log.warn("AITBC SQLite mirror {} cannot be written ({}: {}); the chain goes on, the mirror retries with backoff"
          + " (up to {} s) and says when it writes again", file, reason, e.getMessage(), MAX_BACKOFF_MS / 1000);
    }
    failing = true;
    closeDb();
    if (reason.equals(MirrorFailure.CORRUPT)) moveAside();
    if (closed) return;
    try {
      retryPending = true;
      retry = thread.schedule(() -> {
        retryPending = false;
        drain();
      }, backoffMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      retryPending = false;
    }
  }

  private void moveAside() {
    Path aside = Path.of(file + ".corrupt-" + clock.getAsLong());
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      removeStaleJournal();
      log.warn("AITBC SQLite mirror {} is not a usable database; moved it to {} and will rebuild it", file, aside);
    } catch (IOException m) {
      log.warn("AITBC SQLite mirror {} is not a usable database and cannot be moved aside: {}", file, m.getMessage());
    }
  }

  private void closeDb() {
    if (db != null) db.close();
    db = null;
  }

  /** Stops the mirror's thread after the batch it is writing, then closes the file. */
  @Override
  public void close() {
    closed = true;
    java.util.concurrent.ScheduledFuture<?> r = retry;
    if (r != null) r.cancel(false);
    thread.shutdown();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) thread.shutdownNow();
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
    closeDb();
    log.info("AITBC SQLite mirror {} closed at height {}", file, mirrored);
  }
}
