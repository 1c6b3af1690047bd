package org.aitbc.chain.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 through the JDK's provider, one digest per thread: the JIT replaces its compression
 * function with the CPU's SHA or AVX2 instructions where present, several times faster than a pure-Java
 * digest (state roots and Merkle trees hash a lot).
 */
public final class Hashes {
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  });

  private Hashes() {}

  public static byte[] sha256(byte[] data) {
    return sha256(data, 0, data.length);
  }

  public static byte[] sha256(byte[] data, int off, int len) {
    MessageDigest d = SHA256.get();
    d.update(data, off, len);
    return d.digest();
  }

  /** SHA-256 of a domain byte followed by the parts. */
  public static byte[] sha256Tagged(byte tag, byte[]... parts) {
    MessageDigest d = SHA256.get();
    d.update(tag);
    for (byte[] p : parts) d.update(p, 0, p.length);
    return d.digest();
  }
}
