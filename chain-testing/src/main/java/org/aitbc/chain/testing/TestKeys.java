package org.aitbc.chain.testing;

import org.aitbc.chain.core.crypto.KeyPair;

/** Deterministic keys for tests: key {@code i} has the seed of 32 bytes all equal to (i+1), mixed. */
public final class TestKeys {
  private TestKeys() {}

  public static KeyPair key(int i) {
    byte[] seed = new byte[32];
    for (int j = 0; j < 32; j++) seed[j] = (byte) (i * 31 + j * 7 + 1);
    return KeyPair.fromSeed(seed);
  }
}
