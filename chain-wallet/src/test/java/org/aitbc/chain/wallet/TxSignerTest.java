package org.aitbc.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.JsonValue.JsonString;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.TxRules;
import org.aitbc.chain.core.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TxSignerTest {
  static final KeyPair ALICE = KeystoreTest.key(1);
  static final String BOB = KeystoreTest.key(2).address();

  /** The vectors made by the AITBC Python client's own signing code (test resource vectors/transactions.json). */
  static Path vectorsFile() throws java.net.URISyntaxException {
    java.net.URL url = TxSignerTest.class.getResource("/vectors/transactions.json");
    if (url == null) throw new IllegalStateException("test resource vectors/transactions.json is missing");
    return Path.of(url.toURI());
  }

  static Stream<JsonObject> vectors() throws Exception {
    List<JsonObject> out = new ArrayList<>();
    for (JsonValue v : ((JsonArray) JsonParser.parse(Files.readAllBytes(vectorsFile()))).elements()) out.add((JsonObject) v);
    return out.stream();
  }

  static String s(JsonObject o, String k) {
    return ((JsonString) o.get(k).get()).value();
  }

  static long n(JsonObject o, String k) {
    return ((JsonValue.JsonNumber) o.get(k).get()).longValueExact().get();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void signingTheVectorsFieldsGivesThePythonClientsSignatureAndHash(JsonObject v) {
    JsonObject body = (JsonObject) v.get("body").get();
    KeyPair key = KeyPair.fromSeed(Bytes.fromHex(s(v, "seed_hex")).toArray());
    TxSigner.Result r = TxBuilder.transfer().to(s(body, "to")).amount(n(body, "amount")).fee(n(body, "fee"))
        .nonce(n(body, "nonce")).payload(body.get("payload").get()).chainId(s(body, "chain_id")).sign(key);
    assertTrue(r.isOk(), () -> String.valueOf(r.refusal()));
    assertEquals(s(v, "tx_hash"), r.signed().hash());
    assertEquals(s(body, "signature"), s(r.signed().json(), "signature"));
    assertEquals(s(body, "public_key"), s(r.signed().json(), "public_key"));
    assertEquals(s(v, "signing_string"), new String(r.signed().tx().signingBytes(), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(PyJson.compact(body), PyJson.compact(r.signed().json()), "the same JSON the client sends");
  }

  @Test
  void aSignedTransactionPassesTheNodesSignatureRule() {
    TxSigner.Result r = TxBuilder.transfer().to(BOB).amount(5).fee(1).nonce(7).payloadText("hi").chainId("dev").sign(ALICE);
    assertTrue(r.isOk());
    assertEquals(null, TxRules.checkSignature(r.signed().tx(), Account.EMPTY, new SignatureVerifier(16)));
  }

  @Test
  void theDefaultPayloadIsTheEmptyMessage() {
    TxSigner.Result r = TxBuilder.transfer().to(BOB).amount(5).fee(1).nonce(7).chainId("dev").sign(ALICE);
    assertEquals(JsonValue.str("0x"), r.signed().tx().payload());
    assertFalse(r.signed().tx().isMessage());
  }

  @Test
  void amountsAbove2To53SurviveExactly() {
    long big = (1L << 53) + 1;
    TxSigner.Result r = TxBuilder.transfer().to(BOB).amount(big).fee(1).nonce(Long.MAX_VALUE).chainId("dev").sign(ALICE);
    assertEquals(big, r.signed().tx().amount());
    assertTrue(PyJson.dumps(r.signed().tx().body()).contains("\"amount\": 9007199254740993"));
  }

  @Test
  void malformedFieldsComeBackAsARefusalNotAnException() {
    assertEquals(Reason.INVALID_FIELD,
        TxBuilder.transfer().to("bob").amount(1).fee(1).nonce(1).chainId("dev").sign(ALICE).refusal().reason());
    assertEquals(Reason.INVALID_FIELD,
        TxBuilder.transfer().to(BOB).amount(-1).fee(1).nonce(1).chainId("dev").sign(ALICE).refusal().reason());
    assertEquals(Reason.INVALID_FIELD,
        TxBuilder.transfer().to(BOB).amount(1).fee(1).nonce(1).chainId(null).sign(ALICE).refusal().reason());
  }

  @Test
  void aBodyFromAnotherAddressIsRefused() {
    JsonObject body = TxBuilder.transfer().to(BOB).amount(1).fee(1).nonce(1).chainId("dev").body(BOB);
    assertEquals(Reason.ADDRESS_MISMATCH, TxSigner.sign(ALICE, body).refusal().reason());
  }

  @Test
  void theNonceIsAboveTheChainsAndAtLeastTheClock() {
    assertEquals(1_700_000_000_000L, TxSigner.nextNonce(null, 1_700_000_000_000L));
    assertEquals(1_700_000_000_000L, TxSigner.nextNonce(5L, 1_700_000_000_000L));
    assertEquals(1_800_000_000_001L, TxSigner.nextNonce(1_800_000_000_000L, 1_700_000_000_000L));
    assertEquals(0L, TxSigner.nextNonce(null, -5));
    assertEquals(Long.MAX_VALUE, TxSigner.nextNonce(Long.MAX_VALUE, 0));
  }
}
