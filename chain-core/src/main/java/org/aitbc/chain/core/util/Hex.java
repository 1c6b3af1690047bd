package org.aitbc.chain.core.util;

/** Checks for the hex forms the wire contract uses. */
public final class Hex {
  private Hex() {}

  /** Exactly {@code len} lowercase hex characters. */
  public static boolean isLowerHex(String s, int len) {
    if (s == null || s.length() != len) return false;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
  }

  /** "0x" followed by 64 hex characters of either case. */
  public static boolean isHash0x(String s) {
    if (s == null || s.length() != 66 || !s.startsWith("0x")) return false;
    for (int i = 2; i < 66; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) return false;
    }
    return true;
  }
}
