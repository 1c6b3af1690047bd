package org.aitbc.chain.consensus.rules;

import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;

/**
 * The block's time is at most {@link #MAX_FUTURE_MS} ahead of the local clock. (P2P holds a block a little
 * ahead until its time and drops one further ahead without blame; this rule is the engine's last word.)
 */
public final class TimestampNotFarAhead implements BlockRule {
  /** How far ahead of the local clock a block's timestamp may be. */
  public static final long MAX_FUTURE_MS = 15_000;

  @Override
  public Violation check(Block parent, Block block, Genesis genesis, long nowMs) {
    return block.header().timestampMs() <= nowMs + MAX_FUTURE_MS ? null
        : new Violation(BlockReason.BAD_TIMESTAMP, "timestamp is more than " + MAX_FUTURE_MS / 1000 + " s in the future");
  }
}
