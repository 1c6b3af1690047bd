package org.aitbc.chain.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.testutil.Keys;
import org.aitbc.chain.core.testutil.MemoryState;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.core.util.Hex;

/**
 * The state root commits to the whole account state, not to the way it was reached: the same final
 * state through different block sequences gives the same root; any single change gives another root;
 * prepare() changes nothing until apply().
 */
class StateCommitmentProperties {
  /** Addresses with several groups that share a bucket, so that bucket merging is exercised. */
  static final List<String> POOL = addressPool();

  static List<String> addressPool() {
    Map<Integer, List<String>> byBucket = new HashMap<>();
    List<String> pool = new ArrayList<>();
    int groups = 0;
    for (int i = 0; i < 40_000 && groups < 8; i++) {
      String a = "ait1" + Bytes.wrap(Hashes.sha256(("addr-" + i).getBytes(StandardCharsets.US_ASCII))).hex().substring(0, 40);
      List<String> same = byBucket.computeIfAbsent(StateCommitment.bucketOf(a), k -> new ArrayList<>());
      same.add(a);
      if (same.size() == 2) {
        pool.addAll(same);
        groups++;
      }
    }
    for (int i = 0; i < 12; i++) pool.add(Keys.key(30 + i).address());
    pool.add("ait1" + "q".repeat(58)); // a long (bech32-like) recipient form
    return List.copyOf(pool);
  }

