package org.aitbc.chain.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.messaging.Envelope.Parsed;
import org.aitbc.chain.messaging.Envelope.Raw;
import org.aitbc.chain.messaging.Envelope.Structured;

/** Coverage-guided fuzzing of message envelopes, read from any transaction payload on the chain. */
class EnvelopeFuzzTest {
  /**
   * The input is a transaction payload: JSON when it parses as JSON, else the text of a JSON string. Reading
   * it never throws and never falls back to "unreadable payload" (that fallback catches a parser's own
   * exception); the payload is delivered as it came. An envelope, written as a payload (a JSON string) or
   * as an object, reads back as the same envelope, its text is ASCII and writing it again gives the same text.
   */
  @FuzzTest
  void payload(byte[] input) {
    JsonValue payload;
    try {
      payload = JsonParser.parse(input);
    } catch (JsonParseException e) {
      payload = JsonValue.str(new String(input, StandardCharsets.UTF_8));
    }
    Parsed p = Envelope.parse(payload);
    assertNotNull(p);
    assertSame(payload, p.payload(), "the payload is delivered as it came");
    if (p instanceof Raw r) {
      assertNotNull(r.reason());
      assertFalse(r.reason().startsWith("unreadable payload"), r.reason());
      return;
    }
    Envelope e = ((Structured) p).envelope();
    String text = e.text();
    assertTrue(text.chars().allMatch(c -> c < 0x80), "envelope text is ASCII: " + text);
    Envelope fromString = assertInstanceOf(Structured.class, Envelope.parse(e.toPayload())).envelope();
    assertEquals(e, fromString, "as a string payload");
    assertEquals(text, fromString.text());
    Envelope fromObject = assertInstanceOf(Structured.class, Envelope.parse(e.toJson())).envelope();
    assertEquals(e, fromObject, "as an object payload");
    assertEquals(e.payloadSize(), fromString.payloadSize());
  }
}
