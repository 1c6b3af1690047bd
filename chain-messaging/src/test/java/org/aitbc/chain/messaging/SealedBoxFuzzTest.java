package org.aitbc.chain.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.messaging.Envelope.Kind;
import org.aitbc.chain.messaging.Envelope.Structured;
import org.aitbc.chain.messaging.MessageCrypto.Failed;
import org.aitbc.chain.messaging.MessageCrypto.OpenResult;
import org.aitbc.chain.messaging.MessageCrypto.Opened;
import org.aitbc.chain.testing.TestKeys;

/**
 * Coverage-guided fuzzing of HPKE sealed boxes ({@link MessageCrypto}): the {@code enc} of an envelope comes
 * from any sender, and {@link MessageCrypto#open} is documented to answer {@link Failed}, never to throw.
 */
class SealedBoxFuzzTest {
  static final KeyPair ALICE = TestKeys.key(1);
  static final KeyPair BOB = TestKeys.key(2);
  static final KeyPair CAROL = TestKeys.key(3);
  static final String[] CONTENT_TYPES = {null, Envelope.TEXT_PLAIN, Envelope.APPLICATION_JSON};

  /**
   * The input is an envelope's text as a payload carries it. Opened by Bob as a message from Alice, it is
   * {@link Failed} (nobody sealed it for that header, sender and key; forging the Poly1305 tag is out of
   * reach) and nothing is thrown, whatever the enc, ciphertext, alg or header. The seeds are real boxes
   * sealed to Carol, or to Bob from Carol, or with a small-order or short encapsulated key.
   */
  @FuzzTest
  void openAnyBox(byte[] input) {
    if (!(Envelope.parse(JsonValue.str(new String(input, StandardCharsets.UTF_8))) instanceof Structured s)) return;
    assertInstanceOf(Failed.class, MessageCrypto.open(s.envelope(), ALICE.address(), BOB.address(), BOB));
  }

  /**
   * A fuzzer-made envelope sealed to Bob opens, read back from its payload, to the same envelope; flipping any
   * bits of any byte of the encapsulated key or of the ciphertext, changing the header, the sender, the
   * recipient address or the key makes it {@link Failed}.
   */
  @FuzzTest
  void sealOpenTamper(FuzzedDataProvider data) {
    Envelope plain = envelope(data);
    long ephemeral = data.consumeLong();
    MessageCrypto.SealResult r = MessageCrypto.seal(plain, ALICE.address(), BOB.address(), BOB.publicKey(), MessageCryptoTest.seeded(ephemeral));
    assertTrue(r.isOk(), r.problem());
    Envelope sealed = r.envelope();
    Envelope read = assertInstanceOf(Structured.class, Envelope.parse(sealed.toPayload())).envelope();
    assertEquals(sealed, read, "the sealed envelope read back from its payload");
    assertEquals(plain, assertInstanceOf(Opened.class, open(read, ALICE, BOB, BOB)).envelope());

    Sealed box = read.sealed();
    boolean inEnc = data.consumeBoolean();
    byte[] target = (inEnc ? box.enc() : box.ciphertext()).toArray();
    int at = data.consumeInt(0, target.length - 1);
    target[at] ^= (byte) data.consumeInt(1, 255);
    Sealed bad = inEnc ? new Sealed(box.alg(), Bytes.wrap(target), box.ciphertext()) : new Sealed(box.alg(), box.enc(), Bytes.wrap(target));
    assertFailed(open(read.withSealed(bad), ALICE, BOB, BOB), (inEnc ? "enc" : "ct") + " byte " + at + " altered");
    assertFailed(open(read.withRequireAck(!read.requireAck()), ALICE, BOB, BOB), "require_ack changed");
    assertFailed(open(read.withCorrelationId(read.correlationId() == null ? "other" : null), ALICE, BOB, BOB), "correlation_id changed");
    assertFailed(open(read, CAROL, BOB, BOB), "another sender");
    assertFailed(open(read, ALICE, CAROL, BOB), "another recipient address");
    assertFailed(open(read, ALICE, BOB, CAROL), "another key");
  }

  private static OpenResult open(Envelope e, KeyPair from, KeyPair to, KeyPair key) {
    return MessageCrypto.open(e, from.address(), to.address(), key);
  }

  private static void assertFailed(OpenResult r, String what) {
    assertInstanceOf(Failed.class, r, what);
  }

  /** An envelope of the fuzzer's: header, content type and a body that is its JSON if it parses, else a string. */
  private static Envelope envelope(FuzzedDataProvider data) {
    Kind kind = data.pickValue(Kind.values());
    String id = orElse(data.consumeAsciiString(Envelope.MAX_ID_LENGTH), "m-1");
    String replyTo = data.consumeBoolean() ? orElse(data.consumeAsciiString(Envelope.MAX_ID_LENGTH), "m-0") : null;
    String correlationId = data.consumeBoolean() ? orElse(data.consumeAsciiString(Envelope.MAX_ID_LENGTH), "c-0") : null;
    boolean requireAck = data.consumeBoolean();
    String contentType = data.pickValue(CONTENT_TYPES);
    JsonValue body = null;
    if (data.consumeBoolean()) {
      String text = data.consumeString(400);
      try {
        body = JsonParser.parse(text);
      } catch (JsonParseException e) {
        body = JsonValue.str(text);
      }
    }
    return new Envelope(Envelope.VERSION, id, kind, replyTo, correlationId, requireAck, contentType, body, null);
  }

  private static String orElse(String id, String fallback) {
    return Envelope.validId(id) ? id : fallback;
  }
}
