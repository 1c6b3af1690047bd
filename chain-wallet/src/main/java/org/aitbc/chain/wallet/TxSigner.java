package org.aitbc.chain.wallet;

import java.util.LinkedHashMap;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Refusal;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;
import org.aitbc.chain.core.util.Bytes;

/**
 * Signs a transaction body the way the AITBC client does: Ed25519 over Python's
 * {@code json.dumps(body, sort_keys=True)}, then adds {@code signature} and {@code public_key}. The result
 * is checked with the node's own parser ({@link TxCodec}), so a body the node would refuse for its shape
 * comes back as a {@link Refusal}, not as a transaction.
 */
public final class TxSigner {
  private TxSigner() {}

  /** A signed transaction: the JSON to POST and the parsed transaction (hash, fields). */
  public record Signed(JsonObject json, Transaction tx) {
    /** "0x" + 64 hex: the hash the node will answer with. */
    public String hash() {
      return tx.hashHex();
    }
  }

  /** Either a signed transaction or the reason its fields are malformed. */
  public record Result(Signed signed, Refusal refusal) {
    public boolean isOk() {
      return signed != null;
    }
  }

  public static Result sign(KeyPair key, JsonObject body) {
    Map<String, JsonValue> m = new LinkedHashMap<>(body.members());
    if (m.containsKey("signature") || m.containsKey("public_key")) {
      return new Result(null, Refusal.of(Reason.INVALID_FIELD, "the body to sign must not carry signature or public_key"));
    }
    if (!(m.get("from") instanceof JsonValue.JsonString f) || !f.value().equals(key.address())) {
      return new Result(null, Refusal.of(Reason.ADDRESS_MISMATCH, "from must be the signing key's address " + key.address()));
    }
    byte[] signature = key.sign(PyJson.dumpsUtf8(new JsonObject(m)));
    m.put("signature", JsonValue.str(Bytes.wrap(signature).hex()));
    m.put("public_key", JsonValue.str(key.publicKey().hex()));
    JsonObject json = new JsonObject(m);
    TxCodec.Parsed p = TxCodec.parse(json, Integer.MAX_VALUE);
    if (!p.isOk()) return new Result(null, p.refusal());
    return new Result(new Signed(json, p.tx()), null);
  }

  /**
   * The nonce {@code wallet send} uses: greater than the chain's highest included nonce for the sender
   * ({@code null} when it never sent) and at least the current time in milliseconds, as AITBC clients do.
   */
  public static long nextNonce(Long chainNonce, long nowMs) {
    long afterChain = chainNonce == null ? 0 : (chainNonce == Long.MAX_VALUE ? Long.MAX_VALUE : chainNonce + 1);
    return Math.max(afterChain, Math.max(0, nowMs));
  }
}
