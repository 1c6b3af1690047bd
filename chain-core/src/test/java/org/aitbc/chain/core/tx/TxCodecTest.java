package org.aitbc.chain.core.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.testutil.Keys;
import org.aitbc.chain.core.testutil.Transfers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refusal TxCodec can give, reached from a client's JSON, with the wire code of the contract. */
class TxCodecTest {
  static final KeyPair ALICE = Keys.key(1);
  static final KeyPair BOB = Keys.key(2);
  static final int MAX = TxCodec.DEFAULT_MAX_PAYLOAD_BYTES;

  static JsonObject valid() {
    return Transfers.from(ALICE).to(BOB.address()).amount(5).fee(2).nonce(7).payload("ping").json();
  }

  static JsonObject with(String field, JsonValue value) {
    Map<String, JsonValue> m = new LinkedHashMap<>(valid().members());
    m.put(field, value);
    return new JsonObject(m);
  }

  static JsonObject without(String field) {
    Map<String, JsonValue> m = new LinkedHashMap<>(valid().members());
    m.remove(field);
    return new JsonObject(m);
  }

  static JsonValue num(String lexeme) {
    return new JsonValue.JsonNumber(lexeme);
  }

  static Reason reasonOf(JsonValue body) {
    TxCodec.Parsed p = TxCodec.parse(body, MAX);
    assertFalse(p.isOk(), () -> "accepted: " + PyJson.compact(body));
    assertNull(p.tx());
    assertFalse(p.refusal().detail().isBlank());
    return p.refusal().reason();
  }

  @Test
  void aWellFormedTransferParsesWithItsFields() {
    TxCodec.Parsed p = TxCodec.parse(valid(), MAX);
    assertTrue(p.isOk(), () -> String.valueOf(p.refusal()));
    Transaction tx = p.tx();
    assertEquals(ALICE.address(), tx.from());
    assertEquals(BOB.address(), tx.to());
    assertEquals(5, tx.amount());
    assertEquals(2, tx.fee());
    assertEquals(7, tx.nonce());
    assertEquals(Transaction.TRANSFER, tx.type());
    assertEquals(ALICE.publicKey(), tx.publicKey().orElseThrow());
    assertEquals(JsonValue.str("ping"), tx.payload());
    assertEquals(Transfers.CHAIN_ID, tx.chainId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"from", "to", "amount", "fee", "nonce", "payload", "chain_id", "signature"})
  void eachRequiredFieldLeftOutIsMissingField(String field) {
    assertEquals(Reason.MISSING_FIELD, reasonOf(without(field)));
  }

  @Test
  void typeAndPublicKeyAreOptional() {
    assertTrue(TxCodec.parse(without("type"), MAX).isOk());
    TxCodec.Parsed p = TxCodec.parse(without("public_key"), MAX);
    assertTrue(p.isOk());
    assertTrue(p.tx().publicKey().isEmpty());
  }

  @Test
  void anUnknownTopLevelFieldIsInvalidField() {
    assertEquals(Reason.INVALID_FIELD, reasonOf(with("memo", JsonValue.str("hi"))));
    assertEquals(Reason.INVALID_FIELD, reasonOf(with("tx_hash", JsonValue.str("0x00"))));
  }

  @Test
  void anUnknownTypeIsInvalidFieldAndAKnownOneIsSigned() {
    assertEquals(Reason.INVALID_FIELD, reasonOf(with("type", JsonValue.str("stake"))));
    assertEquals(Reason.INVALID_FIELD, reasonOf(with("type", JsonValue.num(1))));
    assertEquals(Reason.INVALID_FIELD, reasonOf(with("type", JsonValue.JsonNull.INSTANCE)));
    Transaction typed = Transfers.from(ALICE).type("transfer").tx();
    assertTrue(new String(typed.signingBytes(), StandardCharsets.US_ASCII).contains("\"type\": \"transfer\""));
    Transaction untyped = Transfers.from(ALICE).tx();
    assertFalse(new String(untyped.signingBytes(), StandardCharsets.US_ASCII).contains("\"type\""));
  }

  static Stream<Arguments> wrongTypes() {
    JsonValue s = JsonValue.str("5");
    JsonValue n = JsonValue.num(5);
    JsonValue nul = JsonValue.JsonNull.INSTANCE;
    JsonValue arr = new JsonValue.JsonArray(java.util.List.of());
    return Stream.of(
        Arguments.of("from", n), Arguments.of("from", nul), Arguments.of("from", JsonValue.str("ait1xyz")),
        Arguments.of("from", JsonValue.str(ALICE.address().toUpperCase(java.util.Locale.ROOT))),
        Arguments.of("from", JsonValue.str(ALICE.address() + "0")),
        Arguments.of("to", n), Arguments.of("to", arr), Arguments.of("to", JsonValue.str("bob")),
        Arguments.of("to", JsonValue.str("ait1" + "AB".repeat(20))), Arguments.of("to", JsonValue.str("ait1" + "a".repeat(91))),
        Arguments.of("amount", s), Arguments.of("amount", nul), Arguments.of("amount", JsonValue.JsonBool.TRUE),
        Arguments.of("fee", s), Arguments.of("nonce", s), Arguments.of("nonce", arr),
        Arguments.of("chain_id", n), Arguments.of("chain_id", JsonValue.str("")),
        Arguments.of("chain_id", JsonValue.str("c".repeat(65))),
        Arguments.of("signature", n), Arguments.of("signature", JsonValue.str("ab")),
        Arguments.of("signature", JsonValue.str("AB".repeat(64))), Arguments.of("signature", JsonValue.str("zz".repeat(64))),
        Arguments.of("public_key", n), Arguments.of("public_key", JsonValue.str("ab".repeat(31))),
        Arguments.of("public_key", JsonValue.str("AB".repeat(32))), Arguments.of("public_key", nul));
  }

