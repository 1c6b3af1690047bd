package org.aitbc.chain.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** Coverage-guided fuzzing of the hex checks that guard every hash, key and signature field. */
class HexFuzzTest {
  private static final Pattern HASH_0X = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]*");

  /**
   * The checks accept exactly the ASCII forms the contract names, and whatever they accept converts to
   * bytes and back to the same (lowercase) text. The input is read as UTF-8.
   */
  @FuzzTest
  void hexForms(byte[] utf8) {
    String s = new String(utf8, StandardCharsets.UTF_8);
    boolean hash = Hex.isHash0x(s);
    assertEquals(HASH_0X.matcher(s).matches(), hash, () -> "isHash0x(\"" + s + "\")");
    if (hash) assertEquals(s.toLowerCase(Locale.ROOT), Bytes.from0x(s).hex0x());
    String bare = s.startsWith("0x") ? s.substring(2) : s;
    boolean lower = Hex.isLowerHex(bare, 64);
    assertEquals(bare.length() == 64 && LOWER_HEX.matcher(bare).matches(), lower, () -> "isLowerHex(\"" + bare + "\")");
    if (lower) assertEquals(bare, Bytes.fromHex(bare).hex());
  }
}
