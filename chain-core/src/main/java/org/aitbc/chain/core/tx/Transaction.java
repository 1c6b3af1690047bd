package org.aitbc.chain.core.tx;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.util.Bytes;

/**
 * A signed transaction, immutable. Build it with {@link TxCodec#parse}, which checks the fields. The exact
 * text the client signed (number lexemes, whether {@code type} was present) and the compact stored form are
 * written once, in one pass over the sorted members; no parsed JSON tree is kept, not even the payload's (a
 * pending transaction's footprint is its two texts and its fields, see {@link #heapBytes()}): {@link
 * #body()}, {@link #toJson()} and {@link #payload()} re-read the texts.
 */
public final class Transaction {
  public static final String TRANSFER = "transfer";

  private final String type;
  private final String from;
  private final String to;
  private final long amount;
  private final long fee;
  private final long nonce;
  private final boolean message;
  private final String chainId;
  private final Bytes signature;
  private final Bytes publicKey; // null when the client left it out
  private final byte[] signingBytes;
  private final Bytes hash;
  private final String compactJson;
  private final int payloadStart; // where the payload's compact text starts in compactJson
  private final int payloadSize;
  private String hashHex; // computed on first use; a race computes the same string twice

  /** The signing string and the compact form of one transaction object, written in one pass. */
  record Texts(String signing, String compact, int payloadStart, int payloadSize) {
    /**
     * {@code whole} is the transaction object as received, signature and public_key included. The signing
     * string is Python's json.dumps(body, sort_keys=True) of the other members; the compact form has them
     * all, sorted, without spaces. Scalars are written once and copied into the signing string.
     */
    static Texts of(JsonObject whole) {
      Map<String, JsonValue> m = whole.members();
      StringBuilder compact = new StringBuilder(512).append('{');
      StringBuilder signing = new StringBuilder(512).append('{');
      int payloadStart = 0;
      int payloadSize = 0;
      for (String k : PyJson.sortedKeys(whole)) {
        JsonValue v = m.get(k);
        if (compact.length() > 1) compact.append(',');
        int keyStart = compact.length();
        PyJson.writeString(compact, k);
        int keyEnd = compact.length();
        int valueStart = compact.append(':').length();
        PyJson.appendCompact(compact, v);
        if (k.equals("payload")) {
          payloadStart = valueStart;
          payloadSize = compact.length() - valueStart;
        }
        if (k.equals("signature") || k.equals("public_key")) continue;
        if (signing.length() > 1) signing.append(", ");
        signing.append(compact, keyStart, keyEnd).append(": ");
        if (v instanceof JsonObject || v instanceof JsonValue.JsonArray) PyJson.appendDumps(signing, v);
        else signing.append(compact, valueStart, compact.length());
      }
      return new Texts(signing.append('}').toString(), compact.append('}').toString(), payloadStart, payloadSize);
    }
  }

  Transaction(Texts texts, String type, String from, String to, long amount, long fee, long nonce,
      JsonValue payload, String chainId, Bytes signature, Bytes publicKey) {
    this.type = type;
    this.from = from;
    this.to = to;
    this.amount = amount;
    this.fee = fee;
    this.nonce = nonce;
    this.message = type.equals(TRANSFER) && isMessagePayload(payload);
    this.chainId = chainId;
    this.signature = signature;
    this.publicKey = publicKey;
    this.payloadStart = texts.payloadStart();
    this.payloadSize = texts.payloadSize();
    this.signingBytes = texts.signing().getBytes(StandardCharsets.US_ASCII);
    this.hash = Bytes.wrap(Hashes.sha256(signingBytes));
    this.compactJson = texts.compact();
  }

  /** The signed fields as the client sent them, without signature and public_key (keys sorted). */
  public JsonObject body() {
    return reparse(signingBytes);
  }

  public String type() {
    return type;
  }

  public String from() {
    return from;
  }

  public String to() {
    return to;
  }

  public long amount() {
    return amount;
  }

  public long fee() {
    return fee;
  }

  public long nonce() {
    return nonce;
  }

