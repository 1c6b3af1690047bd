package org.aitbc.chain.consensus;

import org.aitbc.chain.core.block.Block;

/** Told of each new head, on the engine thread, after the block is durable. Must return quickly. */
@FunctionalInterface
public interface BlockListener {
  void onBlock(Block block, boolean producedHere);
}
