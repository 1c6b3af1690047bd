package org.aitbc.chain.consensus.rules;

import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;

/**
 * One rule of a block that needs no state (as Besu's header validation rules): pure, (parent, block,
 * genesis, now) in, a verdict out. {@link HeaderRules} composes them in order.
 */
@FunctionalInterface
public interface BlockRule {
  /** Null when {@code block} keeps the rule as the child of {@code parent} at local time {@code nowMs}. */
  Violation check(Block parent, Block block, Genesis genesis, long nowMs);
}
