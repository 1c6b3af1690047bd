package org.aitbc.chain.core.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A buffered view of changes over a parent {@link AccountView}; nothing reaches the parent. */
public final class WorldUpdater implements AccountView {
  private final AccountView parent;
  private final Map<String, Account> changes = new LinkedHashMap<>();

  public WorldUpdater(AccountView parent) {
    this.parent = parent;
  }

  @Override
  public Account account(String address) {
    Account a = changes.get(address);
    return a != null ? a : parent.account(address);
  }

  public void put(String address, Account account) {
    changes.put(address, account);
  }

  /** The changed accounts in first-change order. */
  public Map<String, Account> changes() {
    return Collections.unmodifiableMap(changes);
  }
}
