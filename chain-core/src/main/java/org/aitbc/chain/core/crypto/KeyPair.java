package org.aitbc.chain.core.crypto;

import java.security.SecureRandom;
import org.aitbc.chain.core.util.Bytes;

/** An Ed25519 key pair. {@link #toString()} never shows the seed. */
public final class KeyPair {
  private final byte[] seed;
  private final Bytes publicKey;
  private final String address;

  private KeyPair(byte[] seed) {
    this.seed = seed.clone();
    this.publicKey = Ed25519.publicKey(this.seed);
    this.address = Address.fromPublicKey(publicKey);
  }

  public static KeyPair fromSeed(byte[] seed) {
    return new KeyPair(seed);
  }

  public static KeyPair generate(SecureRandom random) {
    return new KeyPair(Ed25519.newSeed(random));
  }

  public Bytes publicKey() {
    return publicKey;
  }

  public String address() {
    return address;
  }

  /** A copy of the secret seed. */
  public byte[] seed() {
    return seed.clone();
  }

  public byte[] sign(byte[] message) {
    return Ed25519.sign(seed, message);
  }

  @Override
  public String toString() {
    return "KeyPair[" + address + "]";
  }
}
