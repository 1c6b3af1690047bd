package org.aitbc.chain.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonNumber;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.JsonValue.JsonString;
import org.aitbc.chain.core.testutil.JsonArbitraries;

/** The canonical writer (Python's json.dumps(sort_keys=True)) and the parser, for any JSON value. */
class CanonicalJsonProperties {

  @Provide
  Arbitrary<JsonValue> anyValue() {
    return JsonArbitraries.anyValue();
  }

  @Provide
  Arbitrary<JsonValue> anyObject() {
    return JsonArbitraries.anyObject();
  }

  @Provide
  Arbitrary<String> anyString() {
    return JsonArbitraries.strings();
  }

  @Provide
  Arbitrary<String> anyLexeme() {
    return JsonArbitraries.numberLexemes();
  }

  @Property(tries = 120)
  void parsingTheCompactFormGivesTheSameValueBack(@ForAll("anyValue") JsonValue v) throws JsonParseException {
    assertEquals(v, JsonParser.parse(PyJson.compact(v)));
    assertEquals(v, JsonParser.parse(PyJson.compact(v).getBytes(StandardCharsets.US_ASCII)));
  }

  @Property(tries = 120)
  void parsingThePythonFormGivesTheSameValueBack(@ForAll("anyValue") JsonValue v) throws JsonParseException {
    assertEquals(v, JsonParser.parse(PyJson.dumps(v)));
    assertEquals(v, JsonParser.parse(PyJson.dumpsUtf8(v)));
  }

  @Property(tries = 120)
  void theUnsortedCompactFormAlsoRoundTrips(@ForAll("anyValue") JsonValue v) throws JsonParseException {
    assertEquals(v, JsonParser.parse(PyJson.compactUnsorted(v)));
  }

  @Property(tries = 120)
  void writingIsStableAcrossAParse(@ForAll("anyValue") JsonValue v) throws JsonParseException {
    String once = PyJson.dumps(v);
    assertEquals(once, PyJson.dumps(JsonParser.parse(once)));
    assertEquals(PyJson.compact(v), PyJson.compact(JsonParser.parse(PyJson.compact(v))));
  }

  @Property(tries = 120)
  void keysAreSortedByCodePointAtEveryDepth(@ForAll("anyObject") JsonValue v) throws JsonParseException {
    // The parser keeps members in arrival order, so the parsed output shows the writer's order.
    assertKeysSorted(JsonParser.parse(PyJson.dumps(v)));
    assertKeysSorted(JsonParser.parse(PyJson.compact(v)));
  }

  @Property(tries = 120)
  void theOutputIsPrintableAsciiWithNoRawControlCharacters(@ForAll("anyValue") JsonValue v) {
    for (String out : List.of(PyJson.dumps(v), PyJson.compact(v), PyJson.compactUnsorted(v))) {
      for (int i = 0; i < out.length(); i++) {
        char c = out.charAt(i);
        int at = i;
        assertTrue(c >= 0x20 && c <= 0x7e, () -> "character " + (int) c + " at " + at + " in " + out);
      }
    }
  }

  @Property
  void numberLexemesAreWrittenExactlyAsTheyArrived(@ForAll("anyLexeme") String lexeme) throws JsonParseException {
    JsonValue parsed = JsonParser.parse(lexeme);
    assertEquals(new JsonNumber(lexeme), parsed);
    assertEquals(lexeme, PyJson.dumps(parsed));
    JsonValue inObject = JsonParser.parse("{\"amount\":" + lexeme + ",\"x\":[" + lexeme + "]}");
    assertEquals("{\"amount\": " + lexeme + ", \"x\": [" + lexeme + "]}", PyJson.dumps(inObject));
  }

  @Property
  void everyStringSurvivesEscapingAndParsing(@ForAll("anyString") String s) throws JsonParseException {
    String written = PyJson.dumps(new JsonString(s));
    assertEquals(new JsonString(s), JsonParser.parse(written));
    assertTrue(written.startsWith("\"") && written.endsWith("\""));
  }

