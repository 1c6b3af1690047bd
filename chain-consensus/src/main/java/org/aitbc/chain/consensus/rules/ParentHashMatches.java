package org.aitbc.chain.consensus.rules;

import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;

/** The block names its parent by the parent's hash. */
public final class ParentHashMatches implements BlockRule {
  @Override
  public Violation check(Block parent, Block block, Genesis genesis, long nowMs) {
    var named = block.header().parentHash();
    return named.equals(parent.hash()) ? null
        : new Violation(BlockReason.UNKNOWN_PARENT, "parent_hash " + named + " is not the head " + parent.hash());
  }
}
