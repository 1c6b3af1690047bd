package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answer shapes AITBC's tools read: {@code hash}/{@code value} on transaction rows (aitbc-cli wallet
 * transactions), {@code accepted}/{@code block_number}/{@code block_hash} from importBlock (its sync scripts),
 * camelCase block keys (APR10's import), header-only blocks refused with a detail that says what to post.
 */
class AitbcShapesTest {
  @TempDir Path dir;
  Genesis genesis = Chains.genesis(3);
  KeyPair alice = TestKeys.key(1);
  KeyPair bob = TestKeys.key(2);
  RpcHarness node;

  @BeforeEach
  void start() throws Exception {
    node = new RpcHarness(dir.resolve("chain"), genesis, Chains.authority(), MempoolConfig.DEFAULTS, 0);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private Block sealOne(long nonce, long amount) throws Exception {
    var a = node.post("/rpc/transaction", Txs.transfer(alice, Chains.CHAIN_ID).nonce(nonce).to(bob.address()).amount(amount)
        .payload("hello").jsonText());
    assertEquals(200, a.status(), a.raw().body());
    return node.seal();
  }

  private static String str(JsonObject o, String k) {
    return ((JsonValue.JsonString) o.members().get(k)).value();
  }

  /** The block's JSON as blocks-range gives it, changed by {@code edit}. */
  private static String edited(Block b, Consumer<Map<String, JsonValue>> edit) throws Exception {
    Map<String, JsonValue> m = new LinkedHashMap<>(((JsonObject) JsonParser.parse(b.toJsonText(true))).members());
    edit.accept(m);
    return PyJson.compactUnsorted(new JsonObject(m));
  }

  private static void rename(Map<String, JsonValue> m, String from, String to) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k.equals(from) ? to : k, v));
    m.clear();
    m.putAll(out);
  }

  @Test
  void transactionRowsCarryHashAndValueBesideTheExistingFields() throws Exception {
    sealOne(1, 7);
    sealOne(2, 11);
    var r = node.get("/rpc/transactions?address=" + bob.address());
    List<JsonValue> rows = ((JsonArray) r.obj().members().get("transactions")).elements();
    assertEquals(2, rows.size());
    long[] amounts = {7, 11};
    for (int i = 0; i < 2; i++) {
      JsonObject row = (JsonObject) rows.get(i);
      assertTrue(str(row, "hash").matches("0x[0-9a-f]{64}"), row.toString());
      assertEquals(str(row, "tx_hash"), str(row, "hash"));
      assertEquals(row.members().get("amount"), row.members().get("value"));
      assertEquals(Json.of(amounts[i]), row.members().get("value"));
      for (String k : List.of("from", "to", "amount", "fee", "nonce", "status", "block_height", "tx_index", "timestamp")) {
        assertTrue(row.members().containsKey(k), k);
      }
    }
  }

  @Test
  void importBlockAnswersAcceptedBlockNumberAndBlockHash(@TempDir Path f) throws Exception {
    Block b = sealOne(1, 3);
    try (RpcHarness follower = new RpcHarness(f, genesis, null, MempoolConfig.DEFAULTS, 0)) {
      var tampered = follower.post("/rpc/importBlock", b.toJsonText(true).replace("\"amount\":3", "\"amount\":4"));
      assertEquals(400, tampered.status());
      assertEquals(JsonValue.JsonBool.FALSE, tampered.obj().members().get("accepted"));
      assertEquals(1, tampered.num("block_number"));
      assertEquals(b.hash().hex0x(), tampered.str("block_hash"));
      var ok = follower.post("/rpc/importBlock", b.toJsonText(true));
      assertEquals(200, ok.status(), ok.raw().body());
      assertEquals(JsonValue.JsonBool.TRUE, ok.obj().members().get("accepted"));
      assertEquals(1, ok.num("block_number"));
      assertEquals(b.hash().hex0x(), ok.str("block_hash"));
      assertEquals("imported", ok.str("status"));
      assertEquals(1, ok.num("height"));
      assertEquals(b.hash().hex0x(), ok.str("hash"));
      var again = follower.post("/rpc/importBlock", b.toJsonText(true));
      assertEquals("known", again.str("status"));
      assertEquals(JsonValue.JsonBool.TRUE, again.obj().members().get("accepted"));
      var notJson = follower.post("/rpc/importBlock", "{");
      assertEquals("INVALID_JSON", notJson.code());
      assertEquals(JsonValue.JsonBool.FALSE, notJson.obj().members().get("accepted"));
      assertEquals(JsonValue.JsonNull.INSTANCE, notJson.obj().members().get("block_number"));
    }
  }

  @Test
  void camelCaseKeysOfACompleteBlockAreReadAndTheBlockStillVerifiedInFull(@TempDir Path f) throws Exception {
    Block b = sealOne(1, 3);
    Consumer<Map<String, JsonValue>> camel = m -> {
      rename(m, "height", "number");
      rename(m, "parent_hash", "parentHash");
      rename(m, "proposer", "miner");
      rename(m, "state_root", "stateRoot");
      m.put("chainId", JsonValue.str(Chains.CHAIN_ID));
    };
    try (RpcHarness follower = new RpcHarness(f, genesis, null, MempoolConfig.DEFAULTS, 0)) {
      String camelJson = edited(b, camel);
      assertTrue(camelJson.contains("\"parentHash\"") && !camelJson.contains("\"parent_hash\""), camelJson);
      var tamperedCamel = follower.post("/rpc/importBlock", camelJson.replace("\"amount\":3", "\"amount\":4"));
      assertEquals(400, tamperedCamel.status(), "a camelCase block is verified as fully as any other");
      assertEquals("INVALID_BLOCK", tamperedCamel.code());
      var otherChain = follower.post("/rpc/importBlock", edited(b, camel.andThen(m -> m.put("chainId", JsonValue.str("ait-other")))));
      assertEquals("WRONG_CHAIN", otherChain.code());
      var ok = follower.post("/rpc/importBlock", camelJson);
      assertEquals(200, ok.status(), ok.raw().body());
      assertEquals(JsonValue.JsonBool.TRUE, ok.obj().members().get("accepted"));
      assertEquals(1, ok.num("block_number"));
      assertEquals(b.hash().hex0x(), follower.get("/rpc/head").str("hash"));
    }
  }

  @Test
  void camelAndSnakeKeysThatDisagreeAreRefused(@TempDir Path f) throws Exception {
    Block b = sealOne(1, 3);
    try (RpcHarness follower = new RpcHarness(f, genesis, null, MempoolConfig.DEFAULTS, 0)) {
      var r = follower.post("/rpc/importBlock", edited(b, m -> m.put("number", Json.of(2L))));
      assertEquals(400, r.status());
      assertEquals("CONFLICTING_FIELDS", r.code());
      assertTrue(r.str("detail").contains("number") && r.str("detail").contains("height"), r.str("detail"));
      assertEquals(JsonValue.JsonBool.FALSE, r.obj().members().get("accepted"));
      var miner = follower.post("/rpc/importBlock", edited(b, m -> m.put("miner", JsonValue.str("ait1someoneelse"))));
      assertEquals("CONFLICTING_FIELDS", miner.code());
      var agreeing = follower.post("/rpc/importBlock", edited(b, m -> m.put("number", Json.of(1L))));
      assertEquals(200, agreeing.status(), "both forms present and equal: " + agreeing.raw().body());
      assertEquals(1, follower.get("/rpc/head").num("height"));
    }
  }

  @Test
  void aHeaderOnlyBlockIsRefusedWithADetailThatSaysWhatToPost(@TempDir Path f) throws Exception {
    Block b = sealOne(1, 3);
    var headerOnly = node.get("/rpc/blocks-range?start=1&end=1&include_tx=false");
    JsonObject header = (JsonObject) ((JsonArray) headerOnly.obj().members().get("blocks")).elements().get(0);
    try (RpcHarness follower = new RpcHarness(f, genesis, null, MempoolConfig.DEFAULTS, 0)) {
      assertEquals(List.of(), ((JsonArray) header.members().get("transactions")).elements(), "include_tx=false: no transactions");
      Map<String, JsonValue> noTx = new LinkedHashMap<>(header.members());
      noTx.remove("transactions");
      Map<String, JsonValue> noSignature = new LinkedHashMap<>(((JsonObject) JsonParser.parse(b.toJsonText(true))).members());
      noSignature.remove("signature");
      for (Map<String, JsonValue> m : List.of(header.members(), noTx, noSignature)) {
        var r = follower.post("/rpc/importBlock", PyJson.compactUnsorted(new JsonObject(m)));
        assertEquals(400, r.status());
        assertEquals("HEADER_ONLY_BLOCK", r.code());
        assertTrue(r.str("detail").contains("exactly as GET /rpc/blocks-range"), r.str("detail"));
        assertEquals(JsonValue.JsonBool.FALSE, r.obj().members().get("accepted"));
        assertEquals(1, r.num("block_number"));
      }
      var full = node.get("/rpc/blocks-range?start=1&end=1");
      var ok = follower.post("/rpc/importBlock",
          PyJson.compactUnsorted(((JsonArray) full.obj().members().get("blocks")).elements().get(0)));
      assertEquals(200, ok.status(), "the block as blocks-range returns it: " + ok.raw().body());
    }
  }
}
