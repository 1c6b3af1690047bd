package org.aitbc.chain.core.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;

/**
 * Coverage-guided fuzzing of what a client's HTTP body becomes: a transaction, and the texts it is signed and
 * stored as. Seeds: {@code TxCodecFuzzTestInputs/<method>/} (the signed vectors of {@code vectors/transactions.json}).
 */
class TxCodecFuzzTest {
  static final int MAX = TxCodec.DEFAULT_MAX_PAYLOAD_BYTES;

  /**
   * Any body is a transaction or a refusal, never an exception; a transaction read back from its own stored
   * form is the same transaction, and its hash is the SHA-256 of the canonical signing string of its body.
   */
  @FuzzTest
  void transactionBody(byte[] body) {
    TxCodec.Parsed p = TxCodec.parse(body, MAX);
    if (!p.isOk()) {
      assertNotNull(p.refusal(), "a refused body says why");
      assertNull(p.tx());
      return;
    }
    Transaction tx = p.tx();
    TxCodec.Parsed again = TxCodec.parse(tx.compactJson().getBytes(StandardCharsets.US_ASCII), MAX);
    assertTrue(again.isOk(), () -> "its own stored form is refused: " + again.refusal());
    assertEquals(tx, again.tx());
    assertEquals(tx.compactJson(), again.tx().compactJson());
    assertArrayEquals(tx.signingBytes(), again.tx().signingBytes());
    assertEquals(PyJson.dumps(tx.body()), new String(tx.signingBytes(), StandardCharsets.US_ASCII));
    assertArrayEquals(Hashes.sha256(tx.signingBytes()), tx.hash().toArray());
    assertEquals(PyJson.compact(tx.payload()), tx.payloadJson());
  }

  /**
   * For any JSON object, the one-pass writer of {@link Transaction.Texts} gives what the general canonical
   * writer gives: the signing string is {@code json.dumps(sort_keys=True)} of the members other than
   * signature and public_key, the stored form is the compact sorted object, and the payload slice is the
   * compact payload.
   */
  @FuzzTest
  void signingStringIsTheCanonicalWriter(byte[] json) {
    JsonValue v;
    try {
      v = JsonParser.parse(json);
    } catch (JsonParseException e) {
      return;
    }
    if (!(v instanceof JsonObject o)) return;
    Transaction.Texts texts = Transaction.Texts.of(o);
    Map<String, JsonValue> signed = new LinkedHashMap<>(o.members());
    signed.remove("signature");
    signed.remove("public_key");
    assertEquals(PyJson.dumps(new JsonObject(signed)), texts.signing());
    assertEquals(PyJson.compact(o), texts.compact());
    JsonValue payload = o.members().get("payload");
    if (payload != null) {
      String slice = texts.compact().substring(texts.payloadStart(), texts.payloadStart() + texts.payloadSize());
      assertEquals(PyJson.compact(payload), slice);
    }
  }
}
