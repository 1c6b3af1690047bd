package org.aitbc.chain.consensus;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.block.MerkleTree;
import org.aitbc.chain.core.crypto.Ed25519;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;

/**
 * The rules of a block that need no state: it extends the parent, its time is sane, an authority of the
 * genesis sealed it, and it is within the size limits with a matching transaction root. Pure: (parent,
 * block, genesis, now) in, a verdict out (null when valid).
 */
public final class HeaderRules {
  /** How far ahead of the local clock a block's timestamp may be. */
  public static final long MAX_FUTURE_MS = 15_000;

  private HeaderRules() {}

  /** A refusal of a block rule. */
  public record Violation(BlockReason reason, String detail) {}

  public static Violation check(Block parent, Block block, Genesis genesis, long nowMs) {
    var h = block.header();
    if (h.height() != parent.height() + 1) {
      return new Violation(BlockReason.NOT_NEXT_HEIGHT, "height " + h.height() + " does not follow the head " + parent.height());
    }
    if (!h.parentHash().equals(parent.hash())) {
      return new Violation(BlockReason.UNKNOWN_PARENT, "parent_hash " + h.parentHash() + " is not the head " + parent.hash());
    }
    if (h.timestampMs() < parent.header().timestampMs()) {
      return new Violation(BlockReason.BAD_TIMESTAMP, "timestamp is before the parent's");
    }
    if (h.timestampMs() > nowMs + MAX_FUTURE_MS) {
      return new Violation(BlockReason.BAD_TIMESTAMP, "timestamp is more than " + MAX_FUTURE_MS / 1000 + " s in the future");
    }
    Optional<Genesis.Authority> auth = genesis.authority(h.proposer());
    if (auth.isEmpty()) {
      return new Violation(BlockReason.NOT_AUTHORITY, "proposer " + h.proposer() + " is not an authority of this chain");
    }
    if (!Ed25519.verify(auth.get().publicKey().unsafeArray(), h.signingBytes(), block.signature().unsafeArray())) {
      return new Violation(BlockReason.BAD_SIGNATURE, "the block signature does not verify with the proposer's key");
    }
    var params = genesis.params();
    if (block.transactions().size() > params.maxBlockTxs()) {
      return new Violation(BlockReason.TOO_LARGE, block.transactions().size() + " transactions; the limit is " + params.maxBlockTxs());
    }
    long bytes = 0;
    for (Transaction t : block.transactions()) bytes += t.encodedSize();
    if (bytes > params.maxBlockBytes()) {
      return new Violation(BlockReason.TOO_LARGE, bytes + " bytes of transactions; the limit is " + params.maxBlockBytes());
    }
    if (h.txCount() != block.transactions().size()) {
      return new Violation(BlockReason.BAD_TX_COUNT, "tx_count " + h.txCount() + " but " + block.transactions().size() + " transactions");
    }
    Set<Bytes> seen = new HashSet<>();
    for (Transaction t : block.transactions()) {
      if (!seen.add(t.hash())) return new Violation(BlockReason.DUPLICATE_TX, "transaction " + t.hashHex() + " appears twice");
    }
    Bytes root = MerkleTree.root(block.transactions().stream().map(Transaction::hash).toList());
    if (!root.equals(h.txRoot())) {
      return new Violation(BlockReason.BAD_TX_ROOT, "tx_root does not match the transactions");
    }
    return null;
  }
}
