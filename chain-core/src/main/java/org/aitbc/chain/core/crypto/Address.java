package org.aitbc.chain.core.crypto;

import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.core.util.Hex;

/**
 * Addresses: {@code "ait1"} followed by the first 40 lowercase hex characters of the Ed25519 public key
 * (the AITBC client's rule).
 */
public final class Address {
  public static final String PREFIX = "ait1";
  public static final int LENGTH = PREFIX.length() + 40;

  private Address() {}

  public static String fromPublicKey(Bytes publicKey) {
    return PREFIX + publicKey.hex().substring(0, 40);
  }

  /** The syntactic form: "ait1" + 40 lowercase hex characters. */
  public static boolean isValid(String a) {
    return a != null && a.length() == LENGTH && a.startsWith(PREFIX) && Hex.isLowerHex(a.substring(4), 40);
  }

  public static boolean matches(String address, Bytes publicKey) {
    return address.equals(fromPublicKey(publicKey));
  }
}