  @Property
  void theCodePointComparatorAgreesWithComparingCodePointArrays(@ForAll("anyString") String a,
      @ForAll("anyString") String b) {
    assertEquals(Integer.signum(Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray())),
        Integer.signum(PyJson.compareCodePoints(a, b)));
  }

  @Example
  void aPrivateUseCharacterSortsBeforeAnAstralCharacter() {
    // UTF-16 order would put "\uD83D\uDE00" (surrogates, 0xD83D) first; code point order puts U+E000 first.
    JsonObject o = new JsonObject(Map.of("\uD83D\uDE00", JsonValue.num(1), "\uE000", JsonValue.num(2),
        "\uFFFF", JsonValue.num(3), "z", JsonValue.num(4)));
    assertEquals("{\"z\": 4, \"\\ue000\": 2, \"\\uffff\": 3, \"\\ud83d\\ude00\": 1}", PyJson.dumps(o));
  }

  @Example
  void escapingFollowsPythonForEachSpecialCharacter() {
    assertEquals("\"\\\"\"", PyJson.dumps(new JsonString("\"")));
    assertEquals("\"\\\\\"", PyJson.dumps(new JsonString("\\")));
    assertEquals("\"/\"", PyJson.dumps(new JsonString("/")));
    assertEquals("\"\\n\\r\\t\\b\\f\"", PyJson.dumps(new JsonString("\n\r\t\b\f")));
    assertEquals("\"\\u0000\\u001f\\u000b\"", PyJson.dumps(new JsonString("\u0000\u001f\u000b")));
    // Python's ensure_ascii escapes everything outside ' '..'~', so DEL too (the contract text says
    // otherwise; the clients sign with Python, whose bytes win; PythonOracleTest checks it against Python).
    assertEquals("\"\\u007f\"", PyJson.dumps(new JsonString("\u007f")));
    assertEquals("\"\\u00e9\\u20ac\"", PyJson.dumps(new JsonString("\u00e9\u20ac")));
    assertEquals("\"\\ud83d\\ude00\"", PyJson.dumps(new JsonString("\uD83D\uDE00")));
    assertEquals("\"\\ud800x\"", PyJson.dumps(new JsonString("\uD800x")));
  }

  @Example
  void separatorsAreThoseOfPythonAndCompactHasNone() {
    JsonValue v = new JsonObject(Map.of("b", new JsonArray(List.of(JsonValue.num(1), JsonValue.JsonNull.INSTANCE)),
        "a", JsonValue.JsonBool.TRUE));
    assertEquals("{\"a\": true, \"b\": [1, null]}", PyJson.dumps(v));
    assertEquals("{\"a\":true,\"b\":[1,null]}", PyJson.compact(v));
  }

  @Example
  void theContractsExampleLexemesAreKept() throws JsonParseException {
    JsonValue v = JsonParser.parse("[1e-05,2.5,1E+20,-0,9007199254740993,1e+20]");
    assertEquals("[1e-05, 2.5, 1E+20, -0, 9007199254740993, 1e+20]", PyJson.dumps(v));
  }

  private static void assertKeysSorted(JsonValue v) {
    if (v instanceof JsonObject o) {
      List<String> keys = new ArrayList<>(o.members().keySet());
      for (int i = 1; i < keys.size(); i++) {
        int[] prev = keys.get(i - 1).codePoints().toArray();
        int[] cur = keys.get(i).codePoints().toArray();
        int at = i;
        assertTrue(Arrays.compare(prev, cur) < 0, () -> "keys out of code point order at " + at + ": " + keys);
      }
      o.members().values().forEach(CanonicalJsonProperties::assertKeysSorted);
    } else if (v instanceof JsonArray a) {
      a.elements().forEach(CanonicalJsonProperties::assertKeysSorted);
    }
  }
}
