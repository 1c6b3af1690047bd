package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read routes of contract §2 against a real node core over HTTP. */
class ReadRoutesTest {
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

  String send(KeyPair from, long nonce, String payload) throws Exception {
    var b = Txs.transfer(from, Chains.CHAIN_ID).nonce(nonce).to(bob.address()).amount(3).payload(payload);
    var a = node.post("/rpc/transaction", b.jsonText());
    assertEquals(200, a.status(), a.raw().body());
    return a.str("transaction_hash");
  }

  static List<JsonValue> arr(RpcHarness.Answer a, String k) {
    return ((JsonArray) a.obj().members().get(k)).elements();
  }

  @Test
  void headAndBlocksShowWhatWasSealedWithAllTransactionFields() throws Exception {
    var genesisBlock = node.get("/rpc/blocks/0");
    assertEquals(200, genesisBlock.status());
    assertEquals(genesis.hash().hex0x(), genesisBlock.str("hash"));
    String h = send(alice, 1, "ping");
    node.seal();
    var head = node.get("/rpc/head");
    assertEquals(1, head.num("height"));
    assertEquals(Chains.CHAIN_ID, head.str("chain_id"));
    assertEquals(1, head.num("tx_count"));
    var block = node.get("/rpc/blocks/1");
    for (String k : List.of("height", "hash", "parent_hash", "proposer", "timestamp", "tx_count", "tx_root", "state_root",
        "signature", "transactions")) {
      assertTrue(block.obj().members().containsKey(k), k);
    }
    assertTrue(block.str("timestamp").endsWith("Z"));
    JsonObject tx = (JsonObject) arr(block, "transactions").get(0);
    assertEquals(h, ((JsonValue.JsonString) tx.members().get("tx_hash")).value());
    for (String k : List.of("from", "to", "amount", "fee", "nonce", "payload", "chain_id", "signature", "public_key", "type")) {
      assertTrue(tx.members().containsKey(k), k);
    }
    assertEquals(404, node.get("/rpc/blocks/7").status());
    assertEquals("NOT_FOUND", node.get("/rpc/blocks/7").code());
    assertEquals("INVALID_FIELD", node.get("/rpc/blocks/abc").code());
  }

  @Test
  void aTransactionIsPendingThenIncludedWithItsPlace() throws Exception {
    String h = send(alice, 1, "0x");
    var pending = node.get("/rpc/transaction/" + h);
    assertEquals("pending", pending.str("status"));
    node.seal();
    var included = node.get("/rpc/transaction/" + h);
    assertEquals("included", included.str("status"));
    assertEquals(1, included.num("block_height"));
    assertEquals(0, included.num("tx_index"));
    assertEquals(404, node.get("/rpc/transaction/0x" + "ab".repeat(32)).status());
    assertEquals(400, node.get("/rpc/transaction/nothex").status());
  }

  @Test
  void blocksRangeReturnsBlocksWithTransactionsAndCapsLongRanges() throws Exception {
    for (int i = 1; i <= 3; i++) {
      send(alice, i, "m" + i);
      node.seal();
    }
    var r = node.get("/rpc/blocks-range?start=1&end=3");
    assertEquals(3, r.num("count"));
    assertEquals(1, ((JsonArray) ((JsonObject) arr(r, "blocks").get(0)).members().get("transactions")).elements().size());
    var noTx = node.get("/rpc/blocks-range?start=0&end=3&include_tx=false");
    assertEquals(4, noTx.num("count"));
    var beyond = node.get("/rpc/blocks-range?start=2&end=99");
    assertEquals(2, beyond.num("count"));
    assertEquals("INVALID_FIELD", node.get("/rpc/blocks-range?start=5&end=1").code());
    assertEquals("INVALID_FIELD", node.get("/rpc/blocks-range?start=x").code());
  }

  @Test
  void transactionsOfAnAddressPageWithACursorOldestFirstWithoutRepeats() throws Exception {
    Set<String> sent = new HashSet<>();
    for (int i = 1; i <= 7; i++) {
      sent.add(send(alice, i, "p" + i));
      if (i % 3 == 0) node.seal();
    }
    node.seal();
    List<String> seen = new ArrayList<>();
    String cursor = "";
    for (int page = 0; page < 10; page++) {
      var r = node.get("/rpc/transactions?address=" + alice.address() + "&limit=2&cursor=" + cursor);
      List<JsonValue> txs = arr(r, "transactions");
      for (JsonValue t : txs) seen.add(((JsonValue.JsonString) ((JsonObject) t).members().get("tx_hash")).value());
      cursor = r.str("next_cursor");
      if (txs.isEmpty()) break;
    }
    assertEquals(7, seen.size());
    assertEquals(sent, new HashSet<>(seen));
    assertEquals("INVALID_CURSOR", node.get("/rpc/transactions?address=" + alice.address() + "&cursor=zz").code());
    assertEquals("MISSING_FIELD", node.get("/rpc/transactions").code());
  }

