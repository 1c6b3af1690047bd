package org.aitbc.chain.core.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import static org.aitbc.chain.core.store.StoreKeys.accountKey;
import static org.aitbc.chain.core.store.StoreKeys.addressPrefix;
import static org.aitbc.chain.core.store.StoreKeys.bucketKey;
import static org.aitbc.chain.core.store.StoreKeys.capKey;
import static org.aitbc.chain.core.store.StoreKeys.indexKey;
import static org.aitbc.chain.core.store.StoreKeys.longKey;

import org.aitbc.chain.core.agent.AgentRecord;
import org.aitbc.chain.core.agent.AgentView;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.BlockCodec;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.block.Header;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.AccountView;
import org.aitbc.chain.core.state.IncludedTxs;
import org.aitbc.chain.core.state.StateCommitment;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;
import org.aitbc.chain.core.util.Bytes;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The block store and world state on RocksDB.
 *
 * <pre>
 * column family   key                                   value
 * meta            "genesis" | "head" | "version"        genesis hash | height(8) hash(32) | 1
 * blocks          height(8, big-endian)                 block JSON (compact, with transactions)
 * block_hash      hash(32)                              height(8)
 * height_hash     height(8)                             hash(32)
 * agents          agent id                              AgentRecord JSON
 * agent_caps      capability 0x00 agent id              (empty)       (active agents by capability)
 * txs             tx hash(32)                           height(8) index(4) time(8) tx JSON
 * accounts        bucket(2) address                     Account.encode()
 * buckets         bucket(2)                             bucket hash(32) of the state commitment
 * by_address      address 0x00 height(8) index(4)       tx hash(32)   (sent or received)
 * inbox           address 0x00 height(8) index(4)       tx hash(32) time(8) len(2) from payload  (messages received)
 * </pre>
 *
 * <p>Every block is written by one synced {@link WriteBatch} holding the block, its transactions, the
 * changed accounts and buckets, the index entries and the head pointer, so a crash leaves either the
 * whole block or none of it. On open the head is checked against its block and the state commitment;
 * a mismatch refuses to start with a sentence that says how to repair.
 *
 * <p>Threads: one writer (the chain engine) calls {@link #commitBlock}; any thread may read. Readers see
 * the head through a volatile field and never look past it.
 */
public final class ChainStore implements AccountView, AgentView, IncludedTxs, StateCommitment.BucketReader, AutoCloseable {
  private static final byte[] K_GENESIS = "genesis".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] K_HEAD = "head".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] K_VERSION = "version".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VERSION = {1};
  private static final byte[] K_WRITE_PROBE = "write_probe".getBytes(StandardCharsets.US_ASCII);
  private static final List<String> CFS =
      List.of("meta", "blocks", "block_hash", "txs", "accounts", "buckets", "by_address", "inbox", "height_hash", "agents", "agent_caps");

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final Genesis genesis;
  private final RocksDB db;
  private final StoreTuning tuning;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final ColumnFamilyHandle meta, blocks, blockHash, txs, accounts, buckets, byAddress, inbox, heightHash, agents, agentCaps;
  private final WriteOptions syncWrite = new WriteOptions().setSync(true);
  private final StateCommitment commitment;
  private volatile Block head;
  /** Accounts as of the head, for the hot reads (mempool admission, execution); see {@link #account}. */
  private final java.util.concurrent.ConcurrentHashMap<String, Account> accountCache = new java.util.concurrent.ConcurrentHashMap<>();
  /** Odd while a commit is writing; a read that saw an even value and still sees it may fill the cache. */
  private final java.util.concurrent.atomic.AtomicLong commitEpoch = new java.util.concurrent.atomic.AtomicLong();
  private static final int ACCOUNT_CACHE_MAX = 200_000;
  /** Reads and writes hold it shared, close() exclusively: RocksDB must never be used after close. */
  private final java.util.concurrent.locks.ReentrantReadWriteLock life = new java.util.concurrent.locks.ReentrantReadWriteLock();
  private volatile boolean closed;

  private ChainStore(Path dir, Genesis genesis) {
    this.dir = dir;
    this.genesis = genesis;
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new StoreException("cannot create data directory " + dir + ": " + e.getMessage(), e);
    }
    tuning = new StoreTuning();
    try {
      db = RocksDB.open(tuning.dbOptions(), dir.toString(), tuning.descriptors(CFS), handles);
    } catch (RocksDBException e) {
      tuning.close();
      throw new StoreException("cannot open the block store in " + dir + ": " + e.getMessage()
          + (String.valueOf(e.getMessage()).contains("lock") ? " (is another node running on this data directory?)" : ""), e);
    }
    meta = handles.get(1);
    blocks = handles.get(2);
    blockHash = handles.get(3);
    txs = handles.get(4);
    accounts = handles.get(5);
    buckets = handles.get(6);
    byAddress = handles.get(7);
    inbox = handles.get(8);
    heightHash = handles.get(9);
    agents = handles.get(10);
    agentCaps = handles.get(11);
    try {
      byte[] g = db.get(meta, K_GENESIS);
      if (g == null) {
        commitment = initialize();
      } else {
        if (!Arrays.equals(g, genesis.hash().unsafeArray())) {
          throw new StoreException("data directory " + dir + " holds the chain of genesis " + Bytes.of(g)
              + ", not of genesis " + genesis.hash() + "; use another --data-dir or the matching genesis file");
        }
        commitment = new StateCommitment(loadBuckets());
        head = checkHead();
      }
    } catch (RocksDBException e) {
      close();
      throw new StoreException("cannot read the block store in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Opens (or creates) the store of {@code genesis} in {@code dir}. */
  public static ChainStore open(Path dir, Genesis genesis) {
    return new ChainStore(dir, genesis);
  }

  public Genesis genesis() {
    return genesis;
  }

  public Path dir() {
    return dir;
  }

  public static Block genesisBlock(Genesis g, Bytes stateRoot) {
    Header h = new Header(g.chainId(), 0, Bytes.wrap(new byte[32]), g.timestampMs(), "genesis", 0,
        Bytes.wrap(new byte[32]), stateRoot);
    return new Block(h, g.hash(), Bytes.wrap(new byte[64]), List.of());
  }

  private StateCommitment initialize() throws RocksDBException {
    StateCommitment c = new StateCommitment(Map.of());
    Map<String, Account> allocs = new LinkedHashMap<>();
    genesis.allocations().forEach((a, b) -> allocs.put(a, new Account(b, Account.NO_NONCE, genesis.allocationKeys().get(a))));
    StateCommitment.Update u = c.prepare(allocs, this);
    Block g = genesisBlock(genesis, u.root());
    try (WriteBatch wb = new WriteBatch()) {
      wb.put(meta, K_VERSION, VERSION);
      wb.put(meta, K_GENESIS, genesis.hash().unsafeArray());
      putBlockAndState(wb, g, allocs, u);
      db.write(syncWrite, wb);
    }
    accountCache.clear(); // computing the genesis root read the (then empty) accounts
    c.apply(u);
    head = g;
    return c;
  }

  private Map<Integer, byte[]> loadBuckets() {
    Map<Integer, byte[]> m = new HashMap<>();
    try (RocksIterator it = db.newIterator(buckets)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] k = it.key();
        m.put(((k[0] & 0xff) << 8) | (k[1] & 0xff), it.value());
      }
    }
    return m;
  }

  private Block checkHead() throws RocksDBException {
    String repair = " The data directory " + dir + " is damaged: stop the node, move the directory away and"
        + " start again to resync from a peer, or restore it from a backup.";
    byte[] h = db.get(meta, K_HEAD);
    if (h == null || h.length != 40) throw new StoreException("the head pointer is missing." + repair);
    long height = ByteBuffer.wrap(h).getLong();
    Bytes hash = Bytes.wrap(Arrays.copyOfRange(h, 8, 40));
    Block b = blockAt(height).orElseThrow(() -> new StoreException("the head block " + height + " is missing." + repair));
    if (!b.hash().equals(hash)) throw new StoreException("the head block " + height + " has another hash than the head pointer." + repair);
    if (!b.header().stateRoot().equals(commitment.root())) {
      throw new StoreException("the account state does not match the state_root of head block " + height + "." + repair);
    }
    return b;
  }

  /** The current head block (with its transactions). */
  public Block head() {
    return head;
  }

  public Bytes stateRoot() {
    return commitment.root();
  }

  public StateCommitment commitment() {
    return commitment;
  }

  /**
   * Writes {@code block} (already validated) with its state changes in one synced batch, then makes it
   * the head. {@code update} must come from {@link StateCommitment#prepare} over {@code changes}.
   */
  public void commitBlock(Block block, Map<String, Account> changes, StateCommitment.Update update) {
    commitBlock(block, changes, Map.of(), update);
  }

  /** As above, with the agent registry records the block changed. */
  public void commitBlock(Block block, Map<String, Account> changes, Map<String, AgentRecord> agentChanges,
      StateCommitment.Update update) {
    open(() -> {
      commitLocked(block, changes, agentChanges, update);
      return null;
    });
  }

  private void commitLocked(Block block, Map<String, Account> changes, Map<String, AgentRecord> agentChanges,
      StateCommitment.Update update) {
    if (block.height() != head.height() + 1 || !block.header().parentHash().equals(head.hash())) {
      throw new IllegalStateException("block " + block.height() + " does not extend the head " + head.height());
    }
    commitEpoch.incrementAndGet(); // odd: reads that start now do not fill the account cache
    try (WriteBatch wb = new WriteBatch()) {
      putBlockAndState(wb, block, changes, update);
      putAgents(wb, agentChanges);
      db.write(syncWrite, wb);
      // Before the head moves: whoever sees the new head sees the new accounts.
      changes.forEach((a, acc) -> accountCache.put(a, acc.exists() ? acc : Account.EMPTY));
    } catch (RocksDBException e) {
      throw new StoreException("cannot write block " + block.height() + ": " + e.getMessage(), e);
    } finally {
      commitEpoch.incrementAndGet();
    }
    commitment.apply(update);
    head = block;
  }

  private void putBlockAndState(WriteBatch wb, Block block, Map<String, Account> changes, StateCommitment.Update u)
      throws RocksDBException {
    byte[] hkey = longKey(block.height());
    wb.put(blocks, hkey, block.toJsonText(true).getBytes(StandardCharsets.US_ASCII));
    wb.put(blockHash, block.hash().unsafeArray(), hkey);
    wb.put(heightHash, hkey, block.hash().unsafeArray());
    List<Transaction> list = block.transactions();
    List<KeyValue> txEntries = new ArrayList<>(list.size());
    List<KeyValue> addressEntries = new ArrayList<>(2 * list.size());
    List<KeyValue> inboxEntries = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Transaction t = list.get(i);
      byte[] json = t.compactJson().getBytes(StandardCharsets.US_ASCII);
      ByteBuffer v = ByteBuffer.allocate(20 + json.length);
      v.putLong(block.height()).putInt(i).putLong(block.header().timestampMs()).put(json);
      byte[] hash = t.hash().unsafeArray();
      txEntries.add(new KeyValue(hash, v.array()));
      addressEntries.add(new KeyValue(indexKey(t.from(), block.height(), i), hash));
      addressEntries.add(new KeyValue(indexKey(t.to(), block.height(), i), hash));
      if (t.isMessage()) inboxEntries.add(new KeyValue(indexKey(t.to(), block.height(), i), inboxValue(t, block.header().timestampMs())));
    }
    putSorted(wb, txs, txEntries);
    putSorted(wb, byAddress, addressEntries);
    putSorted(wb, inbox, inboxEntries);
    for (Map.Entry<String, Account> e : changes.entrySet()) {
      byte[] k = accountKey(e.getKey());
      if (e.getValue().exists()) wb.put(accounts, k, e.getValue().encode());
      else wb.delete(accounts, k);
    }
    for (Map.Entry<Integer, byte[]> e : u.bucketHashes().entrySet()) {
      wb.put(buckets, bucketKey(e.getKey()), e.getValue());
    }
    ByteBuffer hp = ByteBuffer.allocate(40).putLong(block.height()).put(block.hash().unsafeArray());
    wb.put(meta, K_HEAD, hp.array()); // last, in the same batch
  }

  private record KeyValue(byte[] key, byte[] value) {}

  /**
   * Puts one index's entries in key order: the memtable then inserts each key next to the one before instead
   * of searching its skip list from the top (random tx hashes and addresses made that a visible cost).
   */
  private static void putSorted(WriteBatch wb, ColumnFamilyHandle cf, List<KeyValue> entries) throws RocksDBException {
    entries.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
    for (KeyValue e : entries) wb.put(cf, e.key(), e.value());
  }

  private void putAgents(WriteBatch wb, Map<String, AgentRecord> changes) throws RocksDBException {
    for (AgentRecord r : changes.values()) {
      Optional<AgentRecord> old = agent(r.id());
      if (old.isPresent()) {
        for (String c : old.get().capabilities()) wb.delete(agentCaps, capKey(c, r.id()));
      }
      wb.put(agents, r.id().getBytes(StandardCharsets.UTF_8), r.encode().getBytes(StandardCharsets.UTF_8));
      if (r.active()) {
        for (String c : r.capabilities()) wb.put(agentCaps, capKey(c, r.id()), new byte[0]);
      }
    }
  }


  /** The inbox entry carries what a message listing shows, so reading an inbox parses no transaction. */
  private static byte[] inboxValue(Transaction t, long timestampMs) {
    byte[] from = t.from().getBytes(StandardCharsets.UTF_8);
    byte[] payload = t.payloadJson().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer bb = ByteBuffer.allocate(32 + 8 + 2 + from.length + payload.length);
    bb.put(t.hash().unsafeArray()).putLong(timestampMs).putShort((short) from.length).put(from).put(payload);
    return bb.array();
  }

  /** A message as the inbox index holds it. */
  public record InboxEntry(long height, int index, Bytes txHash, String from, String to, String payloadJson, long timestampMs) {}

  /** Messages to {@code address} after {@code after}, oldest first, read from the index alone. */
  public List<InboxEntry> inbox(String address, Cursor after, int limit) {
    return open(() -> {
      long maxHeight = head.height();
      List<InboxEntry> out = new ArrayList<>();
      byte[] prefix = addressPrefix(address);
      try (RocksIterator it = db.newIterator(inbox)) {
        for (it.seek(indexKey(address, after.height(), after.index() + 1)); it.isValid() && out.size() < limit; it.next()) {
          byte[] k = it.key();
          if (k.length != prefix.length + 12 || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) break;
          ByteBuffer kb = ByteBuffer.wrap(k, prefix.length, 12);
          long h = kb.getLong();
          int idx = kb.getInt();
          if (h > maxHeight) break;
          byte[] v = it.value();
          ByteBuffer vb = ByteBuffer.wrap(v);
          byte[] hash = new byte[32];
          vb.get(hash);
          long ts = vb.getLong();
          int fl = vb.getShort() & 0xffff;
          String from = new String(v, vb.position(), fl, StandardCharsets.UTF_8);
          String payload = new String(v, vb.position() + fl, v.length - vb.position() - fl, StandardCharsets.US_ASCII);
          out.add(new InboxEntry(h, idx, Bytes.wrap(hash), from, address, payload, ts));
        }
      }
      return out;
    });
  }

  // ---- reads ----

  @Override
  public Optional<AgentRecord> agent(String agentId) {
    return open(() -> {
    try {
      byte[] v = db.get(agents, agentId.getBytes(StandardCharsets.UTF_8));
      return v == null ? Optional.empty() : Optional.of(AgentRecord.decode(new String(v, StandardCharsets.UTF_8)));
    } catch (RocksDBException e) {
      throw new StoreException("cannot read agent " + agentId + ": " + e.getMessage(), e);
    }
  });
  }

  /**
   * Active agents after {@code afterId} (exclusive, "" for the start) in id order, all of them or those
   * with {@code capability} when it is not null.
   */
  public List<AgentRecord> agents(String capability, String afterId, int limit) {
    return open(() -> {
    List<AgentRecord> out = new ArrayList<>();
    if (capability == null) {
      try (RocksIterator it = db.newIterator(agents)) {
        for (it.seek((afterId + "\0").getBytes(StandardCharsets.UTF_8)); it.isValid() && out.size() < limit; it.next()) {
          AgentRecord r = AgentRecord.decode(new String(it.value(), StandardCharsets.UTF_8));
          if (r.active()) out.add(r);
        }
      }
      return out;
    }
    byte[] prefix = Arrays.copyOf(capability.getBytes(StandardCharsets.UTF_8), capability.getBytes(StandardCharsets.UTF_8).length + 1);
    try (RocksIterator it = db.newIterator(agentCaps)) {
      for (it.seek(capKey(capability, afterId + "\0")); it.isValid() && out.size() < limit; it.next()) {
        byte[] k = it.key();
        if (k.length < prefix.length || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) break;
        agent(new String(k, prefix.length, k.length - prefix.length, StandardCharsets.UTF_8)).ifPresent(out::add);
      }
    }
    return out;
  });
  }

  @Override
  public Account account(String address) {
    return open(() -> {
    Account cached = accountCache.get(address);
    if (cached != null) return cached;
    try {
      long epoch = commitEpoch.get();
      byte[] v = db.get(accounts, accountKey(address));
      Account a = v == null ? Account.EMPTY : Account.decode(v);
      if ((epoch & 1) == 0) {
        if (accountCache.size() >= ACCOUNT_CACHE_MAX) accountCache.clear();
        // Cached only if no commit started since the read: a commit's own put for this address then
        // comes after ours (same key, same map), so a value read before a commit never outlives it.
        accountCache.compute(address, (k, old) -> commitEpoch.get() == epoch ? a : old);
      }
      return a;
    } catch (RocksDBException e) {
      throw new StoreException("cannot read account " + address + ": " + e.getMessage(), e);
    }
  });
  }

  @Override
  public List<Map.Entry<String, Account>> accountsInBucket(int bucket) {
    return open(() -> {
    List<Map.Entry<String, Account>> out = new ArrayList<>();
    byte[] prefix = bucketKey(bucket);
    try (RocksIterator it = db.newIterator(accounts)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k[0] != prefix[0] || k[1] != prefix[1]) break;
        out.add(new AbstractMap.SimpleImmutableEntry<>(
            new String(k, 2, k.length - 2, StandardCharsets.UTF_8), Account.decode(it.value())));
      }
    }
    return out;
  });
  }

  public Optional<Block> blockAt(long height) {
    return open(() -> {
    if (height < 0) return Optional.empty();
    Block h = head;
    if (h != null && height > h.height()) return Optional.empty();
    if (h != null && height == h.height()) return Optional.of(h);
    try {
      byte[] v = db.get(blocks, longKey(height));
      if (v == null) return Optional.empty();
      if (height == 0) return Optional.of(decodeGenesisBlock(v));
      BlockCodec.Decoded d = BlockCodec.fromJson(JsonParser.parse(v), genesis.chainId());
      if (!d.isOk()) throw new StoreException("stored block " + height + " is corrupt: " + d.error());
      return Optional.of(d.block());
    } catch (RocksDBException | JsonParseException e) {
      throw new StoreException("cannot read block " + height + ": " + e.getMessage(), e);
    }
  });
  }

  /** The stored JSON text of a block (with transactions), without parsing it: for serving reads and sync. */
  public Optional<String> blockJson(long height) {
    return open(() -> {
    Block h = head;
    if (height < 0 || height > h.height()) return Optional.empty();
    try {
      byte[] v = db.get(blocks, longKey(height));
      return v == null ? Optional.empty() : Optional.of(new String(v, StandardCharsets.US_ASCII));
    } catch (RocksDBException e) {
      throw new StoreException("cannot read block " + height + ": " + e.getMessage(), e);
    }
  });
  }

  private Block decodeGenesisBlock(byte[] v) throws JsonParseException {
    var o = (org.aitbc.chain.core.json.JsonValue.JsonObject) JsonParser.parse(v);
    String root = ((org.aitbc.chain.core.json.JsonValue.JsonString) o.members().get("state_root")).value();
    return genesisBlock(genesis, Bytes.from0x(root));
  }

  /** The hash of the main-chain block at {@code height}, without reading the block. */
  public Optional<Bytes> hashAt(long height) {
    return open(() -> {
    if (height < 0 || height > head.height()) return Optional.empty();
    try {
      byte[] v = db.get(heightHash, longKey(height));
      return v == null ? Optional.empty() : Optional.of(Bytes.wrap(v));
    } catch (RocksDBException e) {
      throw new StoreException("cannot read block index: " + e.getMessage(), e);
    }
  });
  }

  public Optional<Long> heightOf(Bytes blockHash) {
    return open(() -> {
    try {
      byte[] v = db.get(this.blockHash, blockHash.unsafeArray());
      if (v == null) return Optional.empty();
      long h = ByteBuffer.wrap(v).getLong();
      return h <= head.height() ? Optional.of(h) : Optional.empty();
    } catch (RocksDBException e) {
      throw new StoreException("cannot read block index: " + e.getMessage(), e);
    }
  });
  }

  public Optional<TxLocation> transaction(Bytes hash) {
    return open(() -> {
    try {
      byte[] v = db.get(txs, hash.unsafeArray());
      if (v == null) return Optional.empty();
      ByteBuffer bb = ByteBuffer.wrap(v);
      long height = bb.getLong();
      int index = bb.getInt();
      long ts = bb.getLong();
      if (height > head.height()) return Optional.empty();
      Transaction t = TxCodec.parseTrusted(new String(v, 20, v.length - 20, StandardCharsets.US_ASCII));
      return Optional.of(new TxLocation(t, height, index, ts));
    } catch (RocksDBException e) {
      throw new StoreException("cannot read transaction " + hash + ": " + e.getMessage(), e);
    }
  });
  }

  public boolean containsTransaction(Bytes hash) {
    return open(() -> {
    try {
      byte[] k = hash.unsafeArray();
      return db.keyMayExist(txs, k, null) && db.get(txs, k) != null; // bloom filters answer most misses
    } catch (RocksDBException e) {
      throw new StoreException("cannot read transaction index: " + e.getMessage(), e);
    }
  });
  }

  @Override
  public boolean isIncluded(Bytes txHash) {
    return containsTransaction(txHash);
  }

  /** Transactions sent or received by {@code address} after {@code after}, oldest first. */
  public List<TxLocation> transactionsOf(String address, Cursor after, int limit) {
    return scanIndex(byAddress, address, after, limit);
  }

  /** Included transactions to {@code address} whose payload is a message, after {@code after}. */
  public List<TxLocation> messagesTo(String address, Cursor after, int limit) {
    return scanIndex(inbox, address, after, limit);
  }

  private List<TxLocation> scanIndex(ColumnFamilyHandle cf, String address, Cursor after, int limit) {
    return open(() -> {
    long maxHeight = head.height();
    List<TxLocation> out = new ArrayList<>();
    byte[] prefix = addressPrefix(address);
    byte[] start = indexKey(address, after.height(), after.index() + 1);
    try (RocksIterator it = db.newIterator(cf)) {
      for (it.seek(start); it.isValid() && out.size() < limit; it.next()) {
        byte[] k = it.key();
        if (k.length != prefix.length + 12 || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) break;
        ByteBuffer bb = ByteBuffer.wrap(k, prefix.length, 12);
        long h = bb.getLong();
        if (h > maxHeight) break;
        transaction(Bytes.wrap(Arrays.copyOf(it.value(), 32))).ifPresent(out::add);
      }
    }
    return out;
  });
  }

  /** Approximate on-disk size per column family, for /metrics. */
  public Map<String, Long> sizes() {
    return open(() -> {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 1; i < handles.size(); i++) {
      try {
        m.put(CFS.get(i - 1), db.getLongProperty(handles.get(i), "rocksdb.total-sst-files-size")
            + db.getLongProperty(handles.get(i), "rocksdb.cur-size-all-mem-tables"));
      } catch (RocksDBException e) {
        m.put(CFS.get(i - 1), -1L);
      }
    }
    return m;
  });
  }

  /** A small synced write: throws {@link StoreException} while the store cannot write (a full disk). */
  public void probeWrite() {
    open(() -> {
      try {
        db.put(meta, syncWrite, K_WRITE_PROBE, VERSION);
        return null;
      } catch (RocksDBException e) {
        throw new StoreException("cannot write to the block store: " + e.getMessage(), e);
      }
    });
  }


  /** Runs a read (or the one writer's commit) unless the store is closed. */
  private <T> T open(java.util.function.Supplier<T> op) {
    life.readLock().lock();
    try {
      if (closed) throw new StoreException("the block store in " + dir + " is closed");
      return op.get();
    } finally {
      life.readLock().unlock();
    }
  }

  @Override
  public void close() {
    life.writeLock().lock();
    try {
      if (closed) return;
      closed = true;
      closeHandles();
    } finally {
      life.writeLock().unlock();
    }
  }

  private void closeHandles() {
    for (ColumnFamilyHandle h : handles) h.close();
    if (db != null) db.close();
    syncWrite.close();
    tuning.close();
  }
}
