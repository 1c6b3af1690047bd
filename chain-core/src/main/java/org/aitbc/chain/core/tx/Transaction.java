package org.aitbc.chain.core.tx;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.util.Bytes;

/**
 * A signed transaction, immutable. Build it with {@link TxCodec#parse}, which checks the fields; the
 * signing string and hash are computed once here. The body keeps the exact JSON the client signed
 * (number lexemes, whether {@code type} was present), so the node re-derives the client's bytes.
 */
public final class Transaction {
  public static final String TRANSFER = "transfer";

  private final JsonObject body; // everything but signature and public_key
  private final String type;
  private final String from;
  private final String to;
  private final long amount;
  private final long fee;
  private final long nonce;
  private final JsonValue payload;
  private final String chainId;
  private final Bytes signature;
  private final Bytes publicKey; // null when the client left it out
  private final byte[] signingBytes;
  private final Bytes hash;
  private final String compactJson;
  private final int payloadSize;

  Transaction(JsonObject body, String type, String from, String to, long amount, long fee, long nonce,
      JsonValue payload, int payloadSize, String chainId, Bytes signature, Bytes publicKey) {
    this.payloadSize = payloadSize;
    this.body = body;
    this.type = type;
    this.from = from;
    this.to = to;
    this.amount = amount;
    this.fee = fee;
    this.nonce = nonce;
    this.payload = payload;
    this.chainId = chainId;
    this.signature = signature;
    this.publicKey = publicKey;
    this.signingBytes = PyJson.dumps(body).getBytes(StandardCharsets.US_ASCII);
    this.hash = Bytes.wrap(Hashes.sha256(signingBytes));
    this.compactJson = PyJson.compact(toJson());
  }

  /** The signed fields as the client sent them, without signature and public_key. */
  public JsonObject body() {
    return body;
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

  public JsonValue payload() {
    return payload;
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
    return hash.hex0x();
  }

  /** amount + fee, saturated at Long.MAX_VALUE (genesis caps the total supply below that). */
  public long cost() {
    long c = amount + fee;
    return c < 0 ? Long.MAX_VALUE : c;
  }

  /** The whole transaction (body, signature, public_key when present). */
  public JsonObject toJson() {
    LinkedHashMap<String, JsonValue> m = new LinkedHashMap<>(body.members());
    m.put("signature", JsonValue.str(signature.hex()));
    if (publicKey != null) m.put("public_key", JsonValue.str(publicKey.hex()));
    return JsonObject.adopt(m);
  }

  /** {@link #toJson()} as compact sorted JSON: the stored and relayed form. */
  public String compactJson() {
    return compactJson;
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
    if (!type.equals(TRANSFER)) return false;
    if (payload instanceof JsonValue.JsonString s) return !s.value().isEmpty() && !s.value().equals("0x");
    return payload != JsonValue.JsonNull.INSTANCE;
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
