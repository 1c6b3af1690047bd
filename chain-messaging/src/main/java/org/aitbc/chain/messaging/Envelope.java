package org.aitbc.chain.messaging;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.tx.TxCodec;

/**
 * A structured agent message, version 1, carried as the transaction payload: the compact JSON text of
 * the envelope inside a JSON <em>string</em>, so that clients which expect string payloads keep working.
 *
 * <pre>
 * {"v":1, "id":"9f2c…", "kind":"text|ping|pong|task|result|ack",
 *  "reply_to":"&lt;id&gt;", "correlation_id":"&lt;id&gt;", "require_ack":true,
 *  "content_type":"text/plain", "body":&lt;any JSON&gt;,
 *  "enc":{"alg":"hpke-base-x25519-sha256-chacha20poly1305","enc":"&lt;b64url&gt;","ct":"&lt;b64url&gt;"}}
 * </pre>
 *
 * Only {@code v}, {@code id} and {@code kind} are required. When {@code enc} is present, {@code body}
 * and {@code content_type} are inside the ciphertext and absent outside; the header fields ({@code id},
 * {@code kind}, {@code reply_to}, {@code correlation_id}, {@code require_ack}) stay readable so that
 * acknowledgements and deduplication work without the key, and they are bound to the ciphertext as
 * associated data (see {@link MessageCrypto}). A reply sets {@code reply_to} to the id it answers and
 * {@code correlation_id} to the conversation's id (the first message's id unless it carried one).
 *
 * <p>Parsing is total ({@link #parse}): any payload gives either an envelope or a raw payload with the
 * reason it is not one.
 *
 * @param body null when absent (a JSON {@code null} body is kept as {@link JsonValue.JsonNull})
 */
