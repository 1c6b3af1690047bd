package org.aitbc.chain.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** JsonParser.leadingMembers: a block's header fields without parsing its transactions. */
class LeadingMembersTest {
  static final Set<String> WANTED = Set.of("height", "hash");

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String bigArray() {
    return "[" + "{\"a\":1},".repeat(5000) + "{\"a\":2}]";
  }

  @Test
  void headerFieldsBeforeTheBodyAreReadWithoutReachingTheBody() throws Exception {
    // The body is cut short: reading it would fail, and leadingMembers never gets there.
    String json = "{\"height\":7,\"hash\":\"0xab\",\"transactions\":[{\"broken\":";
    Map<String, JsonValue> m = JsonParser.leadingMembers(bytes(json), WANTED);
    assertEquals(new JsonValue.JsonNumber("7"), m.get("height"));
    assertEquals(JsonValue.str("0xab"), m.get("hash"));
  }

  @Test
  void fieldsAfterALargeBodyAreStillFoundByReadingEverything() throws Exception {
    String json = "{\"transactions\":" + bigArray() + ",\"hash\":\"0xcd\",\"height\":9}";
    Map<String, JsonValue> m = JsonParser.leadingMembers(bytes(json), WANTED);
    assertEquals(JsonValue.str("0xcd"), m.get("hash"));
    assertEquals(new JsonValue.JsonNumber("9"), m.get("height"));
  }

  @Test
  void aMissingFieldIsMissingAndNonAsciiTextIsDecodedAsUtf8() throws Exception {
    Map<String, JsonValue> m = JsonParser.leadingMembers(bytes("{\"note\":\"h\u00e9\u4e16\",\"height\":3}"), WANTED);
    assertEquals(Map.of("height", new JsonValue.JsonNumber("3")), m);
  }

  @Test
  void whatIsNotAnObjectOrNotJsonIsAnError() {
    assertThrows(JsonParseException.class, () -> JsonParser.leadingMembers(bytes("[1,2]"), WANTED));
    assertThrows(JsonParseException.class, () -> JsonParser.leadingMembers(bytes("{\"height\":"), WANTED));
    assertThrows(JsonParseException.class, () -> JsonParser.leadingMembers(new byte[] {(byte) 0xff, '{', '}'}, WANTED));
  }
}
