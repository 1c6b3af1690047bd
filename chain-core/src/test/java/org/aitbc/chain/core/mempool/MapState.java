package org.aitbc.chain.core.mempool;

import java.util.HashMap;
import java.util.Map;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.AccountView;

/** A mutable in-memory account state for tests. */
final class MapState implements AccountView {
  private final Map<String, Account> accounts = new HashMap<>();

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
}
