package org.aitbc.chain.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.messaging.Envelope.Kind;
import org.aitbc.chain.messaging.Envelope.Raw;
import org.aitbc.chain.messaging.Envelope.Structured;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  static Envelope full() {
    return new Envelope(1, "msg-1", Kind.TASK, "prev.2", "conv:9", true, "application/json",
        Json.obj("action", "sum", "input", Json.arr(java.util.List.of(JsonValue.num(1), JsonValue.num(2)))), null);
  }

  static Raw raw(JsonValue payload) {
    return assertInstanceOf(Raw.class, Envelope.parse(payload));
  }

  static Raw raw(String payloadText) {
    return raw(JsonValue.str(payloadText));
  }

  @Test
  void anEnvelopeIsCarriedAsAJsonStringAndReadBack() {
    Envelope e = full();
    JsonValue.JsonString payload = e.toPayload();
    assertEquals("{\"v\":1,\"id\":\"msg-1\",\"kind\":\"task\",\"reply_to\":\"prev.2\",\"correlation_id\":\"conv:9\","
        + "\"require_ack\":true,\"content_type\":\"application/json\",\"body\":{\"action\":\"sum\",\"input\":[1,2]}}",
        payload.value());
    Structured s = assertInstanceOf(Structured.class, Envelope.parse(payload));
    assertEquals(e, s.envelope());
    assertEquals(payload, s.payload());
  }

  @Test
  void anEnvelopeSentAsAJsonObjectPayloadIsReadToo() {
    Structured s = assertInstanceOf(Structured.class, Envelope.parse(full().toJson()));
    assertEquals(full(), s.envelope());
  }

  @Test
  void plainStringsStayRawMessages() {
    assertEquals("plain text", raw("ping").reason());
    assertEquals("ping", raw("ping").text());
    assertEquals("plain text", raw("0x").reason());
    assertEquals("plain text", raw("").reason());
    assertEquals("text starting with '{' that is not JSON", raw("{hello").reason());
    assertEquals("text starting with '{' that is not JSON", raw("{}}").reason());
    assertEquals("plain text", raw("[1]").reason(), "a string payload is an envelope only when it holds an object");
  }

  @Test
  void otherJsonPayloadsAreRawWithTheirType() {
    assertTrue(raw(JsonValue.num(5)).reason().contains("number"));
    assertTrue(raw(JsonValue.JsonNull.INSTANCE).reason().contains("null"));
    assertTrue(raw(Json.arr(java.util.List.of())).reason().contains("array"));
    assertEquals("a JSON object without \"v\"", raw(Json.obj("cmd", "EXECUTE_AI_JOB")).reason());
    assertEquals("a JSON object without \"v\"", raw("{\"cmd\":\"EXECUTE_AI_JOB\"}").reason());
    assertEquals("[1,2]", raw(Json.arr(java.util.List.of(JsonValue.num(1), JsonValue.num(2)))).text());
    assertEquals("no payload", Envelope.parse(null) instanceof Raw r ? r.reason() : "");
  }

  @Test
  void malformedEnvelopesAreRawAndSayWhy() {
    assertTrue(raw("{\"v\":2,\"id\":\"a\",\"kind\":\"text\"}").reason().contains("version 2 is not supported"));
    assertTrue(raw("{\"v\":\"1\",\"id\":\"a\",\"kind\":\"text\"}").reason().contains("v must be an integer"));
    assertTrue(raw("{\"v\":1,\"id\":\"a\",\"kind\":\"shout\"}").reason().contains("kind must be one of"));
    assertTrue(raw("{\"v\":1,\"kind\":\"text\"}").reason().contains("id must be"));
    assertTrue(raw("{\"v\":1,\"id\":\"a b\",\"kind\":\"text\"}").reason().contains("id must be"));
    assertTrue(raw("{\"v\":1,\"id\":\"" + "x".repeat(65) + "\",\"kind\":\"text\"}").reason().contains("id must be"));
    assertTrue(raw("{\"v\":1,\"id\":\"a\",\"kind\":\"text\",\"extra\":1}").reason().contains("unknown member 'extra'"));
    assertTrue(raw("{\"v\":1,\"id\":\"a\",\"kind\":\"ack\",\"reply_to\":5}").reason().contains("reply_to must be an id"));
    assertTrue(raw("{\"v\":1,\"id\":\"a\",\"kind\":\"text\",\"require_ack\":\"yes\"}").reason().contains("require_ack"));
    assertTrue(raw("{\"v\":1,\"id\":\"a\",\"kind\":\"text\",\"content_type\":\"\"}").reason().contains("content_type"));
    assertTrue(raw("{\"v\":1,\"id\":\"a\",\"kind\":\"text\",\"enc\":{\"alg\":\"x\",\"enc\":\"AA\",\"ct\":\"A=A\"}}").reason()
        .contains("enc.ct must be base64url"));
    assertTrue(raw("{\"v\":1,\"id\":\"a\",\"kind\":\"text\",\"body\":\"hi\",\"enc\":{\"alg\":\"x\",\"enc\":\"AA\",\"ct\":\"AA\"}}")
        .reason().contains("must not carry body"));
    assertTrue(raw("{\"v\":1,\"id\":\"a\",\"kind\":\"text\"").reason().contains("not JSON"));
  }

  @Test
  void theMinimalEnvelopeHasOnlyVersionIdAndKind() {
    Structured s = assertInstanceOf(Structured.class, Envelope.parse(JsonValue.str("  {\"v\":1,\"id\":\"a\",\"kind\":\"ping\"} ")));
    assertEquals(new Envelope(1, "a", Kind.PING, null, null, false, null, null, null), s.envelope());
    assertEquals("{\"v\":1,\"id\":\"a\",\"kind\":\"ping\"}", s.envelope().text());
  }

  @Test
  void nullOptionalMembersReadAsAbsent() {
    Structured s = assertInstanceOf(Structured.class,
        Envelope.parse(JsonValue.str("{\"v\":1,\"id\":\"a\",\"kind\":\"text\",\"reply_to\":null,\"content_type\":null,\"body\":null}")));
    assertEquals(null, s.envelope().replyTo());
    assertEquals(JsonValue.JsonNull.INSTANCE, s.envelope().body());
  }

  @Test
  void anEncryptedEnvelopeKeepsItsHeaderReadable() {
    Envelope e = Envelope.of(Kind.TEXT, MessageCryptoTest.seeded(1)).withRequireAck(true)
        .withSealed(new Sealed(Sealed.ALG, Bytes.wrap(new byte[32]), Bytes.wrap(new byte[20])));
    Envelope back = ((Structured) Envelope.parse(e.toPayload())).envelope();
    assertEquals(e, back);
    assertTrue(back.requireAck());
    assertTrue(e.text().contains("\"enc\":{\"alg\":\"hpke-base-x25519-sha256-chacha20poly1305\",\"enc\":\"AAAA"));
  }

  @Test
  void theSizeCheckUsesTheNodesMeasureOfTheEscapedPayload() {
    Envelope small = Envelope.text("hello", MessageCryptoTest.seeded(1));
    assertTrue(small.sizeProblem(Envelope.MAX_PAYLOAD_BYTES).isEmpty());
    assertEquals(PyJson.compact(small.toPayload()).length(), small.payloadSize());
    // quotes double when the envelope text is put in a JSON string
    Envelope quotes = Envelope.text("\"".repeat(20_000), MessageCryptoTest.seeded(1));
    assertTrue(quotes.payloadSize() > 60_000);
    assertTrue(quotes.sizeProblem(Envelope.MAX_PAYLOAD_BYTES).orElseThrow().contains("the limit is 65536"));
    Envelope nonAscii = Envelope.text("\u00e9".repeat(11_000), MessageCryptoTest.seeded(1));
    assertTrue(nonAscii.sizeProblem(Envelope.MAX_PAYLOAD_BYTES).isPresent(), "each é is 12 bytes once escaped twice");
  }

  @Test
  void answersPointAtTheMessageAndItsConversation() {
    Envelope task = Envelope.task("sum", JsonValue.num(1), MessageCryptoTest.seeded(1));
    Envelope ack = Envelope.answer(task, Kind.ACK, MessageCryptoTest.seeded(2));
    assertEquals(task.id(), ack.replyTo());
    assertEquals(task.id(), ack.correlationId());
    assertTrue(ack.answers(task.id()));
    Envelope chained = Envelope.answer(ack, Kind.TEXT, MessageCryptoTest.seeded(3));
    assertEquals(ack.id(), chained.replyTo());
    assertEquals(task.id(), chained.correlationId(), "the conversation id carries over");
  }

  @Test
  void aTaskResultReadsBackAndAnythingElseIsAFailedResult() throws Exception {
    Task.Result ok = Task.Result.success("sum", JsonValue.num(3), 0);
    assertEquals(ok, Task.Result.from(ok.toJson()));
    Task.Result bad = Task.Result.failure("sum", "boom", null, 2);
    assertEquals(bad, Task.Result.from(bad.toJson()));
    Task.Result weird = Task.Result.from(JsonParser.parse("[1]"));
    assertTrue(!weird.ok() && weird.error().contains("not {\"ok\""));
    assertEquals(new Task("sum", JsonValue.num(1)), Task.from(Task.body("sum", JsonValue.num(1))).orElseThrow());
    assertTrue(Task.from(Json.obj("action", "no spaces allowed")).isEmpty());
  }
}
