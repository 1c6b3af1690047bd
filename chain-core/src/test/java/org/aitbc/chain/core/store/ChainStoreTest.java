package org.aitbc.chain.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.StateCommitment;
import org.aitbc.chain.core.testutil.Keys;
import org.aitbc.chain.core.testutil.MemoryState;
import org.aitbc.chain.core.testutil.TestChain;
import org.aitbc.chain.core.testutil.Transfers;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** ChainStore on a real RocksDB: commit, close, reopen; foreign genesis; unfinished batches; damage. */
class ChainStoreTest {
  static final KeyPair AUTHORITY = Keys.key(50);
  static final KeyPair ALICE = Keys.key(51);
  static final KeyPair BOB = Keys.key(52);
  static final KeyPair CAROL = Keys.key(53);
  static final String OUTSIDER = "ait1" + "0123456789".repeat(4); // never sends, only receives
  static final long T0 = TestChain.GENESIS_TIME_MS;

  @TempDir
  Path dir;

  final SignatureVerifier verifier = new SignatureVerifier(1024);
  final Genesis genesis = TestChain.genesis(Transfers.CHAIN_ID, AUTHORITY, allocations(1_000_000));

  static Map<String, Long> allocations(long aliceBalance) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put(ALICE.address(), aliceBalance);
    m.put(BOB.address(), 500_000L);
    m.put(OUTSIDER, 7L);
    return m;
  }

  static Transfers.Builder tx(KeyPair from, KeyPair to, long amount, long nonce) {
    return Transfers.from(from).to(to.address()).amount(amount).fee(3).nonce(nonce);
  }

  /** Four blocks with messages, plain transfers, a self-transfer, a first tx without a known key... */
  List<Block> commitFourBlocks(ChainStore store) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(TestChain.commit(store, AUTHORITY, List.of(
        tx(ALICE, BOB, 100, 1).payload("ping").tx(),
        tx(ALICE, CAROL, 50, 2).payload("0x").tx(),
        tx(BOB, ALICE, 10, 1).payload(Json.obj("cmd", "EXECUTE_AI_JOB", "n", 2)).tx()), T0 + 1_000, verifier));
    blocks.add(TestChain.commit(store, AUTHORITY, List.of(
        tx(CAROL, BOB, 20, 1_775_819_657_114L).payload("hello bob").tx(),
        tx(ALICE, BOB, 1, 3).payload("").tx(),
        Transfers.from(ALICE).to(OUTSIDER).amount(5).fee(3).nonce(4).withoutPublicKey().payload("to outsider").tx()),
        T0 + 2_000, verifier));
    blocks.add(TestChain.commit(store, AUTHORITY, List.of(
        tx(ALICE, BOB, 1, 2).tx(), // nonce too low: left out by the authority
        tx(BOB, BOB, 5, 2).payload("note to self").tx(),
        tx(BOB, ALICE, 1, 3).amountLexeme("9007199254740993").tx()), // more than BOB has: left out
        T0 + 3_000, verifier));
    blocks.add(TestChain.commit(store, AUTHORITY, List.of(tx(ALICE, BOB, 7, 9).payload("last").tx()),
        T0 + 4_000, verifier));
    return blocks;
  }

  /** Every tx of {@code blocks} sent or received by {@code address} (as locations), oldest first. */
  static List<String> expectedIndex(List<Block> blocks, String address, boolean messagesOnly) {
    List<String> out = new ArrayList<>();
    for (Block b : blocks) {
      for (int i = 0; i < b.transactions().size(); i++) {
        Transaction t = b.transactions().get(i);
        boolean hit = messagesOnly ? t.to().equals(address) && t.isMessage()
            : t.to().equals(address) || t.from().equals(address);
        if (hit) out.add(b.height() + "." + i + " " + t.hashHex());
      }
    }
    return out;
  }

  /** containsTransaction: yes for every included tx, no for txs the authority left out and for unknown hashes. */
  static void assertKnowsExactlyTheIncludedTransactions(ChainStore store, List<Block> blocks) {
    for (Block b : blocks) {
      for (Transaction t : b.transactions()) assertTrue(store.containsTransaction(t.hash()), t.hashHex());
    }
    assertFalse(store.containsTransaction(tx(ALICE, BOB, 1, 2).tx().hash()), "left out: nonce too low");
    for (int i = 0; i < 1000; i++) {
      byte[] h = Hashes.sha256(("unknown " + i).getBytes(StandardCharsets.US_ASCII));
      assertFalse(store.containsTransaction(Bytes.wrap(h)));
    }
  }

  /** Pages through the index with cursors; every entry must come exactly once, oldest first. */
  static List<String> pageThrough(ChainStore store, String address, int limit, boolean messages) {
    List<String> out = new ArrayList<>();
    Cursor c = Cursor.START;
    for (int pages = 0; pages < 100; pages++) {
      List<TxLocation> page = messages ? store.messagesTo(address, c, limit) : store.transactionsOf(address, c, limit);
      assertTrue(page.size() <= limit);
      if (page.isEmpty()) return out;
      for (TxLocation l : page) out.add(l.height() + "." + l.index() + " " + l.tx().hashHex());
      TxLocation last = page.get(page.size() - 1);
      c = Cursor.parse(new Cursor(last.height(), last.index()).toString()).orElseThrow();
    }
    throw new AssertionError("paging did not end");
  }

  static Set<String> addresses() {
    return Set.of(ALICE.address(), BOB.address(), CAROL.address(), OUTSIDER, AUTHORITY.address());
  }

  @Test
  void aNewStoreStartsAtTheGenesisWithItsAllocations() {
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      assertEquals(0, store.head().height());
      assertEquals(genesis.hash(), store.head().hash());
      assertEquals(new Account(1_000_000, Account.NO_NONCE, null), store.account(ALICE.address()));
      assertEquals(new Account(7, Account.NO_NONCE, null), store.account(OUTSIDER));
      assertEquals(Account.EMPTY, store.account(CAROL.address()));
      Map<String, Account> expected = new HashMap<>();
      genesis.allocations().forEach((a, b) -> expected.put(a, new Account(b, Account.NO_NONCE, null)));
      assertEquals(new StateCommitment(Map.of()).prepare(expected, new MemoryState()).root(), store.stateRoot());
      assertEquals(store.stateRoot(), store.head().header().stateRoot());
    }
  }

  @Test
  void theStoredBlockTextIsTheBlocksWireJsonWithItsTransactions() {
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      for (Block b : commitFourBlocks(store)) {
        String header = org.aitbc.chain.core.json.PyJson.compactUnsorted(b.toJson(false));
        // Header fields, then each tx's compact JSON with "tx_hash" last.
        StringBuilder wire = new StringBuilder(header.substring(0, header.length() - 3)).append('[');
        for (Transaction t : b.transactions()) {
          String json = t.compactJson();
          wire.append(wire.charAt(wire.length() - 1) == '[' ? "" : ",").append(json, 0, json.length() - 1)
              .append(",\"tx_hash\":\"").append(t.hashHex()).append("\"}");
        }
        wire.append("]}");
        assertEquals(wire.toString(), b.toJsonText(true));
        assertEquals(wire.toString(), store.blockJson(b.height()).orElseThrow());
      }
    }
  }

  @Test
  void accountsReadBeforeAndDuringCommitsAreNeverServedStaleAfterwards() throws Exception {
    Map<String, Account> seen = new HashMap<>();
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      for (String a : addresses()) store.account(a); // fill the account cache with the genesis state
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      Thread reader = new Thread(() -> {
        while (!stop.get()) for (String a : addresses()) store.account(a); // races every commit
      });
      reader.start();
      try {
        commitFourBlocks(store);
      } finally {
        stop.set(true);
        reader.join();
      }
      for (String a : addresses()) seen.put(a, store.account(a));
    }
    try (ChainStore store = ChainStore.open(dir, genesis)) { // a fresh store reads RocksDB only
      for (String a : addresses()) assertEquals(store.account(a), seen.get(a), a);
    }
    assertTrue(seen.get(ALICE.address()).balance() < 1_000_000, "the test must move ALICE's balance");
  }

  @Test
  void blocksHeadAccountsAndIndexesAreTheSameAfterCloseAndReopen() {
    List<Block> blocks;
    Map<String, Account> accounts = new HashMap<>();
    Map<String, List<String>> index = new HashMap<>();
    Block head;
    Bytes root;
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      blocks = commitFourBlocks(store);
      assertEquals(List.of(3, 3, 1, 1), blocks.stream().map(b -> b.transactions().size()).toList());
      head = store.head();
      root = store.stateRoot();
      assertKnowsExactlyTheIncludedTransactions(store, blocks);
      for (String a : addresses()) {
        accounts.put(a, store.account(a));
        index.put(a, pageThrough(store, a, 2, false));
      }
    }
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      assertEquals(4, store.head().height());
      assertEquals(head.hash(), store.head().hash());
      assertEquals(head.header(), store.head().header());
      assertEquals(root, store.stateRoot());
      assertEquals(head.header().stateRoot(), store.stateRoot());
      for (Block b : blocks) {
        Block read = store.blockAt(b.height()).orElseThrow();
        assertEquals(b.header(), read.header());
        assertEquals(b.signature(), read.signature());
        assertEquals(b.transactions(), read.transactions());
        assertEquals(b.height(), store.heightOf(b.hash()).orElseThrow());
        for (int i = 0; i < b.transactions().size(); i++) {
          Transaction t = b.transactions().get(i);
          TxLocation loc = store.transaction(t.hash()).orElseThrow();
          assertEquals(t, loc.tx());
          assertEquals(t.signingBytes().length, loc.tx().signingBytes().length);
          assertEquals(b.height(), loc.height());
          assertEquals(i, loc.index());
          assertEquals(b.header().timestampMs(), loc.timestampMs());
        }
      }
      assertTrue(store.blockAt(5).isEmpty());
      assertKnowsExactlyTheIncludedTransactions(store, blocks);
      for (String a : addresses()) {
        assertEquals(accounts.get(a), store.account(a), a);
        List<String> expected = expectedIndex(blocks, a, false);
        assertEquals(expected, index.get(a), "before reopen: " + a);
        for (int limit : new int[] {1, 2, 3, 100}) assertEquals(expected, pageThrough(store, a, limit, false), a);
        assertEquals(expectedIndex(blocks, a, true), pageThrough(store, a, 1, true), "inbox of " + a);
      }
      // the amount above 2^53 never made it in; the exact figures of the others did
      assertEquals(1_000_000 - 100 - 50 + 10 - 1 - 5 - 7 - 5 * 3, store.account(ALICE.address()).balance());
      assertEquals(9, store.account(ALICE.address()).nonce());
      assertEquals(ALICE.publicKey(), store.account(ALICE.address()).publicKey());
      assertEquals(7 + 5, store.account(OUTSIDER).balance());
      assertEquals(8 * 3, store.account(AUTHORITY.address()).balance(), "every fee goes to the proposer");
      long supply = 0;
      for (String a : addresses()) supply += store.account(a).balance();
      assertEquals(1_000_000 + 500_000 + 7, supply);

      // and the chain goes on from the reopened head
      Block next = TestChain.commit(store, AUTHORITY, List.of(tx(CAROL, ALICE, 1, 1_775_819_657_115L).tx()),
          T0 + 5_000, verifier);
      assertEquals(5, store.head().height());
      assertEquals(blocks.get(3).hash(), next.header().parentHash());
    }
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      assertEquals(5, store.head().height());
    }
  }

  @Test
  void theInboxHoldsOnlyTransfersWithAPayloadAndTheSelfTransferOnce() {
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      List<Block> blocks = commitFourBlocks(store);
      List<String> bobInbox = pageThrough(store, BOB.address(), 10, true);
      // ping, hello bob, note to self, last (not the empty "" payload)
      assertEquals(4, bobInbox.size(), bobInbox.toString());
      assertEquals(expectedIndex(blocks, BOB.address(), true), bobInbox);
      long selfEntries = pageThrough(store, BOB.address(), 10, false).stream()
          .filter(s -> s.startsWith("3.0 ")).count();
      assertEquals(1, selfEntries, "a self-transfer is listed once");
      assertTrue(pageThrough(store, CAROL.address(), 10, true).isEmpty(), "\"0x\" is not a message");
    }
  }

  @Test
  void anAddressThatIsAPrefixOfAnotherHasOnlyItsOwnEntries() {
    String longer = OUTSIDER + "abc"; // a valid recipient that starts with OUTSIDER
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      List<Block> blocks = List.of(
          TestChain.commit(store, AUTHORITY, List.of(
              Transfers.from(ALICE).to(longer).amount(1).fee(3).nonce(1).payload("a").tx(),
              Transfers.from(ALICE).to(OUTSIDER).amount(2).fee(3).nonce(2).payload("b").tx()), T0 + 1_000, verifier),
          TestChain.commit(store, AUTHORITY, List.of(
              Transfers.from(ALICE).to(longer).amount(3).fee(3).nonce(3).payload("c").tx()), T0 + 2_000, verifier));
      assertEquals(List.of("1.1"), pageThrough(store, OUTSIDER, 1, false).stream().map(x -> x.split(" ")[0]).toList());
      assertEquals(expectedIndex(blocks, longer, false), pageThrough(store, longer, 1, false));
      assertEquals(expectedIndex(blocks, longer, true), pageThrough(store, longer, 1, true));
      assertEquals(2, pageThrough(store, longer, 5, true).size());
    }
  }

  @Test
  void openingWithAnotherGenesisIsRefusedWithWhatToDo() {
    ChainStore.open(dir, genesis).close();
    Genesis other = TestChain.genesis(Transfers.CHAIN_ID, AUTHORITY, allocations(999));
    StoreException e = assertThrows(StoreException.class, () -> ChainStore.open(dir, other));
    assertTrue(e.getMessage().contains("use another --data-dir or the matching genesis file"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(genesis.hash().toString()), "names the genesis the directory holds");
    // the refused open released the directory
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      assertEquals(0, store.head().height());
    }
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefusedWhileTheFirstIsOpen() {
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      StoreException e = assertThrows(StoreException.class, () -> ChainStore.open(dir, genesis));
      assertTrue(e.getMessage().contains("another node"), e.getMessage());
      assertEquals(0, store.head().height());
    }
  }

  @Test
  void aBlockBatchThatNeverCommittedLeavesThePreviousHeadIntact() throws Exception {
    TestChain.Sealed unfinished;
    Block b1;
    List<String> aliceIndex;
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      b1 = TestChain.commit(store, AUTHORITY, List.of(tx(ALICE, BOB, 10, 1).payload("one").tx()), T0 + 1_000, verifier);
      unfinished = TestChain.seal(store, AUTHORITY,
          List.of(tx(ALICE, CAROL, 20, 2).payload("two").tx(), tx(BOB, ALICE, 30, 1).tx()), T0 + 2_000, verifier);
      aliceIndex = pageThrough(store, ALICE.address(), 10, false);
    }
    Block b2 = unfinished.block();
    // What a torn write of block 2 could have left: block, hash index, txs and address indexes, no head.
    raw(dir, (db, cf) -> {
      try (WriteBatch wb = new WriteBatch(); WriteOptions wo = new WriteOptions().setSync(true)) {
        wb.put(cf.get("blocks"), StoreKeys.longKey(2), "{\"partial\":true}".getBytes(StandardCharsets.US_ASCII));
        wb.put(cf.get("block_hash"), b2.hash().toArray(), StoreKeys.longKey(2));
        for (int i = 0; i < b2.transactions().size(); i++) {
          Transaction t = b2.transactions().get(i);
          byte[] json = t.compactJson().getBytes(StandardCharsets.US_ASCII);
          wb.put(cf.get("txs"), t.hash().toArray(),
              ByteBuffer.allocate(20 + json.length).putLong(2).putInt(i).putLong(T0 + 2_000).put(json).array());
          wb.put(cf.get("by_address"), StoreKeys.indexKey(t.from(), 2, i), t.hash().toArray());
          wb.put(cf.get("by_address"), StoreKeys.indexKey(t.to(), 2, i), t.hash().toArray());
          if (t.isMessage()) wb.put(cf.get("inbox"), StoreKeys.indexKey(t.to(), 2, i), t.hash().toArray());
        }
        db.write(wo, wb);
      }
    });
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      assertEquals(1, store.head().height());
      assertEquals(b1.hash(), store.head().hash());
      assertTrue(store.blockAt(2).isEmpty());
      assertTrue(store.heightOf(b2.hash()).isEmpty());
      for (Transaction t : b2.transactions()) assertTrue(store.transaction(t.hash()).isEmpty(), "tx of block 2 visible");
      assertEquals(aliceIndex, pageThrough(store, ALICE.address(), 1, false));
      assertTrue(pageThrough(store, CAROL.address(), 10, true).isEmpty());
      assertEquals(new Account(1_000_000 - 13, 1, ALICE.publicKey()), store.account(ALICE.address()));

      // and it works: block 2 is built again and committed over the leftovers
      TestChain.Sealed again = TestChain.seal(store, AUTHORITY, b2.transactions(), T0 + 2_000, verifier);
      assertEquals(b2.hash(), again.block().hash());
      store.commitBlock(again.block(), again.changes(), again.update());
      assertEquals(2, store.head().height());
      assertEquals(2, store.transaction(b2.transactions().get(1).hash()).orElseThrow().height());
      assertEquals(b2.transactions(), store.blockAt(2).orElseThrow().transactions());
    }
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      assertEquals(b2.hash(), store.head().hash());
      assertEquals(expectedIndex(List.of(b1, b2), ALICE.address(), false), pageThrough(store, ALICE.address(), 2, false));
    }
  }

  static final String REPAIR = "move the directory away and start again to resync from a peer, or restore it from a backup";

  void assertRefusedWithRepairSentence(String what) {
    StoreException e = assertThrows(StoreException.class, () -> ChainStore.open(dir, genesis));
    assertTrue(e.getMessage().contains(what), e.getMessage());
    assertTrue(e.getMessage().contains(REPAIR), e.getMessage());
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  byte[] commitOneBlockAndReadHeadPointer() throws Exception {
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      TestChain.commit(store, AUTHORITY, List.of(tx(ALICE, BOB, 10, 1).tx()), T0 + 1_000, verifier);
    }
    byte[][] head = new byte[1][];
    raw(dir, (db, cf) -> head[0] = db.get(cf.get("meta"), "head".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(40, head[0].length);
    return head[0];
  }

  void putHead(byte[] value) throws Exception {
    raw(dir, (db, cf) -> {
      try (WriteOptions wo = new WriteOptions().setSync(true)) {
        db.put(cf.get("meta"), wo, "head".getBytes(StandardCharsets.US_ASCII), value);
      }
    });
  }

  @Test
  void aCorruptHeadPointerRefusesToOpenWithARepairSentence() throws Exception {
    byte[] good = commitOneBlockAndReadHeadPointer();

    putHead(new byte[] {1, 2, 3});
    assertRefusedWithRepairSentence("the head pointer is missing");

    byte[] wrongHash = good.clone();
    wrongHash[39] ^= 1;
    putHead(wrongHash);
    assertRefusedWithRepairSentence("the head block 1 has another hash than the head pointer");

    byte[] missingBlock = good.clone();
    ByteBuffer.wrap(missingBlock).putLong(0, 99);
    putHead(missingBlock);
    assertRefusedWithRepairSentence("the head block 99 is missing");

    // The refusals left the data as it was: with the pointer restored the store opens again.
    putHead(good);
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      assertEquals(1, store.head().height());
    }
  }

  @Test
  void aStateThatDoesNotMatchTheHeadsStateRootRefusesToOpen() throws Exception {
    commitOneBlockAndReadHeadPointer();
    int bucket = StateCommitment.bucketOf(ALICE.address());
    byte[] key = {(byte) (bucket >> 8), (byte) bucket};
    raw(dir, (db, cf) -> db.put(cf.get("buckets"), key, new byte[32]));
    assertRefusedWithRepairSentence("the account state does not match the state_root of head block 1");
  }

  @Test
  void aBlockThatDoesNotExtendTheHeadIsRefusedAndChangesNothing() {
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      TestChain.Sealed s = TestChain.seal(store, AUTHORITY, List.of(tx(ALICE, BOB, 10, 1).tx()), T0 + 1_000, verifier);
      store.commitBlock(s.block(), s.changes(), s.update());
      assertThrows(IllegalStateException.class, () -> store.commitBlock(s.block(), s.changes(), s.update()));
      assertEquals(1, store.head().height());
      assertEquals(s.block().header().stateRoot(), store.stateRoot());
    }
  }

  @Test
  void invalidTransactionsLeftOutByTheAuthorityAreReportedWithTheirReason() {
    try (ChainStore store = ChainStore.open(dir, genesis)) {
      TestChain.Sealed s = TestChain.seal(store, AUTHORITY, List.of(
          tx(ALICE, BOB, 10, 5).tx(), tx(ALICE, BOB, 10, 5).payload("same nonce").tx(),
          tx(CAROL, BOB, 1, 1).tx()), T0 + 1_000, verifier);
      assertEquals(1, s.block().transactions().size());
      assertEquals(List.of(Reason.NONCE_TOO_LOW, Reason.INSUFFICIENT_FUNDS),
          s.rejected().stream().map(r -> r.refusal().reason()).toList());
    }
  }

  // ---- a raw RocksDB handle on the same directory (the store must be closed) ----

  interface RawAction {
    void run(RocksDB db, Map<String, ColumnFamilyHandle> cf) throws Exception;
  }

  static void raw(Path dir, RawAction action) throws Exception {
    List<byte[]> names;
    try (Options o = new Options()) {
      names = RocksDB.listColumnFamilies(o, dir.toString());
    }
    List<ColumnFamilyDescriptor> descs = new ArrayList<>();
    for (byte[] n : names) descs.add(new ColumnFamilyDescriptor(n));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions o = new DBOptions(); RocksDB db = RocksDB.open(o, dir.toString(), descs, handles)) {
      Map<String, ColumnFamilyHandle> byName = new HashMap<>();
      for (int i = 0; i < names.size(); i++) byName.put(new String(names.get(i), StandardCharsets.US_ASCII), handles.get(i));
      try {
        action.run(db, byName);
      } finally {
        for (ColumnFamilyHandle h : handles) h.close();
      }
    }
  }

}
