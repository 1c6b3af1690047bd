package org.aitbc.chain.consensus;

import org.aitbc.chain.consensus.rules.BlockReason;
import org.aitbc.chain.core.block.Block;

/** The outcome of offering a block to the engine. */
public record ImportResult(Status status, Block block, BlockReason reason, String detail) {
  public enum Status {
    /** Validated and now the head. */
    IMPORTED,
    /** Already in the chain. */
    KNOWN,
    /** Refused: {@link #reason()} says why. */
    INVALID,
    /** Its parent is not the head (yet): a gap to fill by sync, not misbehaviour. */
    NOT_NEXT
  }

  public static ImportResult imported(Block b) {
    return new ImportResult(Status.IMPORTED, b, null, "imported");
  }

  public static ImportResult known(Block b) {
    return new ImportResult(Status.KNOWN, b, null, "already in the chain");
  }

  public static ImportResult notNext(Block b, String detail) {
    return new ImportResult(Status.NOT_NEXT, b, BlockReason.NOT_NEXT_HEIGHT, detail);
  }

  public static ImportResult invalid(Block b, BlockReason r, String detail) {
    return new ImportResult(Status.INVALID, b, r, detail);
  }

  public boolean isImported() {
    return status == Status.IMPORTED;
  }
}
