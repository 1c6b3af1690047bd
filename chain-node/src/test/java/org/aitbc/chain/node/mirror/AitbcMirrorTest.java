package org.aitbc.chain.node.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import org.aitbc.chain.consensus.ChainEngine;
import org.aitbc.chain.consensus.PendingTransactions;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.mempool.Mempool;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.metrics.Metrics;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirror writer against a real RocksDB chain and a real SQLite file, read back over JDBC. */
class AitbcMirrorTest {
  static final long NOW = 1_800_000_000_123L;
  @TempDir Path dir;
  AtomicLong clock = new AtomicLong(NOW);
  KeyPair alice = TestKeys.key(1);
  String bob = TestKeys.key(2).address();
  ChainStore store;
  Mempool pool;
  ChainEngine engine;
  Metrics metrics = new Metrics();
  Path file;
  AitbcMirror mirror;
  long nonce = 1;

  @BeforeEach
  void chain() {
    store = ChainStore.open(dir.resolve("chain"), Chains.genesis(4));
    SignatureVerifier v = new SignatureVerifier(1 << 12);
    pool = new Mempool(MempoolConfig.DEFAULTS, store.genesis().params(), v, clock::get);
    engine = new ChainEngine(store, v, PendingTransactions.of(pool), Chains.authority(), clock::get,
        Executors.newSingleThreadScheduledExecutor(), ForkJoinPool.commonPool());
    file = dir.resolve("chain.db");
  }

  @AfterEach
  void close() {
    if (mirror != null) mirror.close();
    engine.close();
    store.close();
  }

  AitbcMirror start(AitbcMirror.Limits limits) throws Exception {
    AitbcMirror m = AitbcMirror.start(file, store, metrics, clock::get, Executors.newSingleThreadScheduledExecutor(), limits);
    engine.addListener((b, here) -> m.onBlockCommitted());
    return m;
  }

  /** Seals {@code blocks} blocks of {@code txs} transfers each (the first carries the message {@code ping}). */
  void seal(int blocks, int txs) {
    for (int b = 0; b < blocks; b++) {
      for (int i = 0; i < txs; i++) {
        String payload = i == 0 ? "ping " + nonce : "0x";
        assertTrue(pool.add(Txs.transfer(alice, Chains.CHAIN_ID).nonce(nonce++).amount(3).to(bob).payload(payload).build(), store)
            .isSuccess());
      }
      assertTrue(engine.onEngineThread(engine::sealNow).isPresent());
    }
  }

  void awaitMirrored(AitbcMirror m) {
    Await.until("mirror at height " + store.head().height(), Duration.ofSeconds(30),
        () -> m.mirroredHeight() == store.head().height());
  }

