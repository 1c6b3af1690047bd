package org.aitbc.chain.core.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.aitbc.chain.core.agent.AgentRecord;
import org.aitbc.chain.core.agent.AgentView;
import org.aitbc.chain.core.util.Bytes;

/**
 * A buffered view of changes (accounts and agent registry) over a parent view; nothing reaches the
 * parent. The registry part reads through when the parent is also an {@link AgentView}, the included
 * transactions when it is also an {@link IncludedTxs}, plus the unordered ones applied here.
 */
public final class WorldUpdater implements AccountView, AgentView, IncludedTxs {
  private final AccountView parent;
  private final AgentView parentAgents;
  private final IncludedTxs parentIncluded;
  private final java.util.Set<Bytes> unorderedApplied = new java.util.HashSet<>();
  private final Map<String, Account> changes = new LinkedHashMap<>();
  private final Map<String, AgentRecord> agentChanges = new LinkedHashMap<>();

  public WorldUpdater(AccountView parent) {
    this.parent = parent;
    this.parentAgents = parent instanceof AgentView a ? a : AgentView.EMPTY;
    this.parentIncluded = IncludedTxs.of(parent);
  }

  @Override
  public Account account(String address) {
    Account a = changes.get(address);
    return a != null ? a : parent.account(address);
  }

  public void put(String address, Account account) {
    changes.put(address, account);
  }

  @Override
  public Optional<AgentRecord> agent(String agentId) {
    AgentRecord a = agentChanges.get(agentId);
    return a != null ? Optional.of(a) : parentAgents.agent(agentId);
  }

  public void putAgent(AgentRecord record) {
    agentChanges.put(record.id(), record);
  }

  @Override
  public boolean isIncluded(Bytes txHash) {
    return unorderedApplied.contains(txHash) || parentIncluded.isIncluded(txHash);
  }

  /** Records an unordered transaction applied in this view, so that it is valid only once here too. */
  public void markUnorderedApplied(Bytes txHash) {
    unorderedApplied.add(txHash);
  }

  /** The changed accounts in first-change order. */
  public Map<String, Account> changes() {
    return Collections.unmodifiableMap(changes);
  }

  /** The changed agent records in first-change order. */
  public Map<String, AgentRecord> agentChanges() {
    return Collections.unmodifiableMap(agentChanges);
  }
}
