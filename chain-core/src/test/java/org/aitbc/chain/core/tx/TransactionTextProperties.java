package org.aitbc.chain.core.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.testutil.JsonArbitraries;
import org.aitbc.chain.core.testutil.Keys;
import org.aitbc.chain.core.testutil.Transfers;

/**
 * A transaction writes its signing string and its compact form in one pass over its sorted members; both
 * must be exactly what the general writer gives for the same object, whatever the payload and key order.
 */
class TransactionTextProperties {

  @Provide
  Arbitrary<JsonValue> anyValue() {
    return JsonArbitraries.anyValue();
  }

  @Property(tries = 400)
  void theSigningStringAndCompactFormAreThoseOfTheGeneralWriter(@ForAll("anyValue") JsonValue payload,
      @ForAll boolean withType, @ForAll boolean withPublicKey, @ForAll long shuffleSeed) {
    Transfers.Builder b = Transfers.from(Keys.key(1)).to(Keys.key(2).address()).amount(5).fee(2).nonce(7).payload(payload);
    if (withType) b.type(Transaction.TRANSFER);
    if (!withPublicKey) b.withoutPublicKey();
    List<Map.Entry<String, JsonValue>> members = new ArrayList<>(b.json().members().entrySet());
    Collections.shuffle(members, new Random(shuffleSeed)); // the client's key order must not matter
    Map<String, JsonValue> whole = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : members) whole.put(e.getKey(), e.getValue());
    Map<String, JsonValue> body = new LinkedHashMap<>(whole);
    body.remove("signature");
    body.remove("public_key");

    TxCodec.Parsed p = TxCodec.parse(new JsonObject(whole), Integer.MAX_VALUE);
    assertTrue(p.isOk(), () -> String.valueOf(p.refusal()));
    Transaction tx = p.tx();
    byte[] signing = PyJson.dumps(new JsonObject(body)).getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(signing, tx.signingBytes());
    assertArrayEquals(Hashes.sha256(signing), tx.hash().toArray());
    assertEquals(PyJson.compact(new JsonObject(whole)), tx.compactJson());
    assertEquals(PyJson.compact(payload).length(), tx.payloadSize());
    assertEquals(PyJson.compact(payload), tx.payloadJson());
    assertEquals(new JsonObject(body).members(), tx.body().members());
    assertEquals(new JsonObject(whole).members(), tx.toJson().members());
  }
}
