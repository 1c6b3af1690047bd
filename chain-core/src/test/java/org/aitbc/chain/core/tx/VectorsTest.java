package org.aitbc.chain.core.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.aitbc.chain.core.crypto.Ed25519;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.JsonValue.JsonString;
import org.aitbc.chain.core.util.Bytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The vectors made by the AITBC Python client (test resource vectors/transactions.json). */
class VectorsTest {

  /** The vectors made by the AITBC Python client's own signing code (test resource vectors/transactions.json). */
  static Path vectorsFile() throws java.net.URISyntaxException {
    java.net.URL url = VectorsTest.class.getResource("/vectors/transactions.json");
    if (url == null) throw new IllegalStateException("test resource vectors/transactions.json is missing");
    return Path.of(url.toURI());
  }

  static Stream<JsonObject> vectors() throws Exception {
    JsonArray a = (JsonArray) JsonParser.parse(Files.readAllBytes(vectorsFile()));
    List<JsonObject> out = new ArrayList<>();
    for (JsonValue v : a.elements()) out.add((JsonObject) v);
    return out.stream();
  }

  static String s(JsonObject o, String k) {
    return ((JsonString) o.members().get(k)).value();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void signingStringAndHashMatchThePythonClientByteForByte(JsonObject v) {
    TxCodec.Parsed p = TxCodec.parse((JsonObject) v.members().get("body"), TxCodec.DEFAULT_MAX_PAYLOAD_BYTES);
    assertTrue(p.isOk(), () -> String.valueOf(p.refusal()));
    assertEquals(s(v, "signing_string"), new String(p.tx().signingBytes(), StandardCharsets.UTF_8));
    assertEquals(s(v, "tx_hash"), p.tx().hashHex());
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void signatureVerifiesAndKeyAndAddressDeriveFromTheSeed(JsonObject v) {
    KeyPair k = KeyPair.fromSeed(Bytes.fromHex(s(v, "seed_hex")).toArray());
    assertEquals(s(v, "public_key"), k.publicKey().hex());
    assertEquals(s(v, "address"), k.address());
    Transaction tx = TxCodec.parse((JsonObject) v.members().get("body"), 1 << 16).tx();
    assertTrue(new SignatureVerifier(16).verify(tx.hash(), tx.signingBytes(), tx.signature(), k.publicKey()));
    // Ed25519 is deterministic: signing the same bytes with the seed gives the vector's signature.
    assertEquals(tx.signature().hex(), Bytes.wrap(k.sign(tx.signingBytes())).hex());
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void aChangedByteBreaksTheSignature(JsonObject v) {
    Transaction tx = TxCodec.parse((JsonObject) v.members().get("body"), 1 << 16).tx();
    byte[] msg = tx.signingBytes();
    msg[msg.length / 2] ^= 1;
    assertFalse(Ed25519.verify(tx.publicKey().orElseThrow().toArray(), msg, tx.signature().toArray()));
  }
}
