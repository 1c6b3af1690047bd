package org.aitbc.chain.core.mempool;

import static org.aitbc.chain.core.mempool.TestTxs.CHAIN;
import static org.aitbc.chain.core.mempool.TestTxs.PARAMS;
import static org.aitbc.chain.core.mempool.TestTxs.SINK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.mempool.AddResult.Status;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.BlockExecutor;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;

/**
 * Random sequences of adds (valid, replacing, repeated, badly signed, for another chain; ordered and
 * unordered nonces), blocks made from the pool's own selection, and clock ticks, against a small
 * in-memory state. After every step the pool's invariants are checked; no transaction is ever included
 * twice (an unordered one sent again after its block is refused) and no sender overspends.
 */
class MempoolProperties {
  static final List<KeyPair> KEYS = IntStream.range(20, 24).mapToObj(TestTxs::key).toList();
  static final SignatureVerifier VERIFIER = new SignatureVerifier(1 << 16);
  static final MempoolConfig CONFIG = new MempoolConfig(12, 9_000, 4, 3_000);

  enum Kind { VALID, BAD_SIGNATURE, WRONG_CHAIN }

  sealed interface Step {}

  /** A new transaction; {@code to} picks one of the senders or (4) the sink. */
  record Add(int sender, long nonce, long amount, long fee, int payloadLen, int to, Kind kind) implements Step {}

  /** One of the transactions built so far, again. */
  record Resend(int index) implements Step {}

  /** One of the unordered (nonce 0) transactions built so far, again: a replay once it is included. */
  record ResendUnordered(int index) implements Step {}

  /** The pool's selection goes into a block. */
  record Block(int maxTxs, int maxBytes, int proposer) implements Step {}

  /**
   * A block made elsewhere: one transaction the pool may not know, spending {@code percent} of the
   * sender's balance.
   */
  record ForeignBlock(int sender, long nonce, int percent) implements Step {}

