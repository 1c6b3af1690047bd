package org.aitbc.chain.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.testutil.Keys;
import org.aitbc.chain.core.testutil.MemoryState;
import org.aitbc.chain.core.testutil.Transfers;
import org.aitbc.chain.core.tx.ChainParams;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;

/**
 * The state transition over random genesis allocations and random blocks of signed transfers between
 * a handful of keys, some of them invalid: supply is conserved (fees move to the proposer), no balance
 * goes negative, nonces only grow, rejected transactions change nothing, no unordered transaction
 * (nonce 0) is applied twice (replays within a block and in later blocks), and the executor applies
 * exactly the transactions a simple reference model says are valid.
 */
class StateTransitionProperties {
  static final int KEYS = 5;
  static final KeyPair[] KEY = new KeyPair[KEYS];
  /** Index KEYS is the separate authority; proposers are drawn from all KEYS + 1. */
  static final KeyPair AUTHORITY = Keys.key(20);
  /** Recipients that never send: a fresh address and one in the bech32-like long form. */
  static final String FRESH = Keys.key(21).address();
  static final String LONG_FORM = "ait1" + "q".repeat(58);
  static final long MIN_FEE = 1;
  static final ChainParams PARAMS = new ChainParams(Transfers.CHAIN_ID, 1000, MIN_FEE, 1024, 1000, 1 << 20);

  static {
    for (int i = 0; i < KEYS; i++) KEY[i] = Keys.key(10 + i);
  }

  enum Fault { NONE, CORRUPT_SIGNATURE, NO_PUBLIC_KEY, WRONG_CHAIN, FEE_TOO_LOW, SIGNED_BY_OTHER }

  enum NonceMode { NEXT, REPEAT, JUMP, ZERO, REPLAY_UNORDERED }

  record Op(int sender, int recipient, long amount, long fee, NonceMode nonce, Fault fault) {}

  record Block(int proposer, List<Op> ops) {}