  @Provide
  Arbitrary<Account> accounts() {
    Arbitrary<Long> balance = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)),
        Tuple.of(1, Arbitraries.just(Long.MAX_VALUE - 1)), Tuple.of(6, Arbitraries.longs().between(0, 1_000_000_000_000L)));
    Arbitrary<Long> nonce = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(Account.NO_NONCE)),
        Tuple.of(3, Arbitraries.longs().between(0, Long.MAX_VALUE)));
    Arbitrary<Bytes> key = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just((Bytes) null)),
        Tuple.of(2, Arbitraries.integers().between(0, 3).map(i -> Keys.key(40 + i).publicKey())));
    return Combinators.combine(balance, nonce, key).as(Account::new);
  }

  @Provide
  Arbitrary<Map<String, Account>> states() {
    return Arbitraries.maps(Arbitraries.of(POOL), accounts()).ofMaxSize(14);
  }

  @Provide
  Arbitrary<List<Map<String, Account>>> blockSequences() {
    return Arbitraries.maps(Arbitraries.of(POOL), accounts()).ofMaxSize(6).list().ofMaxSize(5);
  }

  /**
   * A commitment and the committed state behind it, as the store keeps them. Building a commitment
   * hashes all 65,535 inner nodes, so the properties share one chain and empty it between tries.
   */
  static final class Chain {
    final StateCommitment commitment = new StateCommitment(Map.of());
    final MemoryState state = new MemoryState();
    final Map<Integer, byte[]> bucketHashes = new HashMap<>();

    void commit(Map<String, Account> changes) {
      StateCommitment.Update u = commitment.prepare(changes, state);
      state.apply(changes);
      commitment.apply(u);
      bucketHashes.putAll(u.bucketHashes());
    }

    /** Empties every account; the root must then be the empty root again. */
    Chain reset() {
      Map<String, Account> clear = new HashMap<>();
      for (String a : state.snapshot().keySet()) clear.put(a, Account.EMPTY);
      commit(clear);
      assertEquals(EMPTY_ROOT, commitment.root(), "emptying every account did not give the empty root back");
      return this;
    }
  }

  static final StateCommitment EMPTY = new StateCommitment(Map.of());
  static final Bytes EMPTY_ROOT = EMPTY.root();
  static final Chain SHARED = new Chain();

  /** The root of {@code state} from scratch: prepared over the empty state (prepare changes nothing). */
  static Bytes rootOf(Map<String, Account> state) {
    return EMPTY.prepare(state, new MemoryState()).root();
  }

  /** Commits {@code detour} block by block, then reaches {@code finalState} in shuffled random blocks. */
  static Chain reachThroughDetour(Chain c, Map<String, Account> finalState, List<Map<String, Account>> detour,
      Random random) {
    Set<String> touched = new TreeSet<>();
    for (Map<String, Account> block : detour) {
      c.commit(block);
      touched.addAll(block.keySet());
    }
    List<Map.Entry<String, Account>> rest = new ArrayList<>(finalState.entrySet());
    for (String a : touched) if (!finalState.containsKey(a)) rest.add(Map.entry(a, Account.EMPTY));
    Collections.shuffle(rest, random);
    while (!rest.isEmpty()) {
      int n = 1 + random.nextInt(rest.size());
      Map<String, Account> block = new LinkedHashMap<>();
      for (Map.Entry<String, Account> e : rest.subList(0, n)) block.put(e.getKey(), e.getValue());
      rest = new ArrayList<>(rest.subList(n, rest.size()));
      c.commit(block);
    }
    return c;
  }

  @Property(tries = 200)
  void theSameFinalStateReachedThroughOtherBlocksHasTheSameRoot(@ForAll("states") Map<String, Account> finalState,
      @ForAll("blockSequences") List<Map<String, Account>> detour, @ForAll Random random) {
    Chain c = reachThroughDetour(SHARED.reset(), finalState, detour, random);
    assertEquals(rootOf(finalState), c.commitment.root());
  }

  @Property(tries = 3)
  void aCommitmentRebuiltFromPersistedBucketHashesHasTheSameRoot(@ForAll("states") Map<String, Account> finalState,
      @ForAll("blockSequences") List<Map<String, Account>> detour, @ForAll Random random) {
    Chain c = reachThroughDetour(new Chain(), finalState, detour, random);
    assertEquals(c.commitment.root(), new StateCommitment(c.bucketHashes).root());
    assertEquals(rootOf(finalState), c.commitment.root());
  }

  @Property(tries = 200)
  void changingOneAccountsBalanceNonceOrKeyChangesTheRoot(@ForAll("states") Map<String, Account> state,
      @ForAll("accounts") Account replacement, @ForAll Random random) {
    Map<String, Account> changed = new HashMap<>(state);
    String address = POOL.get(random.nextInt(POOL.size()));
    Account was = state.getOrDefault(address, Account.EMPTY);
    Bytes before = rootOf(state);

    List<Account> variants = new ArrayList<>();
    variants.add(new Account(was.balance() == 0 ? 1 : was.balance() - 1, was.nonce(), was.publicKey()));
    variants.add(new Account(was.balance(), was.nonce() == Long.MAX_VALUE ? 0 : was.nonce() + 1, was.publicKey()));
    variants.add(new Account(was.balance(), was.nonce(),
        Keys.key(40).publicKey().equals(was.publicKey()) ? Keys.key(41).publicKey() : Keys.key(40).publicKey()));
    if (!replacement.equals(was)) variants.add(replacement);
    for (Account v : variants) {
      changed.put(address, v);
      // Absent and EMPTY are the same state; anything else is a different state with a different root.
      if (!v.exists() && !was.exists()) continue;
      assertNotEquals(before, rootOf(changed), () -> "root unchanged after " + address + " became " + v);
    }
  }

  @Property(tries = 200)
  void prepareChangesNothingUntilApply(@ForAll("states") Map<String, Account> committed,
      @ForAll("states") Map<String, Account> changes) {
    Chain c = SHARED.reset();
    c.commit(committed);
    Bytes before = c.commitment.root();
    StateCommitment.Update u = c.commitment.prepare(changes, c.state);
    assertEquals(before, c.commitment.root());
    StateCommitment.Update again = c.commitment.prepare(changes, c.state);
    assertEquals(u.root(), again.root(), "prepare is not repeatable");
    c.state.apply(changes);
    c.commitment.apply(u);
    assertEquals(u.root(), c.commitment.root());
    Map<String, Account> merged = new HashMap<>(committed);
    merged.putAll(changes);
    assertEquals(rootOf(merged), c.commitment.root());
  }

  @Example
  void absentAccountsAndEmptyOnesCommitToTheEmptyRoot() {
    Bytes empty = EMPTY_ROOT;
    assertEquals(empty, rootOf(Map.of()));
    assertEquals(empty, rootOf(Map.of(POOL.get(0), Account.EMPTY)));
    assertNotEquals(empty, rootOf(Map.of(POOL.get(0), new Account(1, Account.NO_NONCE, null))));
    assertTrue(Hex.isLowerHex(empty.hex(), 64));
  }

  @Example
  void thePoolHasAccountsThatShareABucket() {
    assertEquals(StateCommitment.bucketOf(POOL.get(0)), StateCommitment.bucketOf(POOL.get(1)));
    assertTrue(POOL.size() >= 16 + 12, "expected eight same-bucket pairs in the pool");
  }

  @Example
  void movingValueBetweenTwoAccountsOfOneBucketChangesTheRoot() {
    String a = POOL.get(0);
    String b = POOL.get(1);
    Bytes r1 = rootOf(Map.of(a, new Account(10, Account.NO_NONCE, null), b, new Account(0, 0, null)));
    Bytes r2 = rootOf(Map.of(a, new Account(0, Account.NO_NONCE, null), b, new Account(10, 0, null)));
    assertNotEquals(r1, r2);
  }

}
