package org.aitbc.chain.wallet;

import java.util.LinkedHashMap;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.tx.Transaction;

/**
 * The unsigned body of a transaction (wire contract §1), in the member order the AITBC client uses:
 * from, to, amount, fee, nonce, payload, chain_id, type. Mutable and not thread-safe: build, sign, discard.
 * The payload defaults to {@code "0x"} (AITBC's "no message").
 */
public final class TxBuilder {
  public static final JsonValue NO_PAYLOAD = JsonValue.str("0x");

  private String type = Transaction.TRANSFER;
  private String to;
  private long amount;
  private long fee;
  private long nonce;
  private JsonValue payload = NO_PAYLOAD;
  private String chainId;

  public static TxBuilder transfer() {
    return new TxBuilder();
  }

  public TxBuilder type(String type) {
    this.type = type;
    return this;
  }

  public TxBuilder to(String to) {
    this.to = to;
    return this;
  }

  public TxBuilder amount(long amount) {
    this.amount = amount;
    return this;
  }

  public TxBuilder fee(long fee) {
    this.fee = fee;
    return this;
  }

  public TxBuilder nonce(long nonce) {
    this.nonce = nonce;
    return this;
  }

  /** Any JSON value; a message is usually a string. */
  public TxBuilder payload(JsonValue payload) {
    this.payload = payload == null ? NO_PAYLOAD : payload;
    return this;
  }

  /** The payload as a JSON string (what {@code --payload TEXT} sends). */
  public TxBuilder payloadText(String text) {
    return payload(text == null ? NO_PAYLOAD : JsonValue.str(text));
  }

  public TxBuilder chainId(String chainId) {
    this.chainId = chainId;
    return this;
  }

  /** The body to be signed by the key of {@code from}. Fields are checked when it is signed. */
  public JsonObject body(String from) {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("from", str(from));
    m.put("to", str(to));
    m.put("amount", JsonValue.num(amount));
    m.put("fee", JsonValue.num(fee));
    m.put("nonce", JsonValue.num(nonce));
    m.put("payload", payload);
    m.put("chain_id", str(chainId));
    if (type != null) m.put("type", str(type));
    return new JsonObject(m);
  }

  /** Builds the body for {@code key}'s address and signs it. */
  public TxSigner.Result sign(KeyPair key) {
    return TxSigner.sign(key, body(key.address()));
  }

  private static JsonValue str(String s) {
    return s == null ? JsonValue.JsonNull.INSTANCE : JsonValue.str(s);
  }
}
