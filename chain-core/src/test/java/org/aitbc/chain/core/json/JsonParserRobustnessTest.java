package org.aitbc.chain.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed input always gives a JsonParseException with a message, never another exception. */
class JsonParserRobustnessTest {

  static Stream<String> malformed() {
    return Stream.of(
        // empty and truncated
        "", " ", "{", "[", "\"", "{\"a\"", "{\"a\":", "{\"a\":1", "[1,", "[1", "\"abc", "tru", "nul", "fals",
        "{\"a\":\"b", "\"\\", "\"\\u12", "\"\\u",
        // bad escapes
        "\"\\x41\"", "\"\\a\"", "\"\\U0041\"", "\"\\u00g0\"", "\"\\u-123\"", "\"\\'\"", "\"\\ \"",
        // numbers
        "-", "-a", "01", "-01", "00", "1.", ".5", "1.e5", "1e", "1e+", "1E-", "+1", "0x10", "1_000", "--1", "1.2.3",
        "NaN", "-NaN", "Infinity", "-Infinity", "[NaN]", "{\"a\":Infinity}",
        // structure
        "[1,]", "{\"a\":1,}", "[,1]", "{,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[1 2]", "{1:2}", "{a:1}", "{'a':1}",
        "['a']", "[1]]", "{}}", "1 2", "\"a\" \"b\"", "[}", "{]", "{\"a\"}", ":", ",",
        // literals and characters
        "True", "NULL", "undefined", "truex", "nulll", "\u00a0[]", "\ufeff{}", "/* c */ 1", "// c\n1",
        // raw control characters inside strings
        "\"a\nb\"", "\"\t\"", "\"\u0000\"", "\"\u001f\"",
        // a number longer than 400 characters
        "1" + "0".repeat(400));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedTextIsRefusedWithAJsonParseException(String text) {
    JsonParseException e = assertThrows(JsonParseException.class, () -> JsonParser.parse(text));
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    assertThrows(JsonParseException.class, () -> JsonParser.parse(text.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"\\u\u0660\u0660\u0664\u0661\"", // Arabic-Indic digits: Python says "Invalid \\uXXXX escape"
      "\"\\u\uff10\uff10\uff14\uff11\"", // fullwidth digits
      "\"\\u00\uff21\uff21\"", // fullwidth A
      "\"\\u\u0966\u0966\u0966\u0967\""}) // Devanagari digits
  void aUnicodeEscapeTakesOnlyAsciiHexDigitsAsPythonDoes(String text) {
    assertThrows(JsonParseException.class, () -> JsonParser.parse(text));
  }

  @Test
  void nestingUpToTheLimitParsesAndOneLevelMoreIsRefused() throws JsonParseException {
    int max = JsonParser.MAX_DEPTH;
    JsonParser.parse("[".repeat(max) + "]".repeat(max));
    JsonParser.parse("{\"a\":".repeat(max) + "1" + "}".repeat(max));
    assertThrows(JsonParseException.class, () -> JsonParser.parse("[".repeat(max + 1) + "]".repeat(max + 1)));
    assertThrows(JsonParseException.class,
        () -> JsonParser.parse("{\"a\":".repeat(max + 1) + "1" + "}".repeat(max + 1)));
    assertThrows(JsonParseException.class, () -> JsonParser.parse("[{\"a\":".repeat(max) + "1" + "}]".repeat(max)));
  }

  @Test
  void deepNestingFarBeyondTheLimitIsRefusedWithoutOverflowingTheStack() {
    String deep = "[".repeat(1_000_000);
    JsonParseException e = assertThrows(JsonParseException.class, () -> JsonParser.parse(deep));
    assertTrue(e.getMessage().contains("nesting"), e.getMessage());
    assertThrows(JsonParseException.class, () -> JsonParser.parse("{\"a\":".repeat(200_000)));
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[][] bad = {
        {'"', (byte) 0xff, '"'}, // never valid in UTF-8
        {'"', (byte) 0xc3, '"'}, // truncated two-byte sequence
        {'"', (byte) 0xc0, (byte) 0xaf, '"'}, // overlong '/'
        {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, // an encoded surrogate (CESU-8)
        {'"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
        {'"', (byte) 0x80, '"'}, // lone continuation byte
        {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'}, // a BOM is not JSON text
    };
    for (byte[] b : bad) {
      JsonParseException e = assertThrows(JsonParseException.class, () -> JsonParser.parse(b));
      assertTrue(e.getMessage() != null);
    }
  }

  @Test
  void aRepeatedKeyKeepsItsLastValueAsPythonDoes() throws JsonParseException {
    JsonValue v = JsonParser.parse("{\"a\":1,\"b\":2,\"a\":3}");
    assertEquals("{\"a\": 3, \"b\": 2}", PyJson.dumps(v));
  }

  @Test
  void whitespaceOfRfc8259IsAcceptedAroundEveryToken() throws JsonParseException {
    JsonValue v = JsonParser.parse(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] , \"b\" : null }\r\n");
    assertEquals("{\"a\":[1,2],\"b\":null}", PyJson.compact(v));
  }
}
