package org.aitbc.chain.core.mempool;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.AccountView;
import org.aitbc.chain.core.state.IncludedTxs;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;

/** A mutable in-memory account state, with the transactions included so far, for tests. */
final class MapState implements AccountView, IncludedTxs {
  private final Map<String, Account> accounts = new HashMap<>();
  private final Set<Bytes> included = new HashSet<>();

  @Override
  public synchronized Account account(String address) {
    return accounts.getOrDefault(address, Account.EMPTY);
  }

  synchronized MapState put(String address, Account account) {
    accounts.put(address, account);
    return this;
  }

  MapState balance(String address, long balance) {
    return put(address, account(address).withBalance(balance));
  }

  synchronized void putAll(Map<String, Account> changes) {
    accounts.putAll(changes);
  }

  @Override
  public synchronized boolean isIncluded(Bytes txHash) {
    return included.contains(txHash);
  }

  synchronized void include(List<Transaction> txs) {
    for (Transaction t : txs) included.add(t.hash());
  }
}
