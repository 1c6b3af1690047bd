package org.aitbc.chain.messaging;

import java.math.BigInteger;
import java.util.Optional;
import org.aitbc.chain.core.util.Bytes;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * An agent's X25519 key derived from its Ed25519 key, so that anyone who knows an address's Ed25519
 * public key (the chain shows it once the account has sent a transaction) can encrypt to it:
 *
 * <ul>
 *   <li>public: the birational map from edwards25519 to curve25519 (RFC 7748 §4.1, RFC 8032 §5.1.3),
 *       {@code u = (1 + y) / (1 - y) mod p}, with y the Ed25519 point's y coordinate;
 *   <li>private: the first 32 bytes of SHA-512(seed), clamped (the scalar RFC 8032 signs with).
 * </ul>
 *
 * The same conversion as libsodium's {@code crypto_sign_ed25519_pk_to_curve25519} and
 * {@code crypto_sign_ed25519_sk_to_curve25519}.
 */
public final class X25519Keys {
  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  private X25519Keys() {}

  /**
   * The X25519 public key of an Ed25519 public key; empty when the key is not a valid point of the
   * prime-order subgroup (small-order and non-canonical encodings are refused).
   */
  public static Optional<Bytes> publicFromEd25519(Bytes edPublicKey) {
    if (edPublicKey == null || edPublicKey.length() != 32) return Optional.empty();
    byte[] pk = edPublicKey.toArray();
    if (!org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFull(pk, 0)) return Optional.empty();
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) be[i] = pk[31 - i];
    be[0] &= 0x7f; // the sign bit of x
    BigInteger y = new BigInteger(1, be);
    BigInteger den = BigInteger.ONE.subtract(y).mod(P);
    if (den.signum() == 0) return Optional.empty();
    BigInteger u = BigInteger.ONE.add(y).multiply(den.modInverse(P)).mod(P);
    return Optional.of(Bytes.wrap(littleEndian32(u)));
  }

  /** The X25519 private key (clamped scalar) of an Ed25519 seed. */
  public static byte[] privateFromEd25519Seed(byte[] seed) {
    if (seed == null || seed.length != 32) throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
    SHA512Digest d = new SHA512Digest();
    d.update(seed, 0, seed.length);
    byte[] h = new byte[64];
    d.doFinal(h, 0);
    byte[] sk = new byte[32];
    System.arraycopy(h, 0, sk, 0, 32);
    java.util.Arrays.fill(h, (byte) 0);
    sk[0] &= (byte) 248;
    sk[31] &= 127;
    sk[31] |= 64;
    return sk;
  }

  private static byte[] littleEndian32(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) le[i] = be[be.length - 1 - i];
    return le;
  }
}