  @Provide
  Arbitrary<List<Long>> allocations() {
    return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)), Tuple.of(6, Arbitraries.longs().between(0, 10_000)))
        .list().ofSize(KEYS + 3);
  }

  @Provide
  Arbitrary<List<Block>> blocks() {
    Arbitrary<Op> op = Combinators.combine(
        Arbitraries.integers().between(0, KEYS - 1),
        Arbitraries.integers().between(0, KEYS + 2),
        Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)), Tuple.of(8, Arbitraries.longs().between(0, 4_000))),
        Arbitraries.longs().between(MIN_FEE, 50),
        Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(NonceMode.NEXT)), Tuple.of(2, Arbitraries.just(NonceMode.REPEAT)),
            Tuple.of(1, Arbitraries.just(NonceMode.JUMP)), Tuple.of(2, Arbitraries.just(NonceMode.ZERO)),
            Tuple.of(1, Arbitraries.just(NonceMode.REPLAY_UNORDERED))),
        Arbitraries.frequency(Tuple.of(10, Fault.NONE), Tuple.of(1, Fault.CORRUPT_SIGNATURE), Tuple.of(1, Fault.NO_PUBLIC_KEY),
            Tuple.of(1, Fault.WRONG_CHAIN), Tuple.of(1, Fault.FEE_TOO_LOW), Tuple.of(1, Fault.SIGNED_BY_OTHER)))
        .as(Op::new);
    Arbitrary<Block> block = Combinators.combine(Arbitraries.integers().between(0, KEYS), op.list().ofMaxSize(10))
        .as(Block::new);
    return block.list().ofMinSize(1).ofMaxSize(6);
  }

  static String address(int index) {
    if (index < KEYS) return KEY[index].address();
    if (index == KEYS) return AUTHORITY.address();
    return index == KEYS + 1 ? FRESH : LONG_FORM;
  }

  @Property(tries = 100)
  void supplyIsConservedNoBalanceGoesNegativeNoncesGrowAndRejectedTxsChangeNothing(
      @ForAll("allocations") List<Long> allocations, @ForAll("blocks") List<Block> blocks) {
    Map<String, Long> balances = new LinkedHashMap<>();
    for (int i = 0; i < allocations.size(); i++) balances.put(address(i), allocations.get(i));
    MemoryState state = MemoryState.withBalances(balances);
    BigInteger supply = state.totalSupply();
    SignatureVerifier verifier = new SignatureVerifier(1024);
    long[] clientNonce = new long[KEYS];
    List<Transaction> unorderedSent = new ArrayList<>(); // well-formed unordered txs, for replays
    Set<Bytes> modelIncluded = new HashSet<>();

    for (Block block : blocks) {
      String proposer = block.proposer() == KEYS ? AUTHORITY.address() : KEY[block.proposer()].address();
      List<Transaction> txs = new ArrayList<>();
      List<Fault> faults = new ArrayList<>();
      for (Op op : block.ops()) {
        if (op.nonce() == NonceMode.REPLAY_UNORDERED && !unorderedSent.isEmpty()) {
          txs.add(unorderedSent.get((int) (op.amount() % unorderedSent.size())));
          faults.add(Fault.NONE);
          continue;
        }
        Transaction tx = sign(op, clientNonce);
        if (tx.isUnordered() && op.fault() == Fault.NONE) unorderedSent.add(tx);
        txs.add(tx);
        faults.add(op.fault());
      }

      Map<String, Account> before = state.snapshot();
      BlockExecutor.Result r = BlockExecutor.execute(txs, proposer, PARAMS, state, verifier, true);

      // The executor's choice equals the reference model's, and the model's resulting state is the executor's.
      Map<String, Account> model = new TreeMap<>(before);
      List<Transaction> expectedApplied = new ArrayList<>();
      for (int i = 0; i < txs.size(); i++) {
        Transaction tx = txs.get(i);
        boolean replay = tx.isUnordered() && modelIncluded.contains(tx.hash());
        if (tx.isUnordered() && faults.get(i) == Fault.NONE) {
          Statistics.label("unordered").collect(replay ? "replay" : "first");
        }
        if (!replay && modelAccepts(faults.get(i), tx, model)) {
          modelApply(tx, proposer, model);
          expectedApplied.add(tx);
          if (tx.isUnordered()) modelIncluded.add(tx.hash());
        }
      }
      assertEquals(expectedApplied, r.applied(), "applied transactions differ from the reference model");
      assertEquals(txs.size(), r.applied().size() + r.rejected().size());
      for (BlockExecutor.Rejected rej : r.rejected()) assertEquals(txs.get(rej.index()), rej.tx());

      // Rejected transactions change nothing: executing only the applied ones gives the same changes.
      BlockExecutor.Result again = BlockExecutor.execute(r.applied(), proposer, PARAMS, state, verifier, false);
      assertTrue(again.rejected().isEmpty(), () -> "an applied tx fails when replayed alone: " + again.rejected());
      assertEquals(r.state().changes(), again.state().changes());

      state.apply(r.state().changes());
      state.include(r.applied());
      Map<String, Account> after = state.snapshot();
      model.values().removeIf(a -> !a.exists());
      assertEquals(model, after, "state differs from the reference model");

      assertEquals(supply, state.totalSupply(), "total supply changed");
      Statistics.label("block").collect(r.applied().isEmpty() ? "nothing applied" : "something applied");
      for (BlockExecutor.Rejected rej : r.rejected()) Statistics.label("refusal").collect(rej.refusal().reason());
      for (Map.Entry<String, Account> e : after.entrySet()) {
        assertTrue(e.getValue().balance() >= 0, () -> "negative balance of " + e.getKey());
        Account was = before.getOrDefault(e.getKey(), Account.EMPTY);
        assertTrue(e.getValue().nonce() >= was.nonce(), () -> "nonce went down for " + e.getKey());
        if (was.publicKey() != null) assertEquals(was.publicKey(), e.getValue().publicKey(), "a learned key changed");
      }
      for (String a : before.keySet()) assertTrue(after.containsKey(a), () -> "account vanished: " + a);
    }
  }

  /** Keeps the property from passing vacuously: most blocks apply something, every refusal occurs. */
  @AfterProperty
  void coverage() {
    Statistics.label("block").coverage(c -> c.check("something applied").percentage(p -> p > 50));
    Statistics.label("unordered").coverage(c -> {
      c.check("first").count(n -> n > 0);
      c.check("replay").count(n -> n > 0);
    });
    Statistics.label("refusal").coverage(c -> {
      for (Reason reason : new Reason[] {Reason.WRONG_CHAIN, Reason.FEE_TOO_LOW, Reason.UNKNOWN_PUBLIC_KEY,
          Reason.BAD_SIGNATURE, Reason.NONCE_TOO_LOW, Reason.INSUFFICIENT_FUNDS}) {
        c.check(reason).count(n -> n > 0);
      }
    });
  }

  private static Transaction sign(Op op, long[] clientNonce) {
    KeyPair k = KEY[op.sender()];
    long nonce = switch (op.nonce()) {
      case NEXT -> ++clientNonce[op.sender()];
      case REPEAT -> clientNonce[op.sender()];
      case JUMP -> clientNonce[op.sender()] += 1000;
      case ZERO, REPLAY_UNORDERED -> 0;
    };
    Transfers.Builder b = Transfers.from(k).to(address(op.recipient())).amount(op.amount()).fee(op.fee()).nonce(nonce)
        .payload(op.amount() % 3 == 0 ? "0x" : "ping");
    switch (op.fault()) {
      case CORRUPT_SIGNATURE -> b.corruptSignature();
      case NO_PUBLIC_KEY -> b.withoutPublicKey();
      case WRONG_CHAIN -> b.chainId("other-chain");
      case FEE_TOO_LOW -> b.fee(MIN_FEE - 1);
      case SIGNED_BY_OTHER -> b.signedBy(KEY[(op.sender() + 1) % KEYS]);
      case NONE -> { }
    }
    return b.tx();
  }

  /** The rules, written independently of TxRules, for transfers built by {@link #sign}. */
  private static boolean modelAccepts(Fault fault, Transaction tx, Map<String, Account> model) {
    Account sender = model.getOrDefault(tx.from(), Account.EMPTY);
    switch (fault) {
      case CORRUPT_SIGNATURE, WRONG_CHAIN, FEE_TOO_LOW, SIGNED_BY_OTHER -> {
        return false;
      }
      case NO_PUBLIC_KEY -> {
        if (sender.publicKey() == null) return false;
      }
      case NONE -> { }
    }
    if (!tx.isUnordered() && sender.hasNonce() && tx.nonce() <= sender.nonce()) return false;
    return BigInteger.valueOf(tx.amount()).add(BigInteger.valueOf(tx.fee())).compareTo(BigInteger.valueOf(sender.balance())) <= 0;
  }

  private static void modelApply(Transaction tx, String proposer, Map<String, Account> model) {
    Map<String, Long> delta = new HashMap<>();
    delta.merge(tx.from(), -(tx.amount() + tx.fee()), Long::sum);
    delta.merge(tx.to(), tx.amount(), Long::sum);
    delta.merge(proposer, tx.fee(), Long::sum);
    delta.forEach((a, d) -> {
      Account x = model.getOrDefault(a, Account.EMPTY);
      model.put(a, new Account(x.balance() + d, x.nonce(), x.publicKey()));
    });
    Account s = model.get(tx.from());
    // An unordered tx (nonce 0) marks a sender that never sent and leaves a higher nonce as it is.
    long nonce = tx.isUnordered() ? Math.max(s.nonce(), 0) : tx.nonce();
    model.put(tx.from(), new Account(s.balance(), nonce, s.publicKey() != null ? s.publicKey() : tx.publicKey().orElseThrow()));
  }
}
