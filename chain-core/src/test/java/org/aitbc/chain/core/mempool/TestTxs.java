package org.aitbc.chain.core.mempool;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.tx.ChainParams;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;
import org.aitbc.chain.core.util.Bytes;

/** Signed transactions for mempool tests, from keys with fixed seeds. */
final class TestTxs {
  static final String CHAIN = "mempool-test";
  static final ChainParams PARAMS = ChainParams.defaults(CHAIN);
  static final String SINK = "ait1" + "00".repeat(20);

  private TestTxs() {}

  /** The key whose 32-byte seed is {@code i} repeated. */
  static KeyPair key(int i) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) (i + 1));
    return KeyPair.fromSeed(seed);
  }

  static Transaction transfer(KeyPair k, long amount, long fee, long nonce) {
    return transfer(k, SINK, amount, fee, nonce, "0x", CHAIN);
  }

  static Transaction transfer(KeyPair k, long amount, long fee, long nonce, String payload) {
    return transfer(k, SINK, amount, fee, nonce, payload, CHAIN);
  }

  /** A transfer of 1 with fee 1 whose payload is any JSON value (an object or array as well as a string). */
  static Transaction transfer(KeyPair k, long nonce, JsonValue payload) {
    JsonObject body = body(k, SINK, 1, 1, nonce, payload, CHAIN);
    return signed(body, k.sign(PyJson.dumps(body).getBytes(StandardCharsets.US_ASCII)), k.publicKey());
  }

  static Transaction transfer(KeyPair k, String to, long amount, long fee, long nonce, String payload, String chainId) {
    JsonObject body = body(k, to, amount, fee, nonce, payload, chainId);
    return signed(body, k.sign(PyJson.dumps(body).getBytes(StandardCharsets.US_ASCII)), k.publicKey());
  }

  /** A transfer whose signature was made over another body (amount + 1): BAD_SIGNATURE. */
  static Transaction badlySigned(KeyPair k, long amount, long fee, long nonce) {
    JsonObject body = body(k, SINK, amount, fee, nonce, "0x", CHAIN);
    JsonObject other = body(k, SINK, amount + 1, fee, nonce, "0x", CHAIN);
    return signed(body, k.sign(PyJson.dumps(other).getBytes(StandardCharsets.US_ASCII)), k.publicKey());
  }

  private static JsonObject body(KeyPair k, String to, long amount, long fee, long nonce, Object payload, String chainId) {
    return Json.obj("amount", amount, "chain_id", chainId, "fee", fee, "from", k.address(), "nonce", nonce,
        "payload", payload, "to", to, "type", "transfer");
  }

  private static Transaction signed(JsonObject body, byte[] signature, Bytes publicKey) {
    Map<String, JsonValue> m = new LinkedHashMap<>(body.members());
    m.put("signature", JsonValue.str(Bytes.wrap(signature).hex()));
    m.put("public_key", JsonValue.str(publicKey.hex()));
    TxCodec.Parsed p = TxCodec.parse(new JsonObject(m), TxCodec.DEFAULT_MAX_PAYLOAD_BYTES);
    if (!p.isOk()) throw new IllegalStateException("test transaction does not parse: " + p.refusal());
    return p.tx();
  }
}
