package org.aitbc.chain.consensus.rules;

import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.block.MerkleTree;
import org.aitbc.chain.core.tx.Transaction;

/** The header's {@code tx_root} is the Merkle root of the transactions' hashes, in block order. */
public final class TxRootMatches implements BlockRule {
  @Override
  public Violation check(Block parent, Block block, Genesis genesis, long nowMs) {
    var root = MerkleTree.root(block.transactions().stream().map(Transaction::hash).toList());
    return root.equals(block.header().txRoot()) ? null : new Violation(BlockReason.BAD_TX_ROOT, "tx_root does not match the transactions");
  }
}
