package org.aitbc.chain.core.block;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonNumber;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.JsonValue.JsonString;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.core.util.Hex;

/** Block JSON (contract §2) to {@link Block} and back. Structure only; rules live in the engine. */
public final class BlockCodec {
  private BlockCodec() {}

  /** A block, or why its JSON is not one. */
  public record Decoded(Block block, String error) {
    public boolean isOk() {
      return block != null;
    }
  }

  public static JsonObject txWithHash(Transaction t) {
    Map<String, JsonValue> m = new LinkedHashMap<>(t.toJson().members());
    m.put("tx_hash", JsonValue.str(t.hashHex()));
    return new JsonObject(m);
  }

  public static Decoded fromJson(JsonValue v, String chainId) {
    if (!(v instanceof JsonObject o)) return err("a block must be a JSON object");
    Map<String, JsonValue> m = o.members();
    Optional<Long> height = lng(m.get("height"));
    if (height.isEmpty() || height.get() < 1) return err("height must be an integer >= 1");
    Optional<Bytes> hash = hash(m.get("hash"));
    Optional<Bytes> parent = hash(m.get("parent_hash"));
    Optional<Bytes> txRoot = hash(m.get("tx_root"));
    Optional<Bytes> stateRoot = hash(m.get("state_root"));
    if (hash.isEmpty() || parent.isEmpty() || txRoot.isEmpty() || stateRoot.isEmpty()) {
      return err("hash, parent_hash, tx_root and state_root must be 0x and 64 hex characters");
    }
    if (!(m.get("proposer") instanceof JsonString proposer)) return err("proposer must be a string");
    if (!(m.get("timestamp") instanceof JsonString ts)) return err("timestamp must be a string");
    Optional<Long> time = Timestamps.parse(ts.value());
    if (time.isEmpty()) return err("timestamp must be ISO-8601 UTC ending in Z, to the millisecond");
    Optional<Long> txCount = lng(m.get("tx_count"));
    if (!(m.get("signature") instanceof JsonString sig) || !Hex.isLowerHex(sig.value(), 128)) {
      return err("signature must be 128 lowercase hex characters");
    }
    if (!(m.get("transactions") instanceof JsonArray txArr)) return err("transactions must be an array (include_tx=true)");
    if (txCount.isEmpty() || txCount.get() != txArr.elements().size()) return err("tx_count does not match transactions");
    List<Transaction> txs = new ArrayList<>(txArr.elements().size());
    int i = 0;
    for (JsonValue tv : txArr.elements()) {
      if (!(tv instanceof JsonObject to)) return err("transaction " + i + " is not an object");
      Map<String, JsonValue> tm = new LinkedHashMap<>(to.members());
      JsonValue claimed = tm.remove("tx_hash");
      TxCodec.Parsed p = TxCodec.parse(new JsonObject(tm), Integer.MAX_VALUE);
      if (!p.isOk()) return err("transaction " + i + ": " + p.refusal().reason() + " " + p.refusal().detail());
      if (claimed != null && !(claimed instanceof JsonString cs && cs.value().equalsIgnoreCase(p.tx().hashHex()))) {
        return err("transaction " + i + ": tx_hash does not match its contents");
      }
      txs.add(p.tx());
      i++;
    }
    Header h = new Header(chainId, height.get(), parent.get(), time.get(), proposer.value(), txs.size(), txRoot.get(),
        stateRoot.get());
    Block b = Block.sealed(h, Bytes.fromHex(sig.value()), txs);
    if (!b.hash().equals(hash.get())) return err("hash does not match the header");
    return new Decoded(b, null);
  }

  private static Decoded err(String e) {
    return new Decoded(null, e);
  }

  private static Optional<Long> lng(JsonValue v) {
    return v instanceof JsonNumber n ? n.longValueExact() : Optional.empty();
  }

  private static Optional<Bytes> hash(JsonValue v) {
    if (!(v instanceof JsonString s) || !Hex.isHash0x(s.value())) return Optional.empty();
    return Optional.of(Bytes.from0x(s.value().toLowerCase(java.util.Locale.ROOT)));
  }
}
