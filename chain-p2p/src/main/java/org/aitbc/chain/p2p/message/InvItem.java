package org.aitbc.chain.p2p.message;

import java.util.Objects;
import org.aitbc.chain.core.util.Bytes;

/** One inventory entry: a transaction or block hash (32 bytes). */
public record InvItem(Type type, Bytes hash) {
  public enum Type { TX, BLOCK }

  public InvItem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(hash, "hash");
  }

  public static InvItem tx(Bytes hash) {
    return new InvItem(Type.TX, hash);
  }

  public static InvItem block(Bytes hash) {
    return new InvItem(Type.BLOCK, hash);
  }
}
