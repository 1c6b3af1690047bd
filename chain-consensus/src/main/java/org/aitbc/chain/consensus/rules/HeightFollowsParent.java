package org.aitbc.chain.consensus.rules;

import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;

/** The block's height is its parent's plus one. */
public final class HeightFollowsParent implements BlockRule {
  @Override
  public Violation check(Block parent, Block block, Genesis genesis, long nowMs) {
    long h = block.header().height();
    return h == parent.height() + 1 ? null
        : new Violation(BlockReason.NOT_NEXT_HEIGHT, "height " + h + " does not follow the head " + parent.height());
  }
}
