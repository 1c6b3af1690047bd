package org.aitbc.chain.core.block;

import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.util.Bytes;

/**
 * The transaction root: an RFC 6962-style binary Merkle tree over transaction hashes
 * (leaf = SHA-256(0x00 | hash), node = SHA-256(0x01 | left | right), an odd last node moves up
 * unchanged). The empty tree is 32 zero bytes.
 */
public final class MerkleTree {
  private MerkleTree() {}

  public static Bytes root(List<Bytes> leaves) {
    if (leaves.isEmpty()) return Bytes.wrap(new byte[32]);
    List<byte[]> level = new ArrayList<>(leaves.size());
    for (Bytes b : leaves) level.add(Hashes.sha256Tagged((byte) 0, b.unsafeArray()));
    while (level.size() > 1) {
      List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i < level.size(); i += 2) {
        next.add(i + 1 < level.size() ? Hashes.sha256Tagged((byte) 1, level.get(i), level.get(i + 1)) : level.get(i));
      }
      level = next;
    }
    return Bytes.wrap(level.get(0));
  }
}
