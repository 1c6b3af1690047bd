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

  /**
   * "0x" followed by 64 ASCII hex characters of either case. (Not {@code Character.digit}, which also takes
   * other scripts' digits such as U+0660, on which the hex decoder then throws.)
   */
  public static boolean isHash0x(String s) {
    if (s == null || s.length() != 66 || !s.startsWith("0x")) return false;
    for (int i = 2; i < 66; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    }
    return true;
  }
}