  @Test
  void accountsAnswerExistsFalseForUnknownAndTheHighestNonceOnceSent() throws Exception {
    var unknown = node.get("/rpc/accounts/" + TestKeys.key(77).address());
    assertEquals(200, unknown.status());
    assertEquals(JsonValue.JsonBool.FALSE, unknown.obj().members().get("exists"));
    assertEquals(0, unknown.num("nonce"), "0 for an account that never sent, as AITBC answered");
    send(alice, 42, "0x");
    node.seal();
    var a = node.get("/rpc/accounts/" + alice.address());
    assertEquals(42, a.num("nonce"));
    assertEquals(Chains.FUNDS - 3 - 10, a.num("balance"));
    var singular = node.get("/rpc/account/" + alice.address() + "?chain_id=" + Chains.CHAIN_ID); // as the AITBC CLI asks
    assertEquals(200, singular.status(), singular.raw().body());
    assertEquals(a.raw().body(), singular.raw().body(), "the same answer on both routes");
  }

  @Test
  void mempoolListsPendingTransactions() throws Exception {
    send(alice, 1, "0x");
    send(alice, 2, "0x");
    var m = node.get("/rpc/mempool?limit=10");
    assertEquals(2, m.num("count"));
    assertEquals(JsonValue.JsonBool.TRUE, m.obj().members().get("success"));
  }

  @Test
  void importBlockValidatesInFullAndAcceptsTheAuthoritysBlock(@TempDir Path f) throws Exception {
    send(alice, 1, "hello");
    Block b = node.seal();
    String json = PyJson.compactUnsorted(b.toJson(true));
    try (RpcHarness follower = new RpcHarness(f, genesis, null, MempoolConfig.DEFAULTS, 0)) {
      var tampered = follower.post("/rpc/importBlock", json.replace("\"amount\":3", "\"amount\":4"));
      assertEquals(400, tampered.status());
      assertEquals(0, follower.get("/rpc/head").num("height"));
      var ok = follower.post("/rpc/importBlock", json);
      assertEquals(200, ok.status(), ok.raw().body());
      assertEquals(1, follower.get("/rpc/head").num("height"));
      assertEquals("known", follower.post("/rpc/importBlock", json).str("status"));
      assertEquals("INVALID_JSON", follower.post("/rpc/importBlock", "{").code());
    }
  }

  @Test
  void unknownRoutesAndMethodsAnswerWithACode() throws Exception {
    assertEquals("NOT_FOUND", node.get("/rpc/nothing").code());
    var wrong = node.get("/rpc/transaction");
    assertEquals(405, wrong.status());
    assertEquals("METHOD_NOT_ALLOWED", wrong.code());
    var health = node.get("/health");
    assertEquals("ok", health.str("status"));
    assertEquals(Chains.CHAIN_ID, health.str("chain_id"));
    var metrics = node.get("/metrics");
    assertEquals(200, metrics.status());
    assertTrue(metrics.raw().body().contains("aitbc_tx_accepted_total"));
  }

  @Test
  void aLongPollOnTheInboxReturnsAsSoonAsAMessageIsSealed() throws Exception {
    CompletableFuture<RpcHarness.Answer> poll = CompletableFuture.supplyAsync(() -> {
      try {
        return node.get("/rpc/messages?address=" + bob.address() + "&wait_ms=20000");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Await.until("the poll waiting at the node", Duration.ofSeconds(10), () -> node.api.inboxWaiters(bob.address()) == 1);
    assertTrue(!poll.isDone());
    send(alice, 1, "wake up");
    long t0 = System.nanoTime();
    node.seal();
    var a = poll.get();
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000);
    assertEquals(1, arr(a, "messages").size());
    assertEquals("1.0", a.str("next_cursor"));
    var empty = node.get("/rpc/messages?address=" + bob.address() + "&cursor=1.0");
    assertEquals(0, arr(empty, "messages").size());
    assertEquals("1.0", empty.str("next_cursor"));
  }
}