  /**
   * Nonce 0: unordered, as the AITBC CLI's {@code wallet send} always signs. Valid once, identified by its
   * hash; it neither waits for nor blocks the sender's ordered nonces (1 and up).
   */
  public boolean isUnordered() {
    return nonce == 0;
  }

  /** The payload, parsed again from its text on each call (a tree would take several times the text). */
  public JsonValue payload() {
    try {
      return JsonParser.parse(payloadJson().getBytes(StandardCharsets.US_ASCII));
    } catch (JsonParseException e) {
      throw new IllegalStateException("a transaction's own payload does not parse: " + e.getMessage(), e);
    }
  }

  public String chainId() {
    return chainId;
  }

  public Bytes signature() {
    return signature;
  }

  public Optional<Bytes> publicKey() {
    return Optional.ofNullable(publicKey);
  }

  /** The exact bytes that were signed (Python's json.dumps(body, sort_keys=True)). */
  public byte[] signingBytes() {
    return signingBytes.clone();
  }

  byte[] signingBytesUnsafe() {
    return signingBytes;
  }

  public Bytes hash() {
    return hash;
  }

  public String hashHex() {
    String h = hashHex;
    if (h == null) hashHex = h = hash.hex0x();
    return h;
  }

  /** amount + fee, saturated at Long.MAX_VALUE (genesis caps the total supply below that). */
  public long cost() {
    long c = amount + fee;
    return c < 0 ? Long.MAX_VALUE : c;
  }

  /** The whole transaction (body, signature, public_key when present), keys sorted. */
  public JsonObject toJson() {
    return reparse(compactJson.getBytes(StandardCharsets.US_ASCII));
  }

  private static JsonObject reparse(byte[] text) {
    try {
      return (JsonObject) JsonParser.parse(text);
    } catch (JsonParseException e) {
      throw new IllegalStateException("a transaction's own text does not parse: " + e.getMessage(), e);
    }
  }

  /** {@link #toJson()} as compact sorted JSON: the stored and relayed form. */
  public String compactJson() {
    return compactJson;
  }

  /** The payload as compact sorted JSON (a slice of {@link #compactJson()}). */
  public String payloadJson() {
    return compactJson.substring(payloadStart, payloadStart + payloadSize);
  }

  /** Size of the payload as compact JSON, the measure of the payload limit. */
  public int payloadSize() {
    return payloadSize;
  }

  /** Appends {@link #compactJson()} with {@code "tx_hash"} added, the form blocks carry, to {@code sb}. */
  public StringBuilder appendCompactJsonWithHash(StringBuilder sb) {
    sb.append(compactJson).setLength(sb.length() - 1); // without its closing brace
    return sb.append(",\"tx_hash\":\"").append(hashHex()).append("\"}");
  }

  /** Size used for mempool and block limits. */
  public int encodedSize() {
    return compactJson.length();
  }

  /** True for a transfer whose payload is a message for the recipient's inbox: not null, not "", not "0x". */
  public boolean isMessage() {
    return message;
  }

  private static boolean isMessagePayload(JsonValue payload) {
    if (payload instanceof JsonValue.JsonString s) return !s.value().isEmpty() && !s.value().equals("0x");
    return payload != JsonValue.JsonNull.INSTANCE;
  }

  /** What one object of this class and the objects it alone holds take on the heap, fields and headers. */
  private static final int FIXED_HEAP_BYTES = 640;

  /**
   * The heap this transaction holds, as the JVM holds it: its two texts (ASCII, so one byte a character in
   * a compact string) and a fixed part for the fields, keys, hash and their object headers. The mempool
   * counts its limit in these bytes, so the limit bounds the heap whatever the payload.
   */
  public long heapBytes() {
    return FIXED_HEAP_BYTES + compactJson.length() + signingBytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transaction t && t.hash.equals(hash) && t.signature.equals(signature)
        && java.util.Objects.equals(t.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Tx[" + hashHex() + " " + from + "->" + to + " amount=" + amount + " fee=" + fee + " nonce=" + nonce + "]";
  }
}
