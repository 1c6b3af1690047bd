package org.aitbc.chain.core.block;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aitbc.chain.core.crypto.Address;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonNumber;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.JsonValue.JsonString;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.tx.ChainParams;
import org.aitbc.chain.core.tx.TxCodec;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.core.util.Hex;

/**
 * A genesis file (contract §3). Its hash is the SHA-256 of its canonical JSON (Python's
 * {@code json.dumps(sort_keys=True)}), so two nodes with the same file agree whatever its layout.
 *
 * <p>An allocation may carry the account's {@code public_key}: the chain then knows the key from the
 * start, and the account's transactions may leave {@code public_key} out (as the AITBC CLI's
 * {@code wallet send} does) from the first one on. {@link #allocationKeys} holds those keys by address.
 */
public record Genesis(String chainId, long timestampMs, List<Authority> authorities, Map<String, Long> allocations,
    Map<String, Bytes> allocationKeys, ChainParams params, JsonObject json, Bytes hash) {

  public record Authority(String address, Bytes publicKey) {}

  /** Thrown for a genesis file that breaks the rules; the message says which rule. */
  public static final class InvalidGenesisException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidGenesisException(String m) {
      super(m);
    }
  }

  public static Genesis parse(byte[] json) throws InvalidGenesisException {
    try {
      return fromJson(JsonParser.parse(json));
    } catch (JsonParseException e) {
      throw new InvalidGenesisException("genesis file is not valid JSON: " + e.getMessage());
    }
  }

  public static Genesis fromJson(JsonValue v) throws InvalidGenesisException {
    if (!(v instanceof JsonObject o)) throw new InvalidGenesisException("genesis must be a JSON object");
    String chainId = str(o, "chain_id");
    if (chainId.isEmpty() || chainId.length() > 64) throw new InvalidGenesisException("chain_id must be 1 to 64 characters");
    long ts = Timestamps.parse(str(o, "timestamp"))
        .orElseThrow(() -> new InvalidGenesisException("timestamp must be ISO-8601 UTC ending in Z"));
    List<Authority> auths = new ArrayList<>();
    for (JsonValue a : arr(o, "authorities")) {
      if (!(a instanceof JsonObject ao)) throw new InvalidGenesisException("each authority must be an object");
      String pk = str(ao, "public_key");
      if (!Hex.isLowerHex(pk, 64)) throw new InvalidGenesisException("authority public_key must be 64 lowercase hex");
      Bytes key = Bytes.fromHex(pk);
      String addr = str(ao, "address");
      if (!Address.matches(addr, key)) {
        throw new InvalidGenesisException("authority address " + addr + " does not match its public_key");
      }
      auths.add(new Authority(addr, key));
    }
    if (auths.isEmpty()) throw new InvalidGenesisException("genesis needs at least one authority");
    Map<String, Long> allocs = new LinkedHashMap<>();
    Map<String, Bytes> keys = new LinkedHashMap<>();
    long total = 0;
    for (JsonValue a : arr(o, "allocations")) {
      if (!(a instanceof JsonObject ao)) throw new InvalidGenesisException("each allocation must be an object");
      String addr = str(ao, "address");
      if (!org.aitbc.chain.core.tx.TxCodec.isAddress(addr)) {
        throw new InvalidGenesisException("allocation address " + addr + " is not ait1 + 38..90 lowercase letters or digits");
      }
      long bal = lng(ao.members().get("balance"), -1);
      if (bal < 0) throw new InvalidGenesisException("allocation balance must be an integer >= 0");
      if (allocs.put(addr, bal) != null) throw new InvalidGenesisException("address " + addr + " is allocated twice");
      if (ao.members().containsKey("public_key")) {
        String pk = str(ao, "public_key");
        if (!Hex.isLowerHex(pk, 64)) throw new InvalidGenesisException("allocation public_key must be 64 lowercase hex");
        Bytes key = Bytes.fromHex(pk);
        if (!Address.matches(addr, key)) {
          throw new InvalidGenesisException("allocation address " + addr + " does not match its public_key");
        }
        keys.put(addr, key);
      }
      total += bal;
      if (total < 0 || total == Long.MAX_VALUE) throw new InvalidGenesisException("total allocation must stay below 2^63-1");
    }
    JsonObject p = o.get("params").filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
        .orElse(new JsonObject(Map.of()));
    ChainParams params;
    try {
      params = new ChainParams(chainId,
          lng(p.members().get("block_time_ms"), ChainParams.DEFAULT_BLOCK_TIME_MS),
          lng(p.members().get("min_fee"), ChainParams.DEFAULT_MIN_FEE),
          intParam(p, "max_payload_bytes", TxCodec.DEFAULT_MAX_PAYLOAD_BYTES),
          intParam(p, "max_block_txs", ChainParams.DEFAULT_MAX_BLOCK_TXS),
          intParam(p, "max_block_bytes", ChainParams.DEFAULT_MAX_BLOCK_BYTES));
    } catch (IllegalArgumentException e) {
      throw new InvalidGenesisException("params: " + e.getMessage());
    }
    Bytes hash = Bytes.wrap(Hashes.sha256(PyJson.dumpsUtf8(o)));
    return new Genesis(chainId, ts, List.copyOf(auths), java.util.Collections.unmodifiableMap(allocs),
        java.util.Collections.unmodifiableMap(keys), params, o, hash);
  }

  /** Builds the JSON of a genesis file. */
  public static JsonObject build(String chainId, long timestampMs, List<Authority> authorities,
      Map<String, Long> allocations, long blockTimeMs, long minFee) {
    return build(chainId, timestampMs, authorities, allocations, Map.of(), blockTimeMs, minFee);
  }

  /** Builds the JSON of a genesis file whose allocations listed in {@code keys} carry their public key. */
  public static JsonObject build(String chainId, long timestampMs, List<Authority> authorities,
      Map<String, Long> allocations, Map<String, Bytes> keys, long blockTimeMs, long minFee) {
    List<JsonValue> auths = new ArrayList<>();
    for (Authority a : authorities) auths.add(Json.obj("address", a.address(), "public_key", a.publicKey().hex()));
    List<JsonValue> allocs = new ArrayList<>();
    allocations.forEach((k, v) -> allocs.add(keys.containsKey(k)
        ? Json.obj("address", k, "balance", v, "public_key", keys.get(k).hex())
        : Json.obj("address", k, "balance", v)));
    return Json.obj("chain_id", chainId, "timestamp", Timestamps.format(timestampMs), "authorities", Json.arr(auths),
        "allocations", Json.arr(allocs), "params", Json.obj("block_time_ms", blockTimeMs, "min_fee", minFee));
  }

  /** {@code genesis} (the JSON of {@link #build}) with {@code params.name} set to {@code value}. */
  public static JsonObject withParam(JsonObject genesis, String name, long value) {
    Map<String, JsonValue> m = new java.util.LinkedHashMap<>(genesis.members());
    Map<String, JsonValue> params = new java.util.LinkedHashMap<>(((JsonObject) m.get("params")).members());
    params.put(name, JsonValue.JsonNumber.of(value));
    m.put("params", new JsonObject(params));
    return new JsonObject(m);
  }

  public Optional<Authority> authority(String address) {
    return authorities.stream().filter(a -> a.address().equals(address)).findFirst();
  }

  private static String str(JsonObject o, String k) throws InvalidGenesisException {
    if (!(o.members().get(k) instanceof JsonString s)) throw new InvalidGenesisException(k + " must be a string");
    return s.value();
  }

  private static List<JsonValue> arr(JsonObject o, String k) throws InvalidGenesisException {
    if (!(o.members().get(k) instanceof JsonArray a)) throw new InvalidGenesisException(k + " must be an array");
    return a.elements();
  }

  /** An int parameter; a value beyond the int range is refused rather than truncated by a cast. */
  private static int intParam(JsonObject params, String name, int dflt) throws InvalidGenesisException {
    long v = lng(params.members().get(name), dflt);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new InvalidGenesisException("params: " + name + " must be at most " + Integer.MAX_VALUE + ", got " + v);
    }
    return (int) v;
  }

  private static long lng(JsonValue v, long dflt) throws InvalidGenesisException {
    if (v == null) return dflt;
    if (!(v instanceof JsonNumber n)) throw new InvalidGenesisException("expected an integer, got " + PyJson.compact(v));
    return n.longValueExact().orElseThrow(() -> new InvalidGenesisException("not an integer: " + n.lexeme()));
  }
}
