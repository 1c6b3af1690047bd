package org.aitbc.chain.core.testutil;

import java.nio.charset.StandardCharsets;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.crypto.KeyPair;

/** Deterministic test keys: key {@code n} always has the same seed, so failures reproduce. */
public final class Keys {
  private static final KeyPair[] CACHE = new KeyPair[64];

  private Keys() {}

  public static synchronized KeyPair key(int n) {
    if (n >= 0 && n < CACHE.length) {
      if (CACHE[n] == null) CACHE[n] = derive(n);
      return CACHE[n];
    }
    return derive(n);
  }

  private static KeyPair derive(int n) {
    return KeyPair.fromSeed(Hashes.sha256(("aitbc-test-key-" + n).getBytes(StandardCharsets.US_ASCII)));
  }
}
