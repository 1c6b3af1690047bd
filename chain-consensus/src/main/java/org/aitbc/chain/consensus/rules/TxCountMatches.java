package org.aitbc.chain.consensus.rules;

import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;

/** The header's {@code tx_count} is the number of transactions the block carries. */
public final class TxCountMatches implements BlockRule {
  @Override
  public Violation check(Block parent, Block block, Genesis genesis, long nowMs) {
    int n = block.transactions().size();
    return block.header().txCount() == n ? null
        : new Violation(BlockReason.BAD_TX_COUNT, "tx_count " + block.header().txCount() + " but " + n + " transactions");
  }
}
