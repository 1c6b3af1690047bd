package org.aitbc.chain.rpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aitbc.chain.consensus.ChainEngine;
import org.aitbc.chain.consensus.ImportResult;
import org.aitbc.chain.core.block.BlockCodec;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;

/**
 * {@code POST /rpc/importBlock}: a block as {@code GET /rpc/blocks-range} returns it, fully verified by the
 * engine. Also reads the camelCase names of AITBC's own import ({@code number}, {@code parentHash},
 * {@code miner}, {@code chainId}, {@code stateRoot}) in an otherwise complete block, and refuses a
 * header-only block (no transactions, no signature) with a reason code rather than a vague "invalid". Every
 * answer carries {@code accepted}, {@code block_number} and {@code block_hash}, as AITBC's sync scripts read.
 */
final class BlockImport {
  /** camelCase name of AITBC's import -> the name of our block JSON. */
  private static final Map<String, String> CAMEL = Map.of("number", "height", "parentHash", "parent_hash", "miner", "proposer",
      "chainId", "chain_id", "stateRoot", "state_root");
  /** The members without which a block cannot be verified: the header alone is not enough. */
  private static final List<String> SIGNED_PARTS = List.of("transactions", "signature", "tx_root", "tx_count");
  static final String POST_AS_RANGE = "post blocks exactly as GET /rpc/blocks-range?start=H&end=H&include_tx=true returns them "
      + "(the element of \"blocks\"), with every transaction and the authority's signature";

  private final ChainEngine engine;
  private final String chainId;

  BlockImport(ChainEngine engine, String chainId) {
    this.engine = engine;
    this.chainId = chainId;
  }

  ApiResponse importBlock(byte[] body) {
    JsonValue v;
    try {
      v = JsonParser.parse(body);
    } catch (JsonParseException e) {
      return refused(400, "INVALID_JSON", "body is not valid JSON: " + e.getMessage(), null);
    }
    if (!(v instanceof JsonObject raw)) return refused(400, "INVALID_BLOCK", "a block must be a JSON object", null);
    Map<String, JsonValue> m = new LinkedHashMap<>(raw.members());
    for (Map.Entry<String, String> c : CAMEL.entrySet()) {
      JsonValue camel = m.remove(c.getKey());
      if (camel == null) continue;
      JsonValue snake = m.putIfAbsent(c.getValue(), camel);
      if (snake != null && !snake.equals(camel)) {
        return refused(400, "CONFLICTING_FIELDS", c.getKey() + " and " + c.getValue() + " are both present and disagree ("
            + shown(camel) + " vs " + shown(snake) + "); send one of them", m);
      }
    }
    JsonValue chain = m.remove("chain_id");
    if (chain != null && !(chain instanceof JsonValue.JsonString s && s.value().equals(chainId))) {
      return refused(400, "WRONG_CHAIN", "this node runs chain " + chainId + ", the block says " + shown(chain), m);
    }
    List<String> missing = SIGNED_PARTS.stream().filter(k -> !m.containsKey(k)).toList();
    if (!missing.isEmpty() || headerOfFullBlock(m)) {
      String what = missing.isEmpty() ? "an empty transactions list but tx_count " + shown(m.get("tx_count"))
          : "no " + String.join(", ", missing);
      return refused(400, "HEADER_ONLY_BLOCK", "the block has " + what + ", so it cannot be verified; " + POST_AS_RANGE, m);
    }
    BlockCodec.Decoded d = BlockCodec.fromJson(new JsonObject(m), chainId);
    if (!d.isOk()) return refused(400, "INVALID_BLOCK", d.error(), m);
    ImportResult r;
    try {
      r = engine.submitBlock(d.block()).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return refused(503, "UNAVAILABLE", "interrupted", m);
    } catch (TimeoutException e) {
      return refused(503, "UNAVAILABLE", "the chain engine is busy; try again", m);
    } catch (ExecutionException e) {
      return refused(503, "UNAVAILABLE", "import failed: " + e.getCause().getMessage(), m);
    }
    long height = d.block().height();
    String hash = d.block().hash().hex0x();
    return switch (r.status()) {
      case IMPORTED, KNOWN -> ApiResponse.ok(Json.obj("success", true,
          "status", r.status().name().toLowerCase(java.util.Locale.ROOT), "height", height, "hash", hash,
          "accepted", true, "block_number", height, "block_hash", hash));
      case NOT_NEXT -> refused(409, "NOT_NEXT_BLOCK", r.detail() + "; import the blocks in between first", m);
      case INVALID -> refused(400, "INVALID_BLOCK", r.reason() + ": " + r.detail(), m);
    };
  }

  /** A header as blocks-range gives it with include_tx=false: no transactions although it counts some. */
  private static boolean headerOfFullBlock(Map<String, JsonValue> m) {
    return m.get("transactions") instanceof JsonValue.JsonArray a && a.elements().isEmpty()
        && m.get("tx_count") instanceof JsonValue.JsonNumber n && !n.lexeme().equals("0");
  }

  /** A value for a detail: its JSON, cut to 80 characters. */
  private static String shown(JsonValue v) {
    String s = PyJson.compactUnsorted(v);
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /** A refusal with {@code accepted: false} and the block's number and hash as it claimed them (null when absent). */
  private static ApiResponse refused(int status, String code, String detail, Map<String, JsonValue> block) {
    JsonValue number = block == null ? null : block.get("height");
    JsonValue hash = block == null ? null : block.get("hash");
    return ApiResponse.error(status, code, detail, "accepted", false, "block_number", number, "block_hash", hash);
  }
}
