package org.aitbc.chain.core.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;

/** SHA-256 through BouncyCastle's digest (no provider lookup, no synchronization). */
public final class Hashes {
  private Hashes() {}

  public static byte[] sha256(byte[] data) {
    return sha256(data, 0, data.length);
  }

  public static byte[] sha256(byte[] data, int off, int len) {
    SHA256Digest d = new SHA256Digest();
    d.update(data, off, len);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  /** SHA-256 of a domain byte followed by the parts. */
  public static byte[] sha256Tagged(byte tag, byte[]... parts) {
    SHA256Digest d = new SHA256Digest();
    d.update(tag);
    for (byte[] p : parts) d.update(p, 0, p.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
