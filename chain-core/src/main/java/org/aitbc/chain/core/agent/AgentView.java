package org.aitbc.chain.core.agent;

import java.util.Optional;

/** Read access to the agent registry. */
@FunctionalInterface
public interface AgentView {
  Optional<AgentRecord> agent(String agentId);

  AgentView EMPTY = id -> Optional.empty();
}