  record Tick(long ms) implements Step {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Kind> kind = Arbitraries.frequency(Tuple.of(18, Kind.VALID), Tuple.of(1, Kind.BAD_SIGNATURE),
        Tuple.of(1, Kind.WRONG_CHAIN));
    Arbitrary<Step> add = Combinators.combine(Arbitraries.integers().between(0, KEYS.size() - 1),
        Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0L)), Tuple.of(13, Arbitraries.longs().between(1, 15))),
        Arbitraries.longs().between(0, 80), Arbitraries.longs().between(1, 40),
        Arbitraries.integers().between(0, 120), Arbitraries.integers().between(0, KEYS.size()), kind)
        .as(Add::new);
    Arbitrary<Step> resend = Arbitraries.integers().between(0, 1_000).map(Resend::new);
    Arbitrary<Step> resendUnordered = Arbitraries.integers().between(0, 1_000).map(ResendUnordered::new);
    Arbitrary<Step> block = Combinators.combine(Arbitraries.integers().between(0, 8),
        Arbitraries.integers().between(0, 4_000), Arbitraries.integers().between(0, KEYS.size())).as(Block::new);
    Arbitrary<Step> foreign = Combinators.combine(Arbitraries.integers().between(0, KEYS.size() - 1),
        Arbitraries.longs().between(0, 6), Arbitraries.integers().between(0, 100)).as(ForeignBlock::new);
    Arbitrary<Step> tick = Arbitraries.longs().between(0, 4_000).map(Tick::new);
    return Arbitraries.frequencyOf(Tuple.of(14, add), Tuple.of(2, resend), Tuple.of(2, resendUnordered),
            Tuple.of(2, block), Tuple.of(2, foreign),
            Tuple.of(2, tick))
        .list().ofMinSize(10).ofMaxSize(40);
  }

  @Property(tries = 100)
  void thePoolNeverOverspendsNeverHoldsTwoTxsForOneNonceKeepsItsLimitsAndSelectsInOrder(
      @ForAll("steps") List<Step> steps,
      @ForAll @Size(4) List<@LongRange(min = 20, max = 400) Long> balances) {
    new Run(balances).play(steps);
  }

  /** One sequence played against a pool and a model of what it should hold. */
  static final class Run {
    final AtomicLong clock = new AtomicLong(1_000_000);
    final MapState state = new MapState();
    final Mempool pool = new Mempool(CONFIG, PARAMS, VERIFIER, clock::get);
    final List<Transaction> history = new ArrayList<>();
    final Map<Bytes, Long> arrivalOrder = new HashMap<>();
    final Map<Bytes, Long> arrivalTime = new HashMap<>();
    final Set<Bytes> includedEver = new HashSet<>();
    long arrivals;

    Run(List<Long> balances) {
      for (int i = 0; i < KEYS.size(); i++) state.balance(KEYS.get(i).address(), balances.get(i));
    }

    void play(List<Step> steps) {
      for (Step step : steps) {
        if (step instanceof Add a) {
          add(build(a), a.kind());
        } else if (step instanceof Resend r) {
          if (!history.isEmpty()) add(history.get(r.index() % history.size()), null);
        } else if (step instanceof ResendUnordered r) {
          List<Transaction> unordered = history.stream().filter(Transaction::isUnordered).toList();
          if (!unordered.isEmpty()) add(unordered.get(r.index() % unordered.size()), null);
        } else if (step instanceof Block b) {
          block(b);
        } else if (step instanceof ForeignBlock f) {
          foreignBlock(f);
        } else if (step instanceof Tick t) {
          clock.addAndGet(t.ms());
        }
        checkInvariants();
      }
    }

    Transaction build(Add a) {
      KeyPair k = KEYS.get(a.sender());
      String to = a.to() < KEYS.size() ? KEYS.get(a.to()).address() : SINK;
      String payload = "p".repeat(a.payloadLen());
      return switch (a.kind()) {
        case VALID -> TestTxs.transfer(k, to, a.amount(), a.fee(), a.nonce(), payload, CHAIN);
        case WRONG_CHAIN -> TestTxs.transfer(k, to, a.amount(), a.fee(), a.nonce(), payload, "elsewhere");
        case BAD_SIGNATURE -> TestTxs.badlySigned(k, a.amount(), a.fee(), a.nonce());
      };
    }

    void add(Transaction tx, Kind kind) {
      if (kind == null || kind == Kind.VALID) history.add(tx);
      Set<Transaction> before = new HashSet<>(pool.snapshot(Integer.MAX_VALUE));
      // Pending and not expired: an expired tx sent again is a new arrival.
      boolean wasPending = pool.contains(tx.hash())
          && arrivalTime.get(tx.hash()) >= clock.get() - CONFIG.expiryMs();
      AddResult r = pool.add(tx, state);
      Set<Transaction> after = new HashSet<>(pool.snapshot(Integer.MAX_VALUE));

      if (kind == Kind.BAD_SIGNATURE) assertRefusedWith(r, Reason.BAD_SIGNATURE);
      if (kind == null && tx.isUnordered() && includedEver.contains(tx.hash())) assertRefusedWith(r, Reason.NONCE_TOO_LOW);
      if (kind == Kind.WRONG_CHAIN) assertRefusedWith(r, Reason.WRONG_CHAIN);
      switch (r.status()) {
        case KNOWN -> {
          assertTrue(wasPending, "KNOWN only for a pending transaction");
          assertTrue(after.contains(tx));
        }
        case ACCEPTED, REPLACED -> {
          assertFalse(wasPending);
          assertTrue(after.contains(tx));
          arrivalOrder.put(tx.hash(), arrivals++);
          arrivalTime.put(tx.hash(), clock.get());
          if (r.status() == Status.REPLACED) {
            Transaction old = r.replaced();
            assertTrue(before.contains(old));
            assertFalse(after.contains(old));
            assertEquals(old.from(), tx.from());
            assertEquals(old.nonce(), tx.nonce());
            assertTrue(BigInteger.valueOf(tx.fee()).multiply(BigInteger.TEN)
                .compareTo(BigInteger.valueOf(old.fee()).multiply(BigInteger.valueOf(11))) >= 0,
                "a replacement pays at least 110% of the old fee");
          }
          // Whatever else left the pool expired or was evicted for a tx that pays strictly more.
          long cutoff = clock.get() - CONFIG.expiryMs();
          for (Transaction gone : before) {
            if (after.contains(gone) || gone.equals(r.replaced())) continue;
            if (arrivalTime.get(gone.hash()) < cutoff) continue;
            assertTrue(gone.fee() < tx.fee(), () -> "evicted " + gone + " for " + tx);
          }
        }
        case REFUSED -> {
          assertFalse(after.contains(tx) && !wasPending);
          for (Transaction t : after) assertTrue(before.contains(t), "a refusal adds nothing");
        }
      }
      checkNothingExpired();
    }

    void block(Block b) {
      List<Transaction> all = pool.snapshot(Integer.MAX_VALUE);
      List<Transaction> selected = pool.selectForBlock(b.maxTxs(), b.maxBytes());
      assertEquals(longestPrefixWithin(all, b.maxTxs(), b.maxBytes()), selected);
      assertEquals(all.size(), pool.size(), "selection removes nothing");

      String proposer = b.proposer() < KEYS.size() ? KEYS.get(b.proposer()).address() : SINK;
      BlockExecutor.Result result = BlockExecutor.execute(selected, proposer, PARAMS, state, VERIFIER, false);
      assertEquals(List.of(), result.rejected(), "every selected transaction is executable in order");
      commit(selected, result);

      List<Transaction> dropped = pool.onBlockCommitted(selected, state);
      Set<Transaction> pending = new HashSet<>(pool.snapshot(Integer.MAX_VALUE));
      for (Transaction t : selected) assertFalse(pool.contains(t.hash()), "included txs leave the pool");
      for (Transaction t : dropped) {
        assertFalse(selected.contains(t), "included txs are not reported as dropped");
        assertFalse(pending.contains(t));
      }
      for (Transaction t : all) {
        if (!selected.contains(t) && !pending.contains(t)) assertTrue(dropped.contains(t), "every loss is reported");
      }
      checkFundsDropsTookTheHighestNonces(dropped, pending);
      checkNothingExpired();
    }

    void foreignBlock(ForeignBlock f) {
      KeyPair k = KEYS.get(f.sender());
      long amount = Math.max(0, state.account(k.address()).balance() * f.percent() / 100 - 1);
      Transaction tx = TestTxs.transfer(k, SINK, amount, 1, f.nonce(), "0x", CHAIN);
      BlockExecutor.Result result = BlockExecutor.execute(List.of(tx), SINK, PARAMS, state, VERIFIER, false);
      if (!result.rejected().isEmpty()) return; // not valid on this chain now: no such block
      List<Transaction> all = pool.snapshot(Integer.MAX_VALUE);
      commit(List.of(tx), result);
      List<Transaction> dropped = pool.onBlockCommitted(List.of(tx), state);
      Set<Transaction> pending = new HashSet<>(pool.snapshot(Integer.MAX_VALUE));
      for (Transaction t : all) {
        if (!t.equals(tx) && !pending.contains(t)) assertTrue(dropped.contains(t), "every loss is reported");
      }
      for (Transaction t : dropped) assertFalse(pending.contains(t));
      checkFundsDropsTookTheHighestNonces(dropped, pending);
      checkNothingExpired();
    }

    /** A block's transactions go into the state and the included set; none was ever included before. */
    void commit(List<Transaction> txs, BlockExecutor.Result result) {
      for (Transaction t : txs) assertTrue(includedEver.add(t.hash()), () -> t + " included twice");
      state.putAll(result.state().changes());
      state.include(txs);
    }

    /**
     * A tx dropped for lack of funds (not expired, nonce still valid) went before every one of its sender's
     * that stayed: ordered ones from the highest nonce down, then unordered ones from the latest arrival.
     */
    void checkFundsDropsTookTheHighestNonces(List<Transaction> dropped, Set<Transaction> pending) {
      long cutoff = clock.get() - CONFIG.expiryMs();
      for (Transaction d : dropped) {
        if (arrivalTime.get(d.hash()) < cutoff) continue;
        if (!d.isUnordered() && d.nonce() <= state.account(d.from()).nonce()) continue;
        for (Transaction p : pending) {
          if (!p.from().equals(d.from())) continue;
          if (d.isUnordered()) {
            assertTrue(p.isUnordered() && arrivalOrder.get(p.hash()) < arrivalOrder.get(d.hash()),
                () -> "dropped " + d + " but kept " + p);
          } else {
            assertTrue(p.isUnordered() || p.nonce() < d.nonce(), () -> "dropped " + d + " but kept " + p);
          }
        }
      }
    }

    void checkNothingExpired() {
      long cutoff = clock.get() - CONFIG.expiryMs();
      for (Transaction t : pool.snapshot(Integer.MAX_VALUE)) {
        assertTrue(arrivalTime.get(t.hash()) >= cutoff, () -> t + " should have expired");
      }
    }

    void checkInvariants() {
      List<Transaction> all = pool.snapshot(Integer.MAX_VALUE);
      assertEquals(pool.size(), all.size());
      assertEquals(pool.bytes(), all.stream().mapToLong(PoolEntry::heapBytes).sum());
      assertEquals(!all.isEmpty(), pool.hasExecutable());
      assertTrue(all.size() <= CONFIG.maxTxs());
      assertTrue(pool.bytes() <= CONFIG.maxBytes());

      Map<String, List<Transaction>> bySender = new HashMap<>();
      for (Transaction t : all) {
        assertTrue(pool.contains(t.hash()));
        assertEquals(t, pool.get(t.hash()).orElseThrow());
        bySender.computeIfAbsent(t.from(), k -> new ArrayList<>()).add(t);
      }
      for (Map.Entry<String, List<Transaction>> e : bySender.entrySet()) {
        List<Transaction> txs = e.getValue();
        Account account = state.account(e.getKey());
        assertTrue(txs.size() <= CONFIG.maxPerSender(), "per-sender limit");
        List<Transaction> ordered = txs.stream().filter(t -> !t.isUnordered()).toList();
        assertEquals(ordered.size(), ordered.stream().map(Transaction::nonce).distinct().count(), "one tx per sender and nonce");
        long spend = txs.stream().mapToLong(Transaction::cost).sum();
        assertTrue(spend <= account.balance(), () -> "overspend by " + e.getKey() + ": " + spend + " > " + account.balance());
        for (Transaction t : ordered) assertTrue(t.nonce() > account.nonce(), "nonce above the included one");
        for (Transaction t : txs) assertFalse(state.isIncluded(t.hash()), "an included tx is not pending");
      }
      assertEquals(referenceOrder(all), all, "fee, then arrival, across senders; nonce within a sender");
    }

    /**
     * Block order computed the slow way: each step takes the best of the senders' lowest nonces, each
     * unordered transaction being a queue of its own.
     */
    List<Transaction> referenceOrder(Collection<Transaction> pending) {
      Map<String, TreeMap<Long, Transaction>> queues = new HashMap<>();
      for (Transaction t : pending) {
        String queue = t.isUnordered() ? t.hashHex() : t.from();
        queues.computeIfAbsent(queue, k -> new TreeMap<>()).put(t.nonce(), t);
      }
      Comparator<Transaction> best = Comparator.comparingLong(Transaction::fee).reversed()
          .thenComparingLong(t -> arrivalOrder.get(t.hash()));
      List<Transaction> out = new ArrayList<>();
      while (!queues.isEmpty()) {
        Transaction pick = queues.values().stream().map(q -> q.firstEntry().getValue()).min(best).orElseThrow();
        out.add(pick);
        String queue = pick.isUnordered() ? pick.hashHex() : pick.from();
        TreeMap<Long, Transaction> q = queues.get(queue);
        q.remove(pick.nonce());
        if (q.isEmpty()) queues.remove(queue);
      }
      return out;
    }

    static List<Transaction> longestPrefixWithin(List<Transaction> ordered, int maxTxs, long maxBytes) {
      List<Transaction> out = new ArrayList<>();
      long bytes = 0;
      for (Transaction t : ordered) {
        if (out.size() >= maxTxs || bytes + t.encodedSize() > maxBytes) break;
        out.add(t);
        bytes += t.encodedSize();
      }
      return out;
    }

    static void assertRefusedWith(AddResult r, Reason reason) {
      assertEquals(Status.REFUSED, r.status());
      assertEquals(reason, r.refusal().reason());
      assertNotEquals("", r.refusal().detail());
    }
  }
}
