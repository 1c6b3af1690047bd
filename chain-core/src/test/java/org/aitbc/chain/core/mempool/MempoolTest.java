package org.aitbc.chain.core.mempool;

import static org.aitbc.chain.core.mempool.TestTxs.CHAIN;
import static org.aitbc.chain.core.mempool.TestTxs.PARAMS;
import static org.aitbc.chain.core.mempool.TestTxs.SINK;
import static org.aitbc.chain.core.mempool.TestTxs.badlySigned;
import static org.aitbc.chain.core.mempool.TestTxs.key;
import static org.aitbc.chain.core.mempool.TestTxs.transfer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.mempool.AddResult.Status;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.tx.ChainParams;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MempoolTest {
  static final KeyPair A = key(1);
  static final KeyPair B = key(2);
  static final KeyPair C = key(3);
  static final KeyPair D = key(4);

  final AtomicLong clock = new AtomicLong(1_000_000);
  final MapState state = new MapState()
      .balance(A.address(), 1_000_000).balance(B.address(), 1_000_000)
      .balance(C.address(), 1_000_000).balance(D.address(), 1_000_000);

  Mempool pool(MempoolConfig config) {
    return new Mempool(config, PARAMS, new SignatureVerifier(1024), clock::get);
  }

  Mempool pool() {
    return pool(MempoolConfig.DEFAULTS);
  }

  AddResult add(Mempool m, Transaction tx) {
    return m.add(tx, state);
  }

  static void assertRefused(AddResult r, Reason reason) {
    assertEquals(Status.REFUSED, r.status(), () -> "expected " + reason + " but got " + r);
    assertEquals(reason, r.refusal().reason(), () -> r.refusal().detail());
    assertFalse(r.isSuccess());
  }

  // --- acceptance and KNOWN ---

  @Test
  void aValidTransactionIsAcceptedAndCanBeFoundByItsHash() {
    Mempool m = pool();
    Transaction tx = transfer(A, 10, 1, 1);
    AddResult r = add(m, tx);
    assertEquals(Status.ACCEPTED, r.status());
    assertTrue(r.isSuccess());
    assertTrue(m.contains(tx.hash()));
    assertEquals(tx, m.get(tx.hash()).orElseThrow());
    assertEquals(1, m.size());
    assertEquals(PoolEntry.heapBytes(tx), m.bytes());
    assertTrue(m.hasExecutable());
  }

  @Test
  void theSameTransactionAgainIsKnownAndChangesNothing() {
    Mempool m = pool();
    Transaction tx = transfer(A, 10, 1, 1);
    add(m, tx);
    AddResult again = add(m, transfer(A, 10, 1, 1));
    assertEquals(Status.KNOWN, again.status());
    assertTrue(again.isSuccess());
    assertNull(again.refusal());
    assertEquals(1, m.size());
    assertEquals(PoolEntry.heapBytes(tx), m.bytes());
  }

  @Test
  void anEmptyPoolHasNothingToSelect() {
    Mempool m = pool();
    assertFalse(m.hasExecutable());
    assertEquals(List.of(), m.selectForBlock(100, 1 << 20));
    assertTrue(m.get(transfer(A, 1, 1, 1).hash()).isEmpty());
  }

  // --- validation ---

  @Test
  void aBadSignatureAWrongChainAndATooLowFeeAreRefusedWithTheirCodes() {
    Mempool m = pool();
    assertRefused(add(m, badlySigned(A, 10, 1, 1)), Reason.BAD_SIGNATURE);
    assertRefused(add(m, transfer(A, SINK, 10, 1, 1, "0x", "other-chain")), Reason.WRONG_CHAIN);
    Mempool strict = new Mempool(MempoolConfig.DEFAULTS, new ChainParams(CHAIN, 1000, 5, 1024, 100, 1 << 20),
        new SignatureVerifier(16), clock::get);
    assertRefused(strict.add(transfer(A, 10, 4, 1), state), Reason.FEE_TOO_LOW);
    assertEquals(0, m.size());
  }

  @Test
  void aTransactionSignedByAnotherKeyThanTheOneTheChainKnowsIsRefused() {
    Mempool m = pool();
    // The chain learned a different key for A's address: the tx's own key no longer matches.
    state.put(A.address(), new Account(1_000, 0, B.publicKey()));
    assertRefused(add(m, transfer(A, 10, 1, 1)), Reason.ADDRESS_MISMATCH);
  }

  @Test
  void aNonceAtOrBelowTheHighestIncludedNonceIsRefusedAndAHigherOneAccepted() {
    Mempool m = pool();
    state.put(A.address(), new Account(1_000, 1_700_000_000_000L, A.publicKey()));
    assertRefused(add(m, transfer(A, 10, 1, 1_700_000_000_000L)), Reason.NONCE_TOO_LOW);
    assertRefused(add(m, transfer(A, 10, 1, 5)), Reason.NONCE_TOO_LOW);
    assertEquals(Status.ACCEPTED, add(m, transfer(A, 10, 1, 1_700_000_000_001L)).status());
  }

  @Test
  void nonceZeroIsValidForASenderThatNeverSent() {
    Mempool m = pool();
    assertEquals(Status.ACCEPTED, add(m, transfer(A, 10, 1, 0)).status());
  }

  // --- replacement ---

  @Test
  void aReplacementPayingExactlyTenPercentMoreReplacesThePendingTransaction() {
    Mempool m = pool();
    Transaction old = transfer(A, 10, 10, 7);
    add(m, old);
    Transaction better = transfer(A, 20, 11, 7);
    AddResult r = add(m, better);
    assertEquals(Status.REPLACED, r.status());
    assertTrue(r.isSuccess());
    assertSame(old, r.replaced());
    assertFalse(m.contains(old.hash()));
    assertTrue(m.contains(better.hash()));
    assertEquals(1, m.size());
    assertEquals(PoolEntry.heapBytes(better), m.bytes());
    // 110% of 15 is 16.5: 17 is the smallest fee that replaces.
    Transaction b15 = transfer(B, 1, 15, 1);
    add(m, b15);
    assertEquals(Status.REPLACED, add(m, transfer(B, 2, 17, 1)).status());
  }

  @Test
  void aReplacementPayingLessThanTenPercentMoreIsRefusedWithTheFeeItNeeds() {
    Mempool m = pool();
    Transaction old = transfer(A, 10, 10, 7);
    add(m, old);
    AddResult same = add(m, transfer(A, 11, 10, 7));
    assertRefused(same, Reason.FEE_TOO_LOW);
    assertTrue(same.refusal().detail().contains("at least 11"), same.refusal().detail());

    add(m, transfer(B, 1, 15, 1));
    AddResult r = add(m, transfer(B, 2, 16, 1));
    assertRefused(r, Reason.FEE_TOO_LOW);
    assertTrue(r.refusal().detail().contains("at least 17"), r.refusal().detail());
    assertTrue(m.contains(old.hash()));
    assertEquals(2, m.size());
  }

  @Test
  void theReplacementFeeIsExactEvenForHugeFees() {
    assertEquals("11", Mempool.replacementFee(10).toString());
    assertEquals("17", Mempool.replacementFee(15).toString());
    assertEquals("1", Mempool.replacementFee(0).toString(), "a replacement always pays strictly more, even at fee 0");
    assertEquals("2", Mempool.replacementFee(1).toString());
    // 110% of 2^63-1, rounded up, is above any long: nothing can replace such a tx.
    assertEquals(new java.math.BigInteger("10145709240540253388"), Mempool.replacementFee(Long.MAX_VALUE));
    assertEquals(new java.math.BigInteger("9223372036854775787"), Mempool.replacementFee(8384883669867977988L));
  }

  // --- funds ---

  @Test
  void pendingSpendsCountAgainstTheBalance() {
    Mempool m = pool();
    state.balance(A.address(), 100);
    assertEquals(Status.ACCEPTED, add(m, transfer(A, 55, 5, 1)).status()); // cost 60
    AddResult over = add(m, transfer(A, 45, 5, 2)); // cost 50 > 40 left
    assertRefused(over, Reason.INSUFFICIENT_FUNDS);
    assertTrue(over.refusal().detail().contains("pending"), over.refusal().detail());
    assertEquals(Status.ACCEPTED, add(m, transfer(A, 35, 5, 3)).status()); // cost 40, exactly what is left
    assertRefused(add(m, transfer(A, 0, 1, 4)), Reason.INSUFFICIENT_FUNDS);
  }

  @Test
  void aReplacementDoesNotCountTheCostOfTheTransactionItReplaces() {
    Mempool m = pool();
    state.balance(A.address(), 100);
    add(m, transfer(A, 80, 10, 1)); // cost 90
    assertEquals(Status.REPLACED, add(m, transfer(A, 89, 11, 1)).status()); // cost 100 instead of 90
    assertRefused(add(m, transfer(A, 88, 13, 1)), Reason.INSUFFICIENT_FUNDS); // cost 101
  }

  @Test
  void aNonceBelowAPendingOneOfTheSameSenderIsAcceptedAndSelectedFirst() {
    Mempool m = pool();
    Transaction later = transfer(A, 1, 1, 2_000);
    Transaction earlier = transfer(A, 1, 1, 1_000);
    add(m, later);
    assertEquals(Status.ACCEPTED, add(m, earlier).status());
    assertEquals(List.of(earlier, later), m.selectForBlock(10, 1 << 20));
  }

  // --- limits and eviction ---

  @Test
  void aSenderOverThePerSenderLimitIsRefusedWithMempoolFullNamingTheLimit() {
    Mempool m = pool(new MempoolConfig(100, 1 << 20, 3, 60_000));
    for (int n = 1; n <= 3; n++) assertEquals(Status.ACCEPTED, add(m, transfer(A, 1, 1, n)).status());
    AddResult r = add(m, transfer(A, 1, 1, 4));
    assertRefused(r, Reason.MEMPOOL_FULL);
    assertTrue(r.refusal().detail().contains("per-sender limit is 3"), r.refusal().detail());
    // A replacement does not count as one more, and other senders are not limited by A.
    assertEquals(Status.REPLACED, add(m, transfer(A, 1, 2, 3)).status());
    assertEquals(Status.ACCEPTED, add(m, transfer(B, 1, 1, 1)).status());
  }

  @Test
  void aFullPoolEvictsTheCheapestLatestTransactionForOneThatPaysMore() {
    Mempool m = pool(new MempoolConfig(3, 1 << 20, 100, 60_000));
    Transaction a = transfer(A, 1, 5, 1);
    Transaction b = transfer(B, 1, 2, 1);
    Transaction c = transfer(C, 1, 2, 1);
    add(m, a);
    add(m, b);
    add(m, c);
    Transaction d = transfer(D, 1, 3, 1);
    assertEquals(Status.ACCEPTED, add(m, d).status());
    assertEquals(3, m.size());
    assertFalse(m.contains(c.hash()), "among equal fees the latest arrival goes");
    assertTrue(m.contains(a.hash()) && m.contains(b.hash()) && m.contains(d.hash()));
  }

  @Test
  void aFullPoolRefusesWithMempoolFullWhenNothingIsCheaper() {
    Mempool m = pool(new MempoolConfig(2, 1 << 20, 100, 60_000));
    add(m, transfer(A, 1, 2, 1));
    add(m, transfer(B, 1, 3, 1));
    AddResult r = add(m, transfer(C, 1, 2, 1)); // pays the same as the cheapest: not strictly more
    assertRefused(r, Reason.MEMPOOL_FULL);
    assertEquals(503, r.refusal().reason().httpStatus());
    assertEquals(2, m.size());
  }

  @Test
  void evictionPrefersASendersHighestNonceAmongEqualFees() {
    Mempool m = pool(new MempoolConfig(3, 1 << 20, 100, 60_000));
    Transaction aHigh = transfer(A, 1, 2, 20);
    Transaction aLow = transfer(A, 1, 2, 10); // arrives later, but is not A's highest nonce
    add(m, aHigh);
    add(m, aLow);
    add(m, transfer(B, 1, 9, 1));
    assertEquals(Status.ACCEPTED, add(m, transfer(C, 1, 3, 1)).status());
    assertFalse(m.contains(aHigh.hash()));
    assertTrue(m.contains(aLow.hash()));
  }

  @Test
  void evictionPrefersAnotherSendersTransactionAndFallsBackToTheSendersOwn() {
    Mempool m = pool(new MempoolConfig(2, 1 << 20, 100, 60_000));
    Transaction b1 = transfer(B, 1, 1, 1);
    Transaction a1 = transfer(A, 1, 1, 1); // latest and cheapest, but A's own
    add(m, b1);
    add(m, a1);
    assertEquals(Status.ACCEPTED, add(m, transfer(A, 1, 2, 2)).status());
    assertFalse(m.contains(b1.hash()));
    assertTrue(m.contains(a1.hash()));

    Mempool own = pool(new MempoolConfig(2, 1 << 20, 100, 60_000));
    Transaction ownCheap = transfer(A, 1, 1, 1);
    add(own, ownCheap);
    add(own, transfer(B, 1, 5, 1));
    assertEquals(Status.ACCEPTED, add(own, transfer(A, 1, 2, 2)).status());
    assertFalse(own.contains(ownCheap.hash()));
  }

  @Test
  void theByteLimitEvictsAsManyCheaperTransactionsAsNeededAndRefusesATransactionLargerThanThePool() {
    Transaction small1 = transfer(A, 1, 1, 1);
    Transaction small2 = transfer(B, 1, 1, 1);
    long limit = PoolEntry.heapBytes(small1) + PoolEntry.heapBytes(small2) + 10;
    long base = PoolEntry.heapBytes(transfer(C, 1, 5, 1, ""));
    // A payload character is held twice: in the compact text and in the signing string.
    Transaction big = transfer(C, 1, 5, 1, "x".repeat((int) (limit - base) / 2));
    long bigHeap = PoolEntry.heapBytes(big);
    assertTrue(bigHeap <= limit && bigHeap > limit - PoolEntry.heapBytes(small1), bigHeap + " for limit " + limit);
    Mempool m = pool(new MempoolConfig(100, limit, 100, 60_000));
    add(m, small1);
    add(m, small2);
    assertEquals(Status.ACCEPTED, add(m, big).status());
    assertEquals(List.of(big), m.snapshot(10));
    assertTrue(m.bytes() <= limit);

    Transaction huge = transfer(D, 1, 100, 1, "y".repeat((int) limit));
    AddResult r = add(m, huge);
    assertRefused(r, Reason.MEMPOOL_FULL);
    assertTrue(r.refusal().detail().contains("at most " + limit + " bytes"), r.refusal().detail());
    assertTrue(m.contains(big.hash()));
  }

  // --- expiry ---

  @Test
  void transactionsOlderThanTheExpiryAreDroppedAfterABlock() {
    Mempool m = pool(new MempoolConfig(100, 1 << 20, 100, 1_000));
    Transaction old = transfer(A, 1, 1, 1);
    add(m, old);
    clock.addAndGet(600);
    Transaction young = transfer(B, 1, 1, 1);
    add(m, young);
    clock.addAndGet(400); // old is exactly expiryMs old: kept
    assertEquals(List.of(), m.onBlockCommitted(List.of(), state));
    assertEquals(2, m.size());
    clock.addAndGet(1);
    assertEquals(List.of(old), m.onBlockCommitted(List.of(), state));
    assertEquals(List.of(young), m.snapshot(10));
  }

  @Test
  void expiredTransactionsAreDroppedWhenAddingToo() {
    Mempool m = pool(new MempoolConfig(100, 1 << 20, 100, 1_000));
    Transaction old = transfer(A, 1, 1, 1);
    add(m, old);
    clock.addAndGet(1_001);
    add(m, transfer(B, 1, 1, 1));
    assertFalse(m.contains(old.hash()));
    assertEquals(1, m.size());
  }

  // --- after a block ---

  @Test
  void afterABlockIncludedTransactionsGoAndTheRestOfTheirSendersIsCheckedAgain() {
    Mempool m = pool();
    state.balance(A.address(), 200);
    Transaction a1 = transfer(A, 20, 10, 1);
    Transaction a2 = transfer(A, 20, 10, 2);
    Transaction a3 = transfer(A, 20, 10, 3);
    Transaction a4 = transfer(A, 20, 10, 4);
    Transaction b1 = transfer(B, 20, 10, 1);
    for (Transaction t : List.of(a1, a2, a3, a4, b1)) assertEquals(Status.ACCEPTED, add(m, t).status());
    // The block holds a1 and another tx of A with nonce 2 (from another node's pool) that spent more.
    Transaction a2other = transfer(A, 70, 10, 2);
    state.put(A.address(), new Account(200 - 30 - 80, 2, A.publicKey())); // 90 left
    List<Transaction> dropped = m.onBlockCommitted(List.of(a1, a2other), state);
    // a2: nonce 2 is included now. a3 + a4 cost 60 <= 90: both stay.
    assertEquals(List.of(a2), dropped);
    // a3 and a4 arrived before b1 and pay the same fee.
    assertEquals(List.of(a3, a4, b1), m.snapshot(10));

    // A spends elsewhere: 40 left, a3 + a4 cost 60, so the highest nonce goes.
    Transaction a5other = transfer(A, 40, 10, 3_000_000);
    state.put(A.address(), new Account(40, 3_000_000, A.publicKey()));
    dropped = m.onBlockCommitted(List.of(a5other), state);
    assertEquals(List.of(a3, a4), dropped, "a3 and a4 both have nonces below the included one");

    state.put(A.address(), new Account(50, 3_000_000, A.publicKey()));
    Transaction a6 = transfer(A, 20, 10, 3_000_001);
    Transaction a7 = transfer(A, 10, 10, 3_000_002);
    assertEquals(Status.ACCEPTED, add(m, a6).status());
    assertEquals(Status.ACCEPTED, add(m, a7).status());
    state.put(A.address(), new Account(30, 3_000_000, A.publicKey()));
    Transaction b2 = transfer(B, 1, 1, 2);
    add(m, b2);
    state.put(B.address(), new Account(1_000_000 - 30, 1, B.publicKey()));
    // Block with b1 only; A is not affected, so its txs are not checked again ...
    assertEquals(List.of(), m.onBlockCommitted(List.of(b1), state));
    // ... until A appears in a block: its balance 30 then covers a6 (30) but not a7.
    Transaction aTiny = transfer(A, 0, 1, 1); // included tx unknown to the pool, with an old nonce
    assertEquals(List.of(a7), m.onBlockCommitted(List.of(aTiny), state));
    assertEquals(List.of(a6, b2), m.snapshot(10));
  }

  // --- selection ---

  @Test
  void selectionOrdersSendersByFeeThenArrivalAndEachSendersTransactionsByNonce() {
    Mempool m = pool();
    Transaction a1 = transfer(A, 1, 5, 1);
    Transaction a2 = transfer(A, 1, 100, 2);
    Transaction b1 = transfer(B, 1, 10, 1);
    Transaction c1 = transfer(C, 1, 5, 1);
    Transaction d9 = transfer(D, 1, 50, 9);
    Transaction d3 = transfer(D, 1, 1, 3);
    for (Transaction t : List.of(a2, c1, a1, b1, d9, d3)) add(m, t);
    // a2 arrived first but waits for a1; c1 arrived before a1, both pay 5; d3 (fee 1) holds d9 back.
    List<Transaction> expected = List.of(b1, c1, a1, a2, d3, d9);
    assertEquals(expected, m.selectForBlock(100, 1 << 20));
    assertEquals(expected, m.snapshot(100));
    assertEquals(expected.subList(0, 3), m.selectForBlock(3, 1 << 20));
    assertEquals(6, m.size(), "selection removes nothing");
  }

  @Test
  void selectionStopsAtTheFirstTransactionThatWouldPassMaxBytes() {
    Mempool m = pool();
    Transaction t1 = transfer(A, 1, 30, 1);
    Transaction t2 = transfer(B, 1, 20, 1, "a longer payload than the others carry");
    Transaction t3 = transfer(C, 1, 10, 1);
    for (Transaction t : List.of(t1, t2, t3)) add(m, t);
    long room = t1.encodedSize() + t3.encodedSize(); // t3 would fit, but t2 comes first and does not
    assertEquals(List.of(t1), m.selectForBlock(10, room));
    assertEquals(List.of(t1, t2), m.selectForBlock(10, t1.encodedSize() + t2.encodedSize()));
    assertEquals(List.of(), m.selectForBlock(10, t1.encodedSize() - 1));
    assertEquals(List.of(), m.selectForBlock(0, 1 << 20));
  }

  // --- persistence ---

  @Test
  void savedTransactionsLoadBackIntoAnEmptyPool(@TempDir Path dir) throws Exception {
    Mempool m = pool();
    List<Transaction> txs = List.of(transfer(A, 1, 3, 1, "hello \u00e9\u4e16"), transfer(A, 2, 1, 2),
        transfer(B, 3, 2, 1), transfer(C, 4, 3, 7));
    for (Transaction t : txs) add(m, t);
    Path file = dir.resolve("mempool.jsonl");
    Files.writeString(file, "stale content\n");
    m.saveTo(file);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(txs.stream().map(Transaction::compactJson).toList(), lines);
    try (var listing = Files.list(dir)) {
      assertEquals(List.of(file), listing.toList(), "no temporary file is left behind");
    }

    Mempool fresh = pool();
    assertEquals(4, fresh.loadFrom(file, state));
    assertEquals(m.snapshot(10), fresh.snapshot(10));
    assertEquals(m.bytes(), fresh.bytes());
  }

  @Test
  void loadingSkipsBrokenAndInvalidLinesAndAMissingFileLoadsNothing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mempool.jsonl");
    Transaction good = transfer(A, 1, 1, 1);
    Transaction bad = badlySigned(B, 1, 1, 1);
    byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, '{', '}', '\n'};
    Files.write(file, (good.compactJson() + "\n{not json\n\n" + bad.compactJson() + "\n[1,2]\n")
        .getBytes(StandardCharsets.UTF_8));
    Files.write(file, notUtf8, java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(file, transfer(C, 1, 1, 1).compactJson() + "\n" + good.compactJson() + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    Mempool m = pool();
    assertEquals(2, m.loadFrom(file, state), "good and C's tx; the repeated good one is KNOWN");
    assertEquals(2, m.size());
    assertEquals(0, pool().loadFrom(dir.resolve("absent.jsonl"), state));
  }

  // --- concurrency ---

  @Test
  void manyThreadsAddingAtOnceLoseNothingAndKeepTheFundsRule() throws Exception {
    Mempool m = pool();
    List<KeyPair> keys = List.of(A, B, C, D);
    for (KeyPair k : keys) state.balance(k.address(), 50 * 11);
    List<Transaction> txs = new ArrayList<>();
    for (KeyPair k : keys) {
      for (int n = 1; n <= 60; n++) txs.add(transfer(k, 10, 1, n)); // 60 x 11 > balance: 50 fit per sender
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<AddResult>> results = new ArrayList<>();
      for (Transaction t : txs) results.add(pool.submit(() -> m.add(t, state)));
      int accepted = 0;
      int refused = 0;
      for (Future<AddResult> f : results) {
        AddResult r = f.get(30, TimeUnit.SECONDS);
        if (r.status() == Status.ACCEPTED) accepted++;
        else if (r.status() == Status.REFUSED && r.refusal().reason() == Reason.INSUFFICIENT_FUNDS) refused++;
      }
      assertEquals(4 * 50, accepted);
      assertEquals(4 * 10, refused);
      assertEquals(200, m.size());
    } finally {
      pool.shutdownNow();
    }
  }

  // --- values ---

  @Test
  void aConfigWithANonPositiveLimitIsRejectedWithItsName() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new MempoolConfig(0, 1, 1, 1))
        .getMessage().contains("maxTxs"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new MempoolConfig(1, 0, 1, 1))
        .getMessage().contains("maxBytes"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new MempoolConfig(1, 1, -1, 1))
        .getMessage().contains("maxPerSender"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new MempoolConfig(1, 1, 1, 0))
        .getMessage().contains("expiryMs"));
    assertEquals(new MempoolConfig(200_000, 192L << 20, 10_000, 3_600_000), MempoolConfig.DEFAULTS);
  }

  @Test
  void anAddResultCarriesARefusalOnlyWhenRefusedAndAReplacedTxOnlyWhenReplaced() {
    assertThrows(IllegalArgumentException.class, () -> new AddResult(Status.ACCEPTED,
        org.aitbc.chain.core.tx.Refusal.of(Reason.FEE_TOO_LOW, "x"), null));
    assertThrows(IllegalArgumentException.class, () -> new AddResult(Status.REFUSED, null, null));
    assertThrows(IllegalArgumentException.class, () -> new AddResult(Status.REPLACED, null, null));
    assertTrue(AddResult.known().isSuccess());
    assertTrue(AddResult.replaced(transfer(A, 1, 1, 1)).isSuccess());
  }
}
