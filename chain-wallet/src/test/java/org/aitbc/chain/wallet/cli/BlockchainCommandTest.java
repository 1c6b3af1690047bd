package org.aitbc.chain.wallet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.wallet.KeystoreTest;
import org.aitbc.chain.wallet.StandInNode;
import org.aitbc.chain.wallet.TxBuilder;
import org.aitbc.chain.wallet.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockchainCommandTest {
  @TempDir Path tmp;
  CliHarness h;
  StandInNode node;
  String txHash;

  @BeforeEach
  void setUp() throws Exception {
    h = new CliHarness(tmp);
    KeyPair alice = KeystoreTest.key(1);
    node = new StandInNode("dev-chain", 1, Map.of(alice.address(), 1_000L));
    h.env.put("NODE_URL", node.url().toString());
    txHash = RpcClient.create(node.url(), java.time.Duration.ofSeconds(5)).submit(TxBuilder.transfer()
        .to(KeystoreTest.key(2).address()).amount(4).fee(1).nonce(1).payloadText("ping").chainId("dev-chain")
        .sign(alice).signed().json());
    node.seal();
    node.seal();
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  static JsonObject json(CliHarness.Run r) throws Exception {
    return (JsonObject) JsonParser.parse(r.out().strip());
  }

  @Test
  void heightPrintsTheHeadHeight() throws Exception {
    assertEquals("2", h.run("blockchain", "height").ok().line());
    assertEquals(JsonValue.num(2), json(h.run("blockchain", "height", "-o", "json").ok()).get("height").get());
  }

  @Test
  void infoShowsTheNodeAndItsHead() throws Exception {
    String text = h.run("blockchain", "info").ok().out();
    assertTrue(text.contains("chain_id") && text.contains("dev-chain") && text.contains(node.url().toString()), text);
    JsonObject o = json(h.run("blockchain", "info", "--output", "json").ok());
    assertEquals(JsonValue.str("ok"), ((JsonObject) o.get("health").get()).get("status").get());
    assertEquals(JsonValue.num(2), ((JsonObject) o.get("head").get()).get("height").get());
  }

  @Test
  void headPrintsTheHeaderFields() throws Exception {
    String text = h.run("blockchain", "head").ok().out();
    assertTrue(text.contains("parent_hash") && text.contains("chain_id"), text);
    assertEquals(JsonValue.str("dev-chain"), json(h.run("blockchain", "head", "-o", "json").ok()).get("chain_id").get());
  }

  @Test
  void blockPrintsTheRealBlockWithItsTransactions() throws Exception {
    String text = h.run("blockchain", "block", "1").ok().out();
    assertTrue(text.contains(txHash) && text.contains("\"ping\"") && text.matches("(?s).*tx_count +1\n.*"), text);
    JsonObject b = json(h.run("blockchain", "block", "1", "-o", "json").ok());
    assertEquals(JsonValue.num(1), b.get("height").get());
    CliHarness.Run missing = h.run("blockchain", "block", "9").fails(ExitCode.NOT_FOUND);
    assertTrue(missing.err().contains("no block 9") && missing.err().contains("head is at 2"), missing.err());
  }

  @Test
  void blocksRangeFollowsTheNodesPaging() throws Exception {
    node.maxRange = 1;
    String text = h.run("blockchain", "blocks-range", "--start", "0", "--end", "2").ok().out();
    assertEquals(4, text.strip().split("\n").length, text);
    JsonObject o = json(h.run("blockchain", "blocks-range", "--start", "1", "--end", "2", "-o", "json", "--no-tx").ok());
    assertEquals(JsonValue.num(2), o.get("count").get());
    assertTrue(node.requests.stream().anyMatch(s -> s.contains("include_tx=false")));
    h.run("blockchain", "blocks-range", "--start", "3", "--end", "1").fails(ExitCode.USAGE);
  }

  @Test
  void fullBlocksAreAskedForInPagesThatStayBelowTheAnswerLimitHeadersInOne() throws Exception {
    for (int i = 0; i < 10; i++) node.seal(); // head at 12; the node never caps (AITBC-style: all blocks asked for)
    JsonObject o = json(h.run("blockchain", "blocks-range", "--start", "0", "--end", "20", "-o", "json").ok());
    assertEquals(JsonValue.num(13), o.get("count").get());
    List<String> full = node.requests.stream().filter(r -> r.contains("blocks-range") && r.contains("include_tx=true")).toList();
    assertEquals(List.of("end=4", "end=9", "end=14"), full.stream().map(r -> r.replaceAll(".*(end=\\d+).*", "$1")).toList(), full.toString());
    node.requests.clear();
    JsonObject headers = json(h.run("blockchain", "blocks-range", "--start", "0", "--end", "12", "--no-tx", "-o", "json").ok());
    assertEquals(JsonValue.num(13), headers.get("count").get());
    assertEquals(1, node.requests.stream().filter(r -> r.contains("blocks-range")).count());
  }

  @Test
  void theFlagWinsOverNodeUrlAndAnUnreachableNodeExits5() {
    h.run("blockchain", "height", "--rpc-url", "http://127.0.0.1:1").fails(ExitCode.NODE_UNREACHABLE);
    h.run("blockchain", "block", "x").fails(ExitCode.USAGE);
  }
}
