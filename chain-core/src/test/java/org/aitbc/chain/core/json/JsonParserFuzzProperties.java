package org.aitbc.chain.core.json;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.aitbc.chain.core.testutil.JsonArbitraries;

/** The parser either succeeds or throws JsonParseException, whatever bytes it is fed. */
class JsonParserFuzzProperties {

  /** Bytes biased towards JSON's own characters, so that parsing gets past the first token. */
  @Provide
  Arbitrary<byte[]> anyBytes() {
    Arbitrary<Byte> jsonish = Arbitraries.of("{}[]\":,-+.0123456789eE\\ntrufalsu ".toCharArray()).map(c -> (byte) c.charValue());
    Arbitrary<Byte> any = Arbitraries.bytes();
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, any), net.jqwik.api.Tuple.of(3, jsonish)).list().ofMaxSize(200)
        .map(JsonParserFuzzProperties::toArray);
  }

  /** A valid JSON text with one byte changed, inserted or removed. */
  @Provide
  Arbitrary<byte[]> mutatedJson() {
    return Combinators.combine(JsonArbitraries.anyValue().map(v -> PyJson.compact(v).getBytes(StandardCharsets.US_ASCII)),
        Arbitraries.integers().between(0, 2), Arbitraries.integers().greaterOrEqual(0), Arbitraries.bytes())
        .as((text, op, where, b) -> {
          if (text.length == 0) return text;
          int at = where % text.length;
          byte[] out;
          switch (op) {
            case 0 -> {
              out = text.clone();
              out[at] = b;
            }
            case 1 -> {
              out = new byte[text.length + 1];
              System.arraycopy(text, 0, out, 0, at);
              out[at] = b;
              System.arraycopy(text, at, out, at + 1, text.length - at);
            }
            default -> {
              out = new byte[text.length - 1];
              System.arraycopy(text, 0, out, 0, at);
              System.arraycopy(text, at + 1, out, at, text.length - at - 1);
            }
          }
          return out;
        });
  }

  @Provide
  Arbitrary<String> containers() {
    Arbitrary<JsonValue> small = JsonArbitraries.values(JsonArbitraries.numberLexemes(), 2);
    return Arbitraries.oneOf(
        Arbitraries.maps(JsonArbitraries.keys(), small).ofMaxSize(4).map(m -> (JsonValue) new JsonValue.JsonObject(m)),
        small.list().ofMaxSize(4).map(l -> (JsonValue) new JsonValue.JsonArray(l)))
        .map(PyJson::compact);
  }

  @Property(tries = 500)
  void randomBytesGiveAValueOrAJsonParseException(@ForAll("anyBytes") byte[] bytes) {
    parseOrParseException(bytes);
  }

  @Property(tries = 300)
  void aDamagedValidTextGivesAValueOrAJsonParseException(@ForAll("mutatedJson") byte[] bytes) {
    parseOrParseException(bytes);
  }

  @Property(tries = 100)
  void everyProperPrefixOfAnObjectOrArrayIsRefused(@ForAll("containers") String text) {
    for (int n = 0; n < text.length(); n++) {
      String prefix = text.substring(0, n);
      assertThrows(JsonParseException.class, () -> JsonParser.parse(prefix), () -> "prefix accepted: " + prefix);
    }
  }

  private static void parseOrParseException(byte[] bytes) {
    try {
      JsonParser.parse(bytes);
    } catch (JsonParseException expected) {
      // the only failure allowed
    }
  }

  private static byte[] toArray(List<Byte> l) {
    byte[] b = new byte[l.size()];
    for (int i = 0; i < b.length; i++) b[i] = l.get(i);
    return b;
  }
}
