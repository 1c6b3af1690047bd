package org.aitbc.chain.consensus.rules;

import java.util.Optional;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.Ed25519;

/** The proposer is an authority of the genesis, and the block's signature verifies with that authority's key. */
public final class SealedByAuthority implements BlockRule {
  @Override
  public Violation check(Block parent, Block block, Genesis genesis, long nowMs) {
    var h = block.header();
    Optional<Genesis.Authority> auth = genesis.authority(h.proposer());
    if (auth.isEmpty()) {
      return new Violation(BlockReason.NOT_AUTHORITY, "proposer " + h.proposer() + " is not an authority of this chain");
    }
    if (!Ed25519.verify(auth.get().publicKey().unsafeArray(), h.signingBytes(), block.signature().unsafeArray())) {
      return new Violation(BlockReason.BAD_SIGNATURE, "the block signature does not verify with the proposer's key");
    }
    return null;
  }
}
