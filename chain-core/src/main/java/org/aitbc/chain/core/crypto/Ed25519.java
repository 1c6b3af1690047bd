package org.aitbc.chain.core.crypto;

import java.security.SecureRandom;
import org.aitbc.chain.core.util.Bytes;

/**
 * Ed25519 (pure, RFC 8032) through BouncyCastle's low-level implementation, which is several times
 * faster than the JDK provider. Keys are raw 32-byte seeds and 32-byte public keys.
 */
public final class Ed25519 {
  public static final int SEED_LENGTH = 32;
  public static final int PUBLIC_KEY_LENGTH = 32;
  public static final int SIGNATURE_LENGTH = 64;

  static {
    org.bouncycastle.math.ec.rfc8032.Ed25519.precompute();
  }

  private Ed25519() {}

  public static Bytes publicKey(byte[] seed) {
    checkLength(seed, SEED_LENGTH, "seed");
    byte[] pk = new byte[PUBLIC_KEY_LENGTH];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pk, 0);
    return Bytes.wrap(pk);
  }

  public static byte[] sign(byte[] seed, byte[] message) {
    checkLength(seed, SEED_LENGTH, "seed");
    byte[] sig = new byte[SIGNATURE_LENGTH];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /** False for a wrong signature and for malformed keys or signatures; never throws for bad input. */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH) return false;
    if (signature == null || signature.length != SIGNATURE_LENGTH) return false;
    try {
      return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      return false;
    }
  }

  public static byte[] newSeed(SecureRandom random) {
    byte[] seed = new byte[SEED_LENGTH];
    random.nextBytes(seed);
    return seed;
  }

  private static void checkLength(byte[] b, int len, String what) {
    if (b == null || b.length != len) throw new IllegalArgumentException(what + " must be " + len + " bytes");
  }
}
