package org.aitbc.chain.consensus.rules;

import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;

/** Block time never goes backwards (equal to the parent's is allowed: two blocks in one millisecond). */
public final class TimestampNotBeforeParent implements BlockRule {
  @Override
  public Violation check(Block parent, Block block, Genesis genesis, long nowMs) {
    return block.header().timestampMs() >= parent.header().timestampMs() ? null
        : new Violation(BlockReason.BAD_TIMESTAMP, "timestamp is before the parent's");
  }
}
