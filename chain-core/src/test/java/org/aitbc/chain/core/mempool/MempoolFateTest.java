package org.aitbc.chain.core.mempool;

import static org.aitbc.chain.core.mempool.TestTxs.PARAMS;
import static org.aitbc.chain.core.mempool.TestTxs.key;
import static org.aitbc.chain.core.mempool.TestTxs.transfer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.mempool.AddResult.Status;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.BlockExecutor;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Refusal;
import org.aitbc.chain.core.tx.Transaction;
import org.junit.jupiter.api.Test;

/** A transaction answered "accepted" is included, or the pool says why it left (issue 13, defect 5). */
class MempoolFateTest {
  static final KeyPair A = key(1);
  static final KeyPair B = key(2);

  final AtomicLong clock = new AtomicLong(1_000_000);
  final MapState state = new MapState().balance(A.address(), 1_000_000).balance(B.address(), 1_000_000);

  Mempool pool(MempoolConfig config) {
    return new Mempool(config, PARAMS, new SignatureVerifier(1024), clock::get);
  }

  DroppedTx fate(Mempool m, Transaction tx) {
    return m.dropped(tx.hash()).orElseThrow(() -> new AssertionError("no fate remembered for " + tx.hashHex()));
  }

  @Test
  void aLowerNonceAcceptedWhileAHigherOneIsBeingSealedIsRememberedAsDroppedWithTheReason() {
    Mempool m = pool(MempoolConfig.DEFAULTS);
    Transaction high = transfer(A, 1, 1, 2_000);
    assertEquals(Status.ACCEPTED, m.add(high, state).status());
    assertEquals(List.of(high), m.selectForBlock(10, 1 << 20)); // the engine is sealing it
    Transaction low = transfer(A, 1, 1, 1_999); // a second client thread, a millisecond behind
    assertEquals(Status.ACCEPTED, m.add(low, state).status(), "valid against the head it met");
    state.put(A.address(), new Account(1_000_000 - 2, 2_000, A.publicKey()));
    assertEquals(List.of(low), m.onBlockCommitted(List.of(high), state));
    DroppedTx d = fate(m, low);
    assertEquals("NONCE_TOO_LOW", d.code());
    assertTrue(d.detail().contains("2000"), d.detail());
    assertEquals(A.address(), d.from());
    assertEquals(1_999, d.nonce());
    assertEquals(clock.get(), d.atMillis());
    assertTrue(m.dropped(high.hash()).isEmpty(), "an included transaction has no drop record");
  }

  @Test
  void evictedReplacedExpiredAndUnaffordableTransactionsEachSayWhy() {
    Mempool m = pool(new MempoolConfig(2, 1 << 20, 100, 1_000));
    Transaction cheap = transfer(A, 1, 1, 1);
    Transaction other = transfer(B, 1, 5, 1);
    m.add(cheap, state);
    m.add(other, state);
    Transaction rich = transfer(B, 1, 9, 2);
    assertEquals(Status.ACCEPTED, m.add(rich, state).status());
    assertEquals("EVICTED", fate(m, cheap).code());
    assertTrue(fate(m, cheap).detail().contains(rich.hashHex()));

    Transaction bump = transfer(B, 1, 10, 2);
    assertEquals(Status.REPLACED, m.add(bump, state).status());
    assertEquals("REPLACED", fate(m, rich).code());

    clock.addAndGet(1_001);
    m.onBlockCommitted(List.of(), state);
    assertEquals("EXPIRED", fate(m, other).code());
    assertEquals("EXPIRED", fate(m, bump).code());

    Transaction spend = transfer(A, 900, 1, 5);
    m.add(spend, state);
    state.put(A.address(), new Account(10, 4, A.publicKey()));
    m.onBlockCommitted(List.of(transfer(A, 1, 1, 4)), state);
    assertEquals("INSUFFICIENT_FUNDS", fate(m, spend).code());
  }

  @Test
  void aTransactionLeftOutOfABlockCarriesTheRefusalAndAResubmissionForgetsTheDrop() {
    Mempool m = pool(MempoolConfig.DEFAULTS);
    Transaction tx = transfer(A, 1, 1, 1);
    m.add(tx, state);
    m.dropInvalid(List.of(new BlockExecutor.Rejected(0, tx, Refusal.of(Reason.INSUFFICIENT_FUNDS, "spent elsewhere"))));
    assertEquals(0, m.size());
    assertEquals("INSUFFICIENT_FUNDS", fate(m, tx).code());
    assertTrue(fate(m, tx).detail().contains("spent elsewhere"));
    assertEquals(Status.ACCEPTED, m.add(tx, state).status());
    assertTrue(m.dropped(tx.hash()).isEmpty(), "pending again: no stale fate");
  }

  @Test
  void theMemoryOfDropsIsBoundedAndKeepsTheLatest() {
    Mempool m = pool(new MempoolConfig(1, 1 << 20, 100, 3_600_000));
    Transaction first = null;
    Transaction last = null;
    for (int i = 1; i <= Mempool.DROPPED_REMEMBERED + 2; i++) {
      Transaction t = transfer(A, 1, i, i); // each pays more and evicts the one before
      assertTrue(m.add(t, state).isSuccess());
      if (i == 1) first = t;
      last = t;
    }
    assertTrue(m.dropped(first.hash()).isEmpty(), "the oldest fate is forgotten");
    assertEquals(1, m.size());
    assertTrue(m.contains(last.hash()));
  }
}
