package org.aitbc.chain.consensus.rules;

import java.util.List;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;

/**
 * The rules of a block that need no state, in the order they are checked: it extends the parent, its time
 * is sane, an authority of the genesis sealed it, and it is within the size limits with a matching
 * transaction root. Cheap checks first; the signature before the per-transaction work. Pure: (parent,
 * block, genesis, now) in, the first violation out (null when valid).
 */
public final class HeaderRules {
  /** Every rule, in order. */
  public static final List<BlockRule> ALL = List.of(
      new HeightFollowsParent(),
      new ParentHashMatches(),
      new TimestampNotBeforeParent(),
      new TimestampNotFarAhead(),
      new SealedByAuthority(),
      new WithinSizeLimits(),
      new TxCountMatches(),
      new NoDuplicateTransactions(),
      new TxRootMatches());

  private HeaderRules() {}

  public static Violation check(Block parent, Block block, Genesis genesis, long nowMs) {
    for (BlockRule r : ALL) {
      Violation v = r.check(parent, block, genesis, nowMs);
      if (v != null) return v;
    }
    return null;
  }
}