  @ParameterizedTest
  @MethodSource("wrongTypes")
  void aFieldOfTheWrongTypeOrFormIsInvalidField(String field, JsonValue value) {
    assertEquals(Reason.INVALID_FIELD, reasonOf(with(field, value)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "1e3", "1E3", "5e0", "-1", "-0", "01", "00", "9223372036854775808",
      "18446744073709551616", "-9223372036854775808", "0.5", "1e-05"})
  void aNonCanonicalOrOutOfRangeIntegerIsInvalidFieldForAmountFeeAndNonce(String lexeme) {
    for (String field : new String[] {"amount", "fee", "nonce"}) {
      assertEquals(Reason.INVALID_FIELD, reasonOf(with(field, num(lexeme))), field + "=" + lexeme);
    }
  }

  @Test
  void theLargestLongIsAccepted() {
    JsonObject body = with("nonce", num("9223372036854775807"));
    TxCodec.Parsed p = TxCodec.parse(with("amount", num("9223372036854775807")), MAX);
    assertTrue(p.isOk());
    assertEquals(Long.MAX_VALUE, p.tx().amount());
    assertEquals(Long.MAX_VALUE, TxCodec.parse(body, MAX).tx().nonce());
    assertEquals(0, TxCodec.parse(with("amount", num("0")), MAX).tx().amount());
  }

  @Test
  void anAmountAbove2To53SurvivesExactlyIntoTheSigningString() {
    Transaction tx = Transfers.from(ALICE).to(BOB.address()).amountLexeme("9007199254740993").fee(1).nonce(1).tx();
    assertEquals(9_007_199_254_740_993L, tx.amount());
    String signing = new String(tx.signingBytes(), StandardCharsets.US_ASCII);
    assertTrue(signing.contains("\"amount\": 9007199254740993,"), signing);
    // A double would have turned it into ...992.
    assertFalse(signing.contains("9007199254740992"));
    assertEquals(tx.hash(), TxCodec.parseTrusted(tx.compactJson()).hash());
  }

  @Test
  void aPayloadOverTheLimitIsPayloadTooLargeAndOneAtTheLimitIsAccepted() {
    int limit = 64;
    // compact JSON of a string payload is its text plus two quotes
    JsonObject atLimit = with("payload", JsonValue.str("x".repeat(limit - 2)));
    JsonObject over = with("payload", JsonValue.str("x".repeat(limit - 1)));
    assertTrue(TxCodec.parse(atLimit, limit).isOk());
    TxCodec.Parsed p = TxCodec.parse(over, limit);
    assertEquals(Reason.PAYLOAD_TOO_LARGE, p.refusal().reason());
    assertEquals(413, p.refusal().reason().httpStatus());
    // escaping counts: one U+00E9 is six bytes of ASCII JSON
    assertEquals(Reason.PAYLOAD_TOO_LARGE,
        TxCodec.parse(with("payload", JsonValue.str("\u00e9".repeat(11))), limit).refusal().reason());
  }

  @Test
  void payloadsMayBeAnyJsonValue() {
    JsonValue obj = new JsonObject(Map.of("cmd", JsonValue.str("EXECUTE_AI_JOB"), "n", num("2.5")));
    for (JsonValue v : new JsonValue[] {obj, JsonValue.JsonNull.INSTANCE, num("1e-05"), JsonValue.str("")}) {
      TxCodec.Parsed p = TxCodec.parse(with("payload", v), MAX);
      assertTrue(p.isOk(), () -> String.valueOf(p.refusal()));
      assertEquals(v, p.tx().payload());
    }
  }

  @Test
  void textThatIsNotJsonOrNotAnObjectIsInvalidJson() {
    assertEquals(Reason.INVALID_JSON, TxCodec.parse("{\"from\":".getBytes(StandardCharsets.UTF_8), MAX).refusal().reason());
    assertEquals(Reason.INVALID_JSON, TxCodec.parse(new byte[] {'"', (byte) 0xff, '"'}, MAX).refusal().reason());
    assertEquals(Reason.INVALID_JSON, TxCodec.parse("[1,2]".getBytes(StandardCharsets.UTF_8), MAX).refusal().reason());
    assertEquals(Reason.INVALID_JSON, reasonOf(JsonValue.str("tx")));
  }

  @Test
  void bytesOfAValidTransferParseToTheSameTransactionAsItsValue() throws Exception {
    byte[] text = PyJson.compact(valid()).getBytes(StandardCharsets.US_ASCII);
    TxCodec.Parsed p = TxCodec.parse(text, MAX);
    assertTrue(p.isOk());
    assertEquals(TxCodec.parse(JsonParser.parse(text), MAX).tx(), p.tx());
  }
}