  List<List<String>> query(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      List<List<String>> rows = new ArrayList<>();
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) row.add(r.getString(i));
        rows.add(row);
      }
      return rows;
    }
  }

  long count(String sql) throws Exception {
    return Long.parseLong(query(sql).get(0).get(0));
  }

  static String squash(String sql) {
    return sql.replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")").strip();
  }

  @Test
  void tablesAreAitbcsAndRowsAreFilledAsTheAitbcNodeFilledThem() throws Exception {
    seal(3, 2);
    mirror = start(AitbcMirror.Limits.DEFAULTS);
    awaitMirrored(mirror);
    // The schema of the AITBC node, as its SQLite file shows it.
    assertEquals(List.of(
        List.of("CREATE TABLE block (id INTEGER NOT NULL, chain_id VARCHAR NOT NULL, height INTEGER NOT NULL, hash VARCHAR NOT NULL,"
            + " parent_hash VARCHAR NOT NULL, proposer VARCHAR NOT NULL, timestamp DATETIME NOT NULL, tx_count INTEGER NOT NULL,"
            + " state_root VARCHAR, block_metadata VARCHAR, PRIMARY KEY (id), CONSTRAINT uix_block_chain_height UNIQUE (chain_id, height))"),
        List.of("CREATE TABLE \"transaction\" (id INTEGER NOT NULL, chain_id VARCHAR NOT NULL, tx_hash VARCHAR NOT NULL,"
            + " block_height INTEGER, sender VARCHAR NOT NULL, recipient VARCHAR NOT NULL, payload JSON NOT NULL,"
            + " created_at DATETIME NOT NULL, nonce INTEGER NOT NULL, value INTEGER NOT NULL, fee INTEGER NOT NULL,"
            + " status VARCHAR NOT NULL, timestamp VARCHAR, tx_metadata VARCHAR, PRIMARY KEY (id),"
            + " CONSTRAINT uix_transaction_chain_hash UNIQUE (chain_id, tx_hash))"),
        List.of("CREATE TABLE account (chain_id VARCHAR NOT NULL, address VARCHAR NOT NULL, balance INTEGER NOT NULL,"
            + " nonce INTEGER NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (chain_id, address))")),
        query("SELECT sql FROM sqlite_master WHERE type = 'table' ORDER BY rootpage").stream()
            .map(r -> List.of(squash(r.get(0)))).toList());
    List<List<String>> indexes = query("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name");
    for (String ix : List.of("ix_block_chain_id", "ix_block_height", "ix_block_hash", "ix_block_timestamp", "ix_transaction_chain_id",
        "ix_transaction_tx_hash", "ix_transaction_block_height", "ix_transaction_created_at")) {
      assertTrue(indexes.contains(List.of(ix)), () -> ix + " in " + indexes);
    }
    assertEquals("wal", query("PRAGMA journal_mode").get(0).get(0));

    assertEquals(4, count("SELECT count(*) FROM block"), "genesis and three blocks");
    var b1 = store.blockAt(1).orElseThrow();
    assertEquals(List.of(List.of(Chains.CHAIN_ID, b1.hash().hex0x(), b1.header().parentHash().hex0x(), Chains.authority().address(),
        MirrorSchema.datetime(b1.header().timestampMs()), "2", b1.header().stateRoot().hex0x())),
        query("SELECT chain_id, hash, parent_hash, proposer, timestamp, tx_count, state_root FROM block WHERE height = 1"));
    assertTrue(MirrorSchema.datetime(b1.header().timestampMs()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}"));

    var t = b1.transactions().get(0);
    assertEquals(List.of(List.of(t.hashHex(), "1", alice.address(), bob, "1", "3", "10", "confirmed",
        org.aitbc.chain.core.block.Timestamps.format(b1.header().timestampMs()), MirrorSchema.datetime(NOW))),
        query("SELECT tx_hash, block_height, sender, recipient, nonce, value, fee, status, timestamp, created_at"
            + " FROM \"transaction\" WHERE tx_metadata IS NULL AND tx_hash = '" + t.hashHex() + "'"));
    assertEquals("{\"from\":\"" + alice.address() + "\",\"to\":\"" + bob + "\",\"amount\":3,\"fee\":10,\"nonce\":1,"
        + "\"payload\":\"ping 1\",\"chain_id\":\"" + Chains.CHAIN_ID + "\"}",
        query("SELECT payload FROM \"transaction\" WHERE tx_hash = '" + t.hashHex() + "'").get(0).get(0));
    // Accounts the blocks touched, as the chain has them now; the genesis allocations from block 0.
    assertEquals(List.of(List.of(Long.toString(Chains.FUNDS - 6 * 13), "6"), List.of(Long.toString(Chains.FUNDS + 18), "0")),
        query("SELECT balance, nonce FROM account WHERE address IN ('" + bob + "', '" + alice.address() + "') ORDER BY balance"));
    assertEquals(List.of(List.of("60")), query("SELECT balance FROM account WHERE address = '" + Chains.authority().address() + "'"));
    assertEquals(List.of(List.of(Long.toString(Chains.FUNDS))),
        query("SELECT balance FROM account WHERE address = '" + TestKeys.key(4).address() + "'"));
  }

  @Test
  void rewritingTheSameBlocksAddsNoRowAndARestartResumesFromTheLastMirroredHeight() throws Exception {
    seal(4, 3);
    mirror = start(AitbcMirror.Limits.DEFAULTS);
    awaitMirrored(mirror);
    mirror.close();
    List<org.aitbc.chain.core.block.Block> again = new ArrayList<>();
    for (long h = 0; h <= 4; h++) again.add(store.blockAt(h).orElseThrow());
    try (MirrorDb db = MirrorDb.open(file, 1000)) {
      db.write(Chains.CHAIN_ID, again, java.util.Map.of(bob, store.account(bob)), NOW);
      assertEquals(4, db.lastHeight(Chains.CHAIN_ID));
      assertEquals(-1, db.lastHeight("another-chain"));
    }
    assertEquals(5, count("SELECT count(*) FROM block"));
    assertEquals(12, count("SELECT count(*) FROM \"transaction\""));

    seal(3, 2); // while no mirror runs
    mirror = start(AitbcMirror.Limits.DEFAULTS);
    assertEquals(4, mirror.mirroredHeight(), "resumes from max(height)");
    awaitMirrored(mirror);
    assertEquals(8, count("SELECT count(*) FROM block"));
    assertEquals(18, count("SELECT count(*) FROM \"transaction\""));
    assertEquals(0, count("SELECT count(*) FROM (SELECT tx_hash FROM \"transaction\" GROUP BY tx_hash HAVING count(*) > 1)"));
    assertEquals(1, mirror.batches(), "three blocks caught up in one SQLite transaction");
  }

  @Test
  void catchingUpWritesBatchesOfAtMostTheLimit() throws Exception {
    seal(25, 1);
    mirror = start(new AitbcMirror.Limits(10, 1000, 1000));
    awaitMirrored(mirror);
    assertEquals(3, mirror.batches(), "26 blocks (genesis included) in batches of 10");
    assertEquals(26, count("SELECT count(*) FROM block"));
    assertEquals(0, mirror.lagBlocks());
    seal(1, 4);
    awaitMirrored(mirror);
    assertEquals(29, count("SELECT count(*) FROM \"transaction\""));
  }

  @Test
  void aFileDeletedUnderTheMirrorIsRebuiltFromTheGenesisBlock() throws Exception {
    seal(3, 2);
    mirror = start(AitbcMirror.Limits.DEFAULTS);
    awaitMirrored(mirror);
    Files.delete(file);
    seal(1, 1);
    awaitMirrored(mirror);
    assertEquals(1, mirror.rebuilds());
    assertEquals(5, count("SELECT count(*) FROM block"));
    assertEquals(7, count("SELECT count(*) FROM \"transaction\""));
    assertEquals(0, count("SELECT min(height) FROM block"));
  }

  @Test
  void aLockedFileIsAFailureCountedByReasonThenRetriedUntilWritten() throws Exception {
    seal(1, 1);
    mirror = start(new AitbcMirror.Limits(500, 20_000, 20));
    awaitMirrored(mirror);
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = other.createStatement()) {
      s.execute("BEGIN EXCLUSIVE"); // another process holds the write lock
      seal(2, 1);
      Await.until("a failure counted", Duration.ofSeconds(30), () -> metrics.count(AitbcMirror.FAILURES, MirrorFailure.LOCKED) >= 2);
      assertEquals(1, mirror.mirroredHeight(), "nothing written while locked");
      assertEquals(3, store.head().height(), "the chain went on");
      s.execute("COMMIT");
    }
    awaitMirrored(mirror);
    assertEquals(3, count("SELECT count(*) FROM \"transaction\""));
    assertTrue(metrics.render().contains("aitbc_mirror_failures_total{reason=\"locked\"}"), metrics::render);
    assertTrue(metrics.render().contains("aitbc_mirror_lag_blocks 0"), metrics::render);
  }

  @Test
  void aFileThatIsNotADatabaseStopsTheStartWithItsReason() throws Exception {
    seal(2, 1);
    Files.writeString(file, "not a database, a text file that was there".repeat(100));
    try {
      AitbcMirror.start(file, store, metrics, clock::get, Executors.newSingleThreadScheduledExecutor(), AitbcMirror.Limits.DEFAULTS);
      throw new AssertionError("opened a text file as the mirror");
    } catch (java.sql.SQLException e) {
      assertEquals(MirrorFailure.CORRUPT, MirrorFailure.reason(e));
    }
  }
}
