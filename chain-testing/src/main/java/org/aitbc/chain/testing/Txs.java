package org.aitbc.chain.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;
import org.aitbc.chain.core.util.Bytes;

/** Builds transactions signed the way the AITBC Python client signs them. */
public final class Txs {
  private Txs() {}

  /** A fluent transfer builder with sensible defaults (fee 10, payload "0x", public key included). */
  public static Builder transfer(KeyPair from, String chainId) {
    return new Builder(from, chainId);
  }

  public static final class Builder {
    private final KeyPair from;
    private final String chainId;
    private String to = TestKeys.key(999).address();
    private long amount = 1;
    private long fee = 10;
    private long nonce = 1;
    private JsonValue payload = JsonValue.str("0x");
    private boolean withKey = true;
    private String type = "transfer";

    Builder(KeyPair from, String chainId) {
      this.from = from;
      this.chainId = chainId;
    }

    public Builder to(String a) {
      to = a;
      return this;
    }

    public Builder amount(long a) {
      amount = a;
      return this;
    }

    public Builder fee(long f) {
      fee = f;
      return this;
    }

    public Builder nonce(long n) {
      nonce = n;
      return this;
    }

    public Builder payload(String p) {
      payload = JsonValue.str(p);
      return this;
    }

    public Builder payload(JsonValue p) {
      payload = p;
      return this;
    }

    public Builder type(String t) {
      type = t;
      return this;
    }

    public Builder withoutPublicKey() {
      withKey = false;
      return this;
    }

    /** The signed JSON body a client would POST. */
    public JsonObject json() {
      JsonObject body = Json.obj("amount", amount, "chain_id", chainId, "fee", fee, "from", from.address(),
          "nonce", nonce, "payload", payload, "to", to, "type", type);
      byte[] sig = from.sign(PyJson.dumps(body).getBytes(StandardCharsets.US_ASCII));
      Map<String, JsonValue> m = new LinkedHashMap<>(body.members());
      m.put("signature", JsonValue.str(Bytes.wrap(sig).hex()));
      if (withKey) m.put("public_key", JsonValue.str(from.publicKey().hex()));
      return new JsonObject(m);
    }

    public String jsonText() {
      return PyJson.compact(json());
    }

    public Transaction build() {
      TxCodec.Parsed p = TxCodec.parse(json(), Integer.MAX_VALUE);
      if (!p.isOk()) throw new IllegalArgumentException(p.refusal().toString());
      return p.tx();
    }
  }
}
