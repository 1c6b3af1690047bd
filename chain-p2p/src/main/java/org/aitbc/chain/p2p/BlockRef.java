package org.aitbc.chain.p2p;

import java.util.Objects;
import org.aitbc.chain.core.util.Bytes;

/** What sync needs to know of a block before importing it: its hash, its parent and its height. */
public record BlockRef(Bytes hash, Bytes parentHash, long height) {
  public BlockRef {
    Objects.requireNonNull(hash);
    Objects.requireNonNull(parentHash);
  }
}
