package org.aitbc.chain.core.testutil;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;
import org.aitbc.chain.core.util.Bytes;

/**
 * Signs transfers the way the AITBC Python client does: the body without {@code signature} and
 * {@code public_key}, written by Python's {@code json.dumps(sort_keys=True)}, signed with Ed25519.
 *
 * <pre>
 *   Transaction tx = Transfers.from(alice).to(bob.address()).amount(5).nonce(1).tx();
 * </pre>
 */
public final class Transfers {
  public static final String CHAIN_ID = "aitbc-test";

  private Transfers() {}

  public static Builder from(KeyPair sender) {
    return new Builder(sender);
  }

  /** A transfer under construction; every setter returns this builder. */
  public static final class Builder {
    private final KeyPair sender;
    private String from;
    private String to = Keys.key(63).address();
    private JsonValue amount = JsonValue.num(0);
    private JsonValue fee = JsonValue.num(1);
    private JsonValue nonce = JsonValue.num(1);
    private JsonValue payload = JsonValue.str("0x");
    private JsonValue chainId = JsonValue.str(CHAIN_ID);
    private String type;
    private KeyPair signer;
    private Bytes publicKey;
    private boolean sendPublicKey = true;
    private boolean corruptSignature;

    private Builder(KeyPair sender) {
      this.sender = sender;
      this.from = sender.address();
      this.signer = sender;
      this.publicKey = sender.publicKey();
    }

    public Builder to(String address) {
      this.to = address;
      return this;
    }

    public Builder amount(long v) {
      return amountLexeme(Long.toString(v));
    }

    /** A raw number lexeme, e.g. {@code "9007199254740993"} or {@code "1.0"}. */
    public Builder amountLexeme(String lexeme) {
      this.amount = new JsonValue.JsonNumber(lexeme);
      return this;
    }

    public Builder fee(long v) {
      this.fee = JsonValue.num(v);
      return this;
    }

    public Builder nonce(long v) {
      this.nonce = JsonValue.num(v);
      return this;
    }

    public Builder payload(String text) {
      this.payload = JsonValue.str(text);
      return this;
    }

    public Builder payload(JsonValue v) {
      this.payload = v;
      return this;
    }

    public Builder chainId(String id) {
      this.chainId = JsonValue.str(id);
      return this;
    }

    /** Puts {@code "type"} into the signed body (absent by default, which means transfer). */
    public Builder type(String t) {
      this.type = t;
      return this;
    }

    /** Claims another sender address than the signing key's. */
    public Builder fromAddress(String address) {
      this.from = address;
      return this;
    }

    /** Signs with another key (the public_key sent stays the sender's unless {@link #publicKey} is used). */
    public Builder signedBy(KeyPair k) {
      this.signer = k;
      return this;
    }

    public Builder publicKey(Bytes key) {
      this.publicKey = key;
      return this;
    }

    public Builder withoutPublicKey() {
      this.sendPublicKey = false;
      return this;
    }

    /** Flips one bit of the signature after signing. */
    public Builder corruptSignature() {
      this.corruptSignature = true;
      return this;
    }

    /** The signed fields: what the signing string is made of. */
    public JsonObject body() {
      Map<String, JsonValue> m = new LinkedHashMap<>();
      if (type != null) m.put("type", JsonValue.str(type));
      m.put("from", JsonValue.str(from));
      m.put("to", JsonValue.str(to));
      m.put("amount", amount);
      m.put("fee", fee);
      m.put("nonce", nonce);
      m.put("payload", payload);
      m.put("chain_id", chainId);
      return new JsonObject(m);
    }

    /** The request a client posts: body, signature and (unless left out) public_key. */
    public JsonObject json() {
      JsonObject body = body();
      byte[] sig = signer.sign(PyJson.dumps(body).getBytes(StandardCharsets.US_ASCII));
      if (corruptSignature) sig[17] ^= 0x01;
      Map<String, JsonValue> m = new LinkedHashMap<>(body.members());
      m.put("signature", JsonValue.str(Bytes.wrap(sig).hex()));
      if (sendPublicKey) m.put("public_key", JsonValue.str(publicKey.hex()));
      return new JsonObject(m);
    }

    /** Parses {@link #json()}; fails the test if the codec refuses it. */
    public Transaction tx() {
      TxCodec.Parsed p = TxCodec.parse(json(), TxCodec.DEFAULT_MAX_PAYLOAD_BYTES);
      if (!p.isOk()) throw new AssertionError("test transfer refused by TxCodec: " + p.refusal());
      return p.tx();
    }

    public KeyPair sender() {
      return sender;
    }
  }
}
