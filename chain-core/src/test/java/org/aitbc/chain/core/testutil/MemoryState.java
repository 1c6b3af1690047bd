package org.aitbc.chain.core.testutil;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.AccountView;
import org.aitbc.chain.core.state.IncludedTxs;
import org.aitbc.chain.core.state.StateCommitment;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;

/**
 * Committed account state in memory: an {@link AccountView}, {@link IncludedTxs} and a
 * {@link StateCommitment.BucketReader} that behave like the store's (accounts equal to
 * {@link Account#EMPTY} are not kept).
 */
public final class MemoryState implements AccountView, IncludedTxs, StateCommitment.BucketReader {
  private final TreeMap<String, Account> accounts = new TreeMap<>();
  private final java.util.Set<Bytes> included = new java.util.HashSet<>();
  private final Map<Integer, TreeMap<String, Account>> byBucket = new HashMap<>();

  public static MemoryState withBalances(Map<String, Long> balances) {
    MemoryState s = new MemoryState();
    Map<String, Account> m = new HashMap<>();
    balances.forEach((a, b) -> m.put(a, new Account(b, Account.NO_NONCE, null)));
    s.apply(m);
    return s;
  }

  @Override
  public Account account(String address) {
    return accounts.getOrDefault(address, Account.EMPTY);
  }

  @Override
  public List<Map.Entry<String, Account>> accountsInBucket(int bucket) {
    List<Map.Entry<String, Account>> out = new ArrayList<>();
    TreeMap<String, Account> b = byBucket.get(bucket);
    if (b != null) b.forEach((k, v) -> out.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
    return out;
  }

  /** Commits changed accounts. */
  public void apply(Map<String, Account> changes) {
    changes.forEach((address, a) -> {
      TreeMap<String, Account> bucket = byBucket.computeIfAbsent(StateCommitment.bucketOf(address), k -> new TreeMap<>());
      if (a.exists()) {
        accounts.put(address, a);
        bucket.put(address, a);
      } else {
        accounts.remove(address);
        bucket.remove(address);
      }
    });
  }

  @Override
  public boolean isIncluded(Bytes txHash) {
    return included.contains(txHash);
  }

  /** Records {@code txs} as included (what a store's tx index does when their block commits). */
  public void include(List<Transaction> txs) {
    for (Transaction t : txs) included.add(t.hash());
  }

  /** Sum of all balances, exact. */
  public java.math.BigInteger totalSupply() {
    java.math.BigInteger t = java.math.BigInteger.ZERO;
    for (Account a : accounts.values()) t = t.add(java.math.BigInteger.valueOf(a.balance()));
    return t;
  }

  public Map<String, Account> snapshot() {
    return new TreeMap<>(accounts);
  }
}