public record Envelope(int version, String id, Kind kind, String replyTo, String correlationId, boolean requireAck,
    String contentType, JsonValue body, Sealed sealed) {

  public static final int VERSION = 1;
  /** Longest id, reply_to and correlation_id. */
  public static final int MAX_ID_LENGTH = 64;
  public static final int MAX_CONTENT_TYPE_LENGTH = 100;
  /**
   * Largest payload a message may have, as the node measures it (compact JSON of the payload, i.e. the
   * envelope text with its quotes escaped): the node's default limit.
   */
  public static final int MAX_PAYLOAD_BYTES = TxCodec.DEFAULT_MAX_PAYLOAD_BYTES;
  /** Payload strings longer than this are not even looked at as envelopes. */
  static final int MAX_PARSE_CHARS = 4 * MAX_PAYLOAD_BYTES;

  public static final String TEXT_PLAIN = "text/plain";
  public static final String APPLICATION_JSON = "application/json";

  /** What a message is for. */
  public enum Kind {
    TEXT, PING, PONG, TASK, RESULT, ACK;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Kind> fromWire(String s) {
      for (Kind k : values()) if (k.wire().equals(s)) return Optional.of(k);
      return Optional.empty();
    }

    /** Kinds that answer another message; a listener never answers them (no reply loops). */
    public boolean isAnswer() {
      return this == PONG || this == RESULT || this == ACK;
    }
  }

  public Envelope {
    if (version != VERSION) throw new IllegalArgumentException("only envelope version " + VERSION + " is written");
    if (!validId(id)) throw new IllegalArgumentException("bad id: " + id);
    if (kind == null) throw new IllegalArgumentException("kind is required");
    if (replyTo != null && !validId(replyTo)) throw new IllegalArgumentException("bad reply_to: " + replyTo);
    if (correlationId != null && !validId(correlationId)) {
      throw new IllegalArgumentException("bad correlation_id: " + correlationId);
    }
    if (contentType != null && !validContentType(contentType)) {
      throw new IllegalArgumentException("bad content_type: " + contentType);
    }
    if (sealed != null && (body != null || contentType != null)) {
      throw new IllegalArgumentException("an encrypted envelope carries body and content_type inside enc");
    }
  }

  // ---- building ------------------------------------------------------------------------------

  /** A fresh message id: 32 lowercase hex characters (128 random bits). */
  public static String newId(SecureRandom random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A new message of {@code kind} with a fresh id and no body. */
  public static Envelope of(Kind kind, SecureRandom random) {
    return new Envelope(VERSION, newId(random), kind, null, null, false, null, null, null);
  }

  /** A text message. */
  public static Envelope text(String text, SecureRandom random) {
    return of(Kind.TEXT, random).withContent(TEXT_PLAIN, JsonValue.str(text));
  }

  /** A task: body {"action": NAME, "input": JSON}. */
  public static Envelope task(String action, JsonValue input, SecureRandom random) {
    return of(Kind.TASK, random).withContent(APPLICATION_JSON, Task.body(action, input));
  }

  /** A new message answering {@code to}: reply_to = its id, correlation_id = its conversation. */
  public static Envelope answer(Envelope to, Kind kind, SecureRandom random) {
    return new Envelope(VERSION, newId(random), kind, to.id(), to.conversationId(), false, null, null, null);
  }

  public Envelope withContent(String contentType, JsonValue body) {
    return new Envelope(version, id, kind, replyTo, correlationId, requireAck, contentType, body, null);
  }

  public Envelope withRequireAck(boolean on) {
    return new Envelope(version, id, kind, replyTo, correlationId, on, contentType, body, sealed);
  }

  public Envelope withCorrelationId(String c) {
    return new Envelope(version, id, kind, replyTo, c, requireAck, contentType, body, sealed);
  }

  /** This envelope with its content replaced by {@code s} (see {@link MessageCrypto#seal}). */
  public Envelope withSealed(Sealed s) {
    return new Envelope(version, id, kind, replyTo, correlationId, requireAck, null, null, s);
  }

  /** The conversation this message belongs to: its correlation_id, else its own id. */
  public String conversationId() {
    return correlationId != null ? correlationId : id;
  }

  public boolean encrypted() {
    return sealed != null;
  }

  /** True when this answers the message {@code messageId} (by reply_to or correlation_id). */
  public boolean answers(String messageId) {
    return messageId.equals(replyTo) || messageId.equals(correlationId);
  }

  /** The body as text when it is a JSON string. */
  public Optional<String> bodyText() {
    return body instanceof JsonValue.JsonString s ? Optional.of(s.value()) : Optional.empty();
  }

  // ---- writing -------------------------------------------------------------------------------

  /** The envelope as a JSON object, members in the documented order, absent fields left out. */
  public JsonObject toJson() {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("v", JsonValue.num(version));
    m.put("id", JsonValue.str(id));
    m.put("kind", JsonValue.str(kind.wire()));
    if (replyTo != null) m.put("reply_to", JsonValue.str(replyTo));
    if (correlationId != null) m.put("correlation_id", JsonValue.str(correlationId));
    if (requireAck) m.put("require_ack", JsonValue.JsonBool.TRUE);
    if (contentType != null) m.put("content_type", JsonValue.str(contentType));
    if (body != null) m.put("body", body);
    if (sealed != null) m.put("enc", sealed.toJson());
    return new JsonObject(m);
  }

  /** The envelope's text: compact JSON, ASCII only. */
  public String text() {
    return PyJson.compactUnsorted(toJson());
  }

  /** The transaction payload: the envelope's text as a JSON string. */
  public JsonValue.JsonString toPayload() {
    return JsonValue.str(text());
  }

  /** The payload's size as the node counts it (compact JSON of the payload). */
  public int payloadSize() {
    return PyJson.compact(toPayload()).length();
  }

  /** Why this envelope cannot be sent under {@code maxPayloadBytes}, if it cannot. */
  public Optional<String> sizeProblem(int maxPayloadBytes) {
    int n = payloadSize();
    if (n <= maxPayloadBytes) return Optional.empty();
    return Optional.of("the message would be a payload of " + n + " bytes; the limit is " + maxPayloadBytes);
  }

  // ---- reading -------------------------------------------------------------------------------

  /** A payload read from the chain: an envelope, or a raw payload with the reason it is not one. */
  public sealed interface Parsed {
    JsonValue payload();
  }

  /** The payload is a valid version-1 envelope (as a JSON string holding it, or as an object). */
  public record Structured(JsonValue payload, Envelope envelope) implements Parsed {}

  /** Any other payload, delivered as it is: a plain string like "ping", other JSON, or a bad envelope. */
  public record Raw(JsonValue payload, String reason) implements Parsed {
    /** The payload as text: the string itself, else compact JSON. */
    public String text() {
      return payload instanceof JsonValue.JsonString s ? s.value() : PyJson.compactUnsorted(payload);
    }
  }

  /** Never throws: every payload parses to {@link Structured} or {@link Raw}. */
  public static Parsed parse(JsonValue payload) {
    if (payload == null) return new Raw(JsonValue.JsonNull.INSTANCE, "no payload");
    try {
      return EnvelopeReader.read(payload);
    } catch (RuntimeException e) {
      return new Raw(payload, "unreadable payload (" + e.getClass().getSimpleName() + ")");
    }
  }

  // ---- field rules ---------------------------------------------------------------------------

  /** 1..64 characters of [A-Za-z0-9._:-]. */
  public static boolean validId(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_ID_LENGTH) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
          || c == ':' || c == '-';
      if (!ok) return false;
    }
    return true;
  }

  /** 1..100 printable ASCII characters. */
  public static boolean validContentType(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_CONTENT_TYPE_LENGTH) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) return false;
    }
    return true;
  }
}
