package org.aitbc.chain.consensus.rules;

import java.util.HashSet;
import java.util.Set;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;

/** No transaction appears twice in one block. */
public final class NoDuplicateTransactions implements BlockRule {
  @Override
  public Violation check(Block parent, Block block, Genesis genesis, long nowMs) {
    Set<Bytes> seen = new HashSet<>();
    for (Transaction t : block.transactions()) {
      if (!seen.add(t.hash())) return new Violation(BlockReason.DUPLICATE_TX, "transaction " + t.hashHex() + " appears twice");
    }
    return null;
  }
}
