package org.aitbc.chain.consensus.rules;

import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.tx.Transaction;

/** At most the genesis's {@code max_block_txs} transactions and {@code max_block_bytes} of them, encoded. */
public final class WithinSizeLimits implements BlockRule {
  @Override
  public Violation check(Block parent, Block block, Genesis genesis, long nowMs) {
    var params = genesis.params();
    int n = block.transactions().size();
    if (n > params.maxBlockTxs()) return new Violation(BlockReason.TOO_LARGE, n + " transactions; the limit is " + params.maxBlockTxs());
    long bytes = 0;
    for (Transaction t : block.transactions()) bytes += t.encodedSize();
    return bytes <= params.maxBlockBytes() ? null
        : new Violation(BlockReason.TOO_LARGE, bytes + " bytes of transactions; the limit is " + params.maxBlockBytes());
  }
}
