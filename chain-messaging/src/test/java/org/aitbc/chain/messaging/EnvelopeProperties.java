package org.aitbc.chain.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.messaging.Envelope.Kind;
import org.aitbc.chain.messaging.Envelope.Parsed;
import org.aitbc.chain.messaging.Envelope.Raw;
import org.aitbc.chain.messaging.Envelope.Structured;

/** Reading a payload is total: whatever a chain holds, {@link Envelope#parse} answers without throwing. */
class EnvelopeProperties {

  @Property
  void anyJsonPayloadParsesToAnEnvelopeOrARawPayload(@ForAll("json") JsonValue payload) {
    Parsed p = Envelope.parse(payload);
    assertNotNull(p);
    assertSame(payload, p.payload(), "the payload is delivered as it came");
    if (p instanceof Raw r) assertNotNull(r.reason());
  }

  @Property
  void anyTextPayloadParsesTotally(@ForAll("envelopeLikeText") String text) {
    Parsed p = Envelope.parse(JsonValue.str(text));
    assertNotNull(p);
    if (p instanceof Structured s) assertEquals(s.envelope(), ((Structured) Envelope.parse(s.envelope().toPayload())).envelope());
  }

  @Property
  void everyEnvelopeSurvivesItsPayload(@ForAll("envelopes") Envelope e) {
    Structured s = assertInstanceOf(Structured.class, Envelope.parse(e.toPayload()));
    assertEquals(e, s.envelope());
    assertEquals(e, ((Structured) Envelope.parse(e.toJson())).envelope(), "as an object payload too");
  }

  @Property
  void aDamagedEnvelopeStillParsesTotally(@ForAll("envelopes") Envelope e, @ForAll("edits") List<int[]> edits) {
    StringBuilder t = new StringBuilder(e.text());
    for (int[] ed : edits) {
      if (t.length() == 0) break;
      int at = Math.floorMod(ed[0], t.length());
      String alphabet = "{}[]\":,\\0a1 -.eE";
      char c = alphabet.charAt(Math.floorMod(ed[2], alphabet.length()));
      switch (Math.floorMod(ed[1], 3)) {
        case 0 -> t.deleteCharAt(at);
        case 1 -> t.insert(at, c);
        default -> t.setCharAt(at, c);
      }
    }
    assertNotNull(Envelope.parse(JsonValue.str(t.toString())));
  }

  // ---- generators ------------------------------------------------------------------------------

  @Provide
  Arbitrary<List<int[]>> edits() {
    return Arbitraries.integers().between(0, 1 << 20).array(int[].class).ofSize(3).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<JsonValue> json() {
    return Arbitraries.lazyOf(
        () -> Arbitraries.strings().ofMaxLength(30).map(JsonValue::str),
        this::envelopeLikeText0,
        () -> Arbitraries.longs().map(JsonValue::num),
        () -> Arbitraries.of("1e-05", "2.5", "-0", "1e+20", "9007199254740993").map(JsonValue.JsonNumber::new),
        () -> Arbitraries.of(JsonValue.JsonBool.TRUE, JsonValue.JsonBool.FALSE, JsonValue.JsonNull.INSTANCE),
        () -> json().list().ofMaxSize(3).map(l -> new JsonValue.JsonArray(l)),
        () -> Combinators.combine(Arbitraries.of("v", "id", "kind", "body", "enc", "reply_to", "require_ack", "x")
            .list().ofMaxSize(5), json().list().ofSize(5)).as((ks, vs) -> {
              Map<String, JsonValue> m = new LinkedHashMap<>();
              for (int i = 0; i < ks.size(); i++) m.put(ks.get(i), vs.get(i));
              return (JsonValue) new JsonValue.JsonObject(m);
            }),
        () -> envelopes().map(Envelope::toJson));
  }

  private Arbitrary<JsonValue> envelopeLikeText0() {
    return envelopeLikeText().map(JsonValue::str);
  }

  @Provide
  Arbitrary<String> envelopeLikeText() {
    StringArbitrary any = Arbitraries.strings().ofMaxLength(40);
    Arbitrary<String> pieces = Arbitraries.of("{", "}", "\"v\":1", "\"v\":2", ",", "\"id\":\"a\"", "\"kind\":\"ping\"",
        "\"kind\":\"nope\"", "\"body\":", "[", "]", "null", "\"enc\":{\"alg\":\"x\",\"enc\":\"AA\",\"ct\":\"AA\"}",
        "\"require_ack\":true", "\\u0000", "\"", "1e999", "-", " ").list().ofMaxSize(14).map(l -> String.join("", l));
    return Arbitraries.oneOf(any, pieces, envelopes().map(Envelope::text), Arbitraries.of("ping", "pong", "0x", ""));
  }

  @Provide
  Arbitrary<Envelope> envelopes() {
    Arbitrary<String> ids = Arbitraries.strings().withChars("abcXYZ019._:-").ofMinLength(1).ofMaxLength(64);
    Arbitrary<String> optIds = ids.injectNull(0.5);
    Arbitrary<String> contentTypes = Arbitraries.of("text/plain", "application/json", "x/y; charset=utf-8").injectNull(0.3);
    Arbitrary<JsonValue> bodies = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(50).map(s -> (JsonValue) JsonValue.str(s)),
        Arbitraries.longs().map(n -> (JsonValue) JsonValue.num(n)),
        Arbitraries.just((JsonValue) JsonValue.JsonNull.INSTANCE)).injectNull(0.3);
    Arbitrary<Sealed> sealeds = Arbitraries.bytes().array(byte[].class).ofMaxSize(40)
        .map(b -> new Sealed(Sealed.ALG, Bytes.of(b), Bytes.of(b))).injectNull(0.7);
    return Combinators.combine(ids, Arbitraries.of(Kind.class), optIds, optIds, Arbitraries.of(true, false), contentTypes,
        bodies, sealeds).as((id, kind, replyTo, corr, ack, ct, body, sealed) -> sealed == null
            ? new Envelope(1, id, kind, replyTo, corr, ack, ct, body, null)
            : new Envelope(1, id, kind, replyTo, corr, ack, null, null, sealed));
  }
}
