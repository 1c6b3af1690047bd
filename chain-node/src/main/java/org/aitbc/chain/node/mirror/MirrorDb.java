package org.aitbc.chain.node.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Timestamps;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.tx.Transaction;

/**
 * One open connection to the mirror file (WAL journal, so readers never wait for the writer nor it for them)
 * and its prepared statements. Every write is idempotent: rows are keyed by (chain_id, height) and (chain_id,
 * tx_hash), accounts by (chain_id, address). Not thread-safe: the mirror's own thread is its only user.
 */
final class MirrorDb implements AutoCloseable {
  private final Path file;
  private final Object fileKey;
  private final Connection conn;
  private final PreparedStatement insertBlock;
  private final PreparedStatement insertTx;
  private final PreparedStatement upsertAccount;

  private MirrorDb(Path file, Connection conn, long busyTimeoutMs) throws SQLException, IOException {
    this.file = file;
    this.conn = conn;
    try (Statement s = conn.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL"); // WAL + NORMAL: a killed process loses nothing committed
      s.execute("PRAGMA busy_timeout=" + busyTimeoutMs);
      conn.setAutoCommit(false);
      for (String ddl : MirrorSchema.DDL) s.execute(ddl);
      conn.commit();
    }
    this.fileKey = fileKey(file);
    this.insertBlock = conn.prepareStatement(MirrorSchema.INSERT_BLOCK);
    this.insertTx = conn.prepareStatement(MirrorSchema.INSERT_TX);
    this.upsertAccount = conn.prepareStatement(MirrorSchema.UPSERT_ACCOUNT);
  }

  /** Opens (creating the file and the tables if absent) the mirror at {@code file}; its folder must exist. */
  static MirrorDb open(Path file, long busyTimeoutMs) throws SQLException, IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) throw new IOException("folder " + dir + " does not exist");
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      return new MirrorDb(file, c, busyTimeoutMs);
    } catch (SQLException | IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static Object fileKey(Path f) throws IOException {
    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
    return a.fileKey() != null ? a.fileKey() : a.creationTime();
  }

  /** False when the file this connection writes was deleted or replaced since it was opened. */
  boolean stillOurFile() {
    try {
      return fileKey.equals(fileKey(file));
    } catch (IOException e) {
      return false;
    }
  }

  /** The highest mirrored height of {@code chainId}, -1 when none is. */
  long lastHeight(String chainId) throws SQLException {
    try (PreparedStatement q = conn.prepareStatement(MirrorSchema.MAX_HEIGHT)) {
      q.setString(1, chainId);
      try (ResultSet r = q.executeQuery()) {
        long h = r.next() ? r.getLong(1) : -1;
        return r.wasNull() ? -1 : h;
      }
    } finally {
      conn.commit();
    }
  }

  /**
   * Writes {@code blocks}, their transactions and the {@code accounts} they touched in one SQLite transaction:
   * all of them or none. {@code nowMillis} fills created_at and updated_at.
   */
  void write(String chainId, List<Block> blocks, Map<String, Account> accounts, long nowMillis) throws SQLException {
    String now = MirrorSchema.datetime(nowMillis);
    try {
      for (Block b : blocks) {
        bindBlock(chainId, b);
        insertBlock.addBatch();
        String iso = Timestamps.format(b.header().timestampMs());
        for (Transaction t : b.transactions()) {
          bindTx(chainId, b.height(), t, now, iso);
          insertTx.addBatch();
        }
      }
      for (Map.Entry<String, Account> e : accounts.entrySet()) {
        Account a = e.getValue();
        upsertAccount.setString(1, chainId);
        upsertAccount.setString(2, e.getKey());
        upsertAccount.setLong(3, a.balance());
        upsertAccount.setLong(4, a.hasNonce() ? a.nonce() : 0); // AITBC: 0 for an account that never sent
        upsertAccount.setString(5, now);
        upsertAccount.addBatch();
      }
      insertBlock.executeBatch();
      insertTx.executeBatch();
      upsertAccount.executeBatch();
      conn.commit();
    } catch (SQLException | RuntimeException e) {
      insertBlock.clearBatch();
      insertTx.clearBatch();
      upsertAccount.clearBatch();
      try {
        conn.rollback();
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw e;
    }
  }

  private void bindBlock(String chainId, Block b) throws SQLException {
    insertBlock.setString(1, chainId);
    insertBlock.setLong(2, b.height());
    insertBlock.setString(3, b.hash().hex0x());
    insertBlock.setString(4, b.header().parentHash().hex0x());
    insertBlock.setString(5, b.header().proposer());
    insertBlock.setString(6, MirrorSchema.datetime(b.header().timestampMs()));
    insertBlock.setLong(7, b.transactions().size());
    insertBlock.setString(8, b.header().stateRoot().hex0x());
  }

  private void bindTx(String chainId, long height, Transaction t, String now, String iso) throws SQLException {
    insertTx.setString(1, chainId);
    insertTx.setString(2, t.hashHex());
    insertTx.setLong(3, height);
    insertTx.setString(4, t.from());
    insertTx.setString(5, t.to());
    insertTx.setString(6, payloadJson(t));
    insertTx.setString(7, now);
    insertTx.setLong(8, t.nonce());
    insertTx.setLong(9, t.amount());
    insertTx.setLong(10, t.fee());
    insertTx.setString(11, iso);
  }

  /** The {@code payload} column: the tx object as AITBC stored it; the message is its "payload" member. */
  static String payloadJson(Transaction t) {
    return PyJson.compactUnsorted(Json.obj("from", t.from(), "to", t.to(), "amount", t.amount(), "fee", t.fee(),
        "nonce", t.nonce(), "payload", t.payload(), "chain_id", t.chainId()));
  }

  @Override
  public void close() {
    try {
      conn.close(); // closes the statements; the last connection to close checkpoints and removes the WAL
    } catch (SQLException e) {
      // nothing to keep: the next open starts from what the file holds
    }
  }
}
