package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /rpc/transactions: many transactions per request, one answer each, in order. */
class BatchSubmissionTest {
  @TempDir Path dir;
  KeyPair alice = TestKeys.key(1);
  KeyPair bob = TestKeys.key(2);
  RpcHarness node;

  @BeforeEach
  void start() throws Exception {
    node = new RpcHarness(dir.resolve("chain"), Chains.genesis(3, 1000, 5), Chains.authority(), MempoolConfig.DEFAULTS, 0);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  Txs.Builder tx(long nonce) {
    return Txs.transfer(alice, Chains.CHAIN_ID).fee(5).to(bob.address()).nonce(nonce);
  }

  static List<JsonValue> results(RpcHarness.Answer a) {
    return ((JsonValue.JsonArray) a.obj().members().get("results")).elements();
  }

  static String field(JsonValue result, String k) {
    JsonValue v = ((JsonObject) result).members().get(k);
    return v instanceof JsonValue.JsonString s ? s.value() : String.valueOf(v);
  }

  @Test
  void eachTransactionOfABatchGetsItsOwnAnswerInOrderAndOneRefusalStopsNoOther() throws Exception {
    String badSignature = tx(3).amount(1).jsonText().replaceFirst("\"amount\":1", "\"amount\":2"); // tampered after signing
    String body = "[" + tx(1).jsonText() + "," + tx(2).jsonText() + "," + badSignature + ",\"not a tx\"," + tx(4).jsonText() + "]";
    RpcHarness.Answer a = node.post("/rpc/transactions", body);
    assertEquals(200, a.status(), a.raw().body());
    assertEquals(3, a.num("accepted"));
    assertEquals(2, a.num("refused"));
    List<JsonValue> r = results(a);
    assertEquals(5, r.size());
    assertEquals(tx(1).build().hashHex(), field(r.get(0), "transaction_hash"));
    assertEquals(tx(2).build().hashHex(), field(r.get(1), "transaction_hash"));
    assertEquals("BAD_SIGNATURE", field(r.get(2), "code"));
    assertEquals("INVALID_JSON", field(r.get(3), "code"));
    assertEquals(tx(4).build().hashHex(), field(r.get(4), "transaction_hash"));
    assertEquals(3, node.mempool.size());
  }

  @Test
  void aBatchThatIsNotAnArrayOfOneToAThousandIsRefusedWhole() throws Exception {
    assertEquals("INVALID_JSON", node.post("/rpc/transactions", "{\"from\": 1}").code());
    assertEquals("INVALID_JSON", node.post("/rpc/transactions", "[1,").code());
    assertEquals("INVALID_FIELD", node.post("/rpc/transactions", "[]").code());
    String tooMany = IntStream.range(0, NodeApi.MAX_BATCH + 1).mapToObj(i -> "1").collect(Collectors.joining(",", "[", "]"));
    RpcHarness.Answer a = node.post("/rpc/transactions", tooMany);
    assertEquals(400, a.status());
    assertEquals("INVALID_FIELD", a.code());
    assertEquals(0, node.mempool.size());
  }

  @Test
  void theRateLimitCountsTransactionsNotRequests(@TempDir Path other) throws Exception {
    try (RpcHarness limited = new RpcHarness(other, Chains.genesis(3, 1000, 5), Chains.authority(), MempoolConfig.DEFAULTS, 2)) {
      String body = IntStream.rangeClosed(1, 5).mapToObj(i -> tx(i).jsonText()).collect(Collectors.joining(",", "[", "]"));
      RpcHarness.Answer a = limited.post("/rpc/transactions", body);
      assertEquals(200, a.status());
      assertEquals(2, a.num("accepted"));
      assertEquals("RATE_LIMITED", field(results(a).get(4), "code"));
    }
  }

  @Test
  void theSamePathStillListsAnAddressesTransactionsOnGet() throws Exception {
    node.post("/rpc/transactions", "[" + tx(1).jsonText() + "]");
    node.seal();
    RpcHarness.Answer a = node.get("/rpc/transactions?address=" + alice.address());
    assertEquals(200, a.status());
    assertEquals(1, ((JsonValue.JsonArray) a.obj().members().get("transactions")).elements().size());
  }
}
