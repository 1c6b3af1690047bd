package org.aitbc.chain.messaging;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.util.Bytes;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;

/**
 * Encryption of an envelope's content for its recipient: HPKE (RFC 9180) in base mode with
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and ChaCha20-Poly1305 (BouncyCastle's implementation).
 *
 * <ul>
 *   <li>recipient key: the X25519 key derived from the recipient's Ed25519 key ({@link X25519Keys});
 *   <li>info: {@value #INFO_TEXT};
 *   <li>associated data: the compact, key-sorted JSON of the envelope's readable header plus the
 *       sender and recipient addresses: {@code {"correlation_id","from","id","kind","reply_to",
 *       "require_ack","to","v"}} (absent values as null). A ciphertext copied into another sender's
 *       transaction, sent to another address, or given another id or kind, does not open;
 *   <li>plaintext: the compact JSON {@code {"body": …, "content_type": …}} (absent members left out).
 * </ul>
 *
 * Neither method throws for bad input: both return a typed outcome.
 */
public final class MessageCrypto {
  public static final String INFO_TEXT = "aitbc-agent-message/v1";
  static final byte[] INFO = INFO_TEXT.getBytes(StandardCharsets.US_ASCII);
  static final int ENC_LENGTH = 32;

  private MessageCrypto() {}

  static HPKE suite() {
    return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_CHACHA20_POLY1305);
  }

  /** An envelope with its content sealed, or why it could not be sealed. */
  public record SealResult(Envelope envelope, String problem) {
    public boolean isOk() {
      return envelope != null;
    }
  }

  /** Opened content (the envelope with body and content_type back in place), or why not. */
  public sealed interface OpenResult {}

  public record Opened(Envelope envelope) implements OpenResult {}

  public record Failed(String reason) implements OpenResult {}

  /**
   * Seals {@code plain}'s content for {@code recipientEd25519Key}, the key of address {@code to};
   * {@code from} is the sender's address. The ephemeral key comes from {@code random}.
   */
  public static SealResult seal(Envelope plain, String from, String to, Bytes recipientEd25519Key, SecureRandom random) {
    if (plain.encrypted()) return new SealResult(null, "the envelope is encrypted already");
    Optional<Bytes> pkR = X25519Keys.publicFromEd25519(recipientEd25519Key);
    if (pkR.isEmpty()) return new SealResult(null, "the recipient's public key is not a valid Ed25519 key");
    byte[] ikmE = new byte[32];
    random.nextBytes(ikmE);
    byte[] pt = content(plain);
    byte[][] ctEnc = sealRaw(pkR.get().unsafeArray(), INFO, aad(plain, from, to), pt, ikmE);
    Arrays.fill(ikmE, (byte) 0);
    return new SealResult(plain.withSealed(new Sealed(Sealed.ALG, Bytes.wrap(ctEnc[1]), Bytes.wrap(ctEnc[0]))), null);
  }

  /** Opens {@code env}'s content with {@code recipient}'s key; {@code from} and {@code to} as on the transaction. */
  public static OpenResult open(Envelope env, String from, String to, KeyPair recipient) {
    Sealed s = env.sealed();
    if (s == null) return new Failed("the message is not encrypted");
    if (!Sealed.ALG.equals(s.alg())) return new Failed("unsupported encryption '" + s.alg() + "' (this client reads " + Sealed.ALG + ")");
    if (s.enc().length() != ENC_LENGTH) return new Failed("the encapsulated key is " + s.enc().length() + " bytes, not " + ENC_LENGTH);
    byte[] seed = recipient.seed();
    byte[] skR = X25519Keys.privateFromEd25519Seed(seed);
    Arrays.fill(seed, (byte) 0);
    byte[] pt;
    try {
      Optional<byte[]> opened = openRaw(s.enc().unsafeArray(), skR, INFO, aad(env, from, to), s.ciphertext().unsafeArray());
      if (opened.isEmpty()) {
        return new Failed("authentication failed: it was not encrypted for this wallet's key, or it was altered");
      }
      pt = opened.get();
    } finally {
      Arrays.fill(skR, (byte) 0);
    }
    JsonValue v;
    try {
      v = JsonParser.parse(pt);
    } catch (JsonParseException e) {
      return new Failed("the decrypted content is not JSON");
    }
    if (!(v instanceof JsonObject o)) return new Failed("the decrypted content is not a JSON object");
    JsonValue body = o.get("body").orElse(null);
    JsonValue ct = o.get("content_type").orElse(null);
    String contentType = null;
    if (ct instanceof JsonValue.JsonString str && Envelope.validContentType(str.value())) contentType = str.value();
    else if (ct != null) return new Failed("the decrypted content_type is not valid");
    Envelope plain = new Envelope(env.version(), env.id(), env.kind(), env.replyTo(), env.correlationId(),
        env.requireAck(), contentType, body, null);
    return new Opened(plain);
  }

  /** The associated data for {@code env} between {@code from} and {@code to}. */
  static byte[] aad(Envelope env, String from, String to) {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("v", JsonValue.num(env.version()));
    m.put("id", JsonValue.str(env.id()));
    m.put("kind", JsonValue.str(env.kind().wire()));
    m.put("reply_to", env.replyTo() == null ? JsonValue.JsonNull.INSTANCE : JsonValue.str(env.replyTo()));
    m.put("correlation_id", env.correlationId() == null ? JsonValue.JsonNull.INSTANCE : JsonValue.str(env.correlationId()));
    m.put("require_ack", JsonValue.JsonBool.of(env.requireAck()));
    m.put("from", JsonValue.str(from));
    m.put("to", JsonValue.str(to));
    return PyJson.compact(new JsonObject(m)).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] content(Envelope plain) {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    if (plain.body() != null) m.put("body", plain.body());
    if (plain.contentType() != null) m.put("content_type", JsonValue.str(plain.contentType()));
    return PyJson.compact(new JsonObject(m)).getBytes(StandardCharsets.US_ASCII);
  }

  /** HPKE SealBase with the ephemeral key derived from {@code ikmE}: {ciphertext, enc}. */
  static byte[][] sealRaw(byte[] pkR, byte[] info, byte[] aad, byte[] pt, byte[] ikmE) {
    HPKE hpke = suite();
    AsymmetricCipherKeyPair kpE = hpke.deriveKeyPair(ikmE);
    HPKEContextWithEncapsulation ctx = hpke.setupBaseS(hpke.deserializePublicKey(pkR), info, kpE);
    try {
      return new byte[][] {ctx.seal(aad, pt), ctx.getEncapsulation()};
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 refused to encrypt", e);
    }
  }

  /** HPKE OpenBase; empty when the tag does not verify or the key agreement fails. */
  static Optional<byte[]> openRaw(byte[] enc, byte[] skR, byte[] info, byte[] aad, byte[] ct) {
    HPKE hpke = suite();
    try {
      org.bouncycastle.crypto.params.X25519PrivateKeyParameters sk =
          new org.bouncycastle.crypto.params.X25519PrivateKeyParameters(skR, 0);
      byte[] pkR = sk.generatePublicKey().getEncoded();
      AsymmetricCipherKeyPair kpR = hpke.deserializePrivateKey(skR, pkR);
      HPKEContext ctx = hpke.setupBaseR(enc, kpR, info);
      return Optional.of(ctx.open(aad, ct));
    } catch (InvalidCipherTextException | RuntimeException e) { // bad enc (e.g. a small-order point) included
      return Optional.empty();
    }
  }
}
