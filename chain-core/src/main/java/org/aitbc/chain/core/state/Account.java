package org.aitbc.chain.core.state;

import java.nio.ByteBuffer;
import org.aitbc.chain.core.util.Bytes;

/**
 * An account: balance, highest included nonce ({@link #NO_NONCE} when it never sent) and the public
 * key learned from its first included transaction (null until then).
 */
public record Account(long balance, long nonce, Bytes publicKey) {
  public static final long NO_NONCE = -1;
  public static final Account EMPTY = new Account(0, NO_NONCE, null);

  public Account {
    if (balance < 0) throw new IllegalArgumentException("negative balance");
    if (nonce < NO_NONCE) throw new IllegalArgumentException("bad nonce");
  }

  public boolean exists() {
    return !equals(EMPTY);
  }

  public boolean hasNonce() {
    return nonce != NO_NONCE;
  }

  public Account withBalance(long b) {
    return new Account(b, nonce, publicKey);
  }

  /** Storage encoding: balance(8) nonce(8) keyFlag(1) [key(32)]. */
  public byte[] encode() {
    ByteBuffer bb = ByteBuffer.allocate(publicKey == null ? 17 : 49);
    bb.putLong(balance).putLong(nonce).put((byte) (publicKey == null ? 0 : 1));
    if (publicKey != null) bb.put(publicKey.unsafeArray());
    return bb.array();
  }

  public static Account decode(byte[] b) {
    ByteBuffer bb = ByteBuffer.wrap(b);
    long balance = bb.getLong();
    long nonce = bb.getLong();
    Bytes pk = null;
    if (bb.get() == 1) {
      byte[] k = new byte[32];
      bb.get(k);
      pk = Bytes.wrap(k);
    }
    return new Account(balance, nonce, pk);
  }
}
