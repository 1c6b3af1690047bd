package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a raw socket can send that a client library would not: URLs that are not valid percent-encoding,
 * and malformed requests pipelined behind good ones. Each gets an answer, in order, never a silent close.
 */
class UndecodableAndMalformedRequestsTest {
  @TempDir Path dir;
  RpcHarness node;

  @BeforeEach
  void start() throws Exception {
    node = new RpcHarness(dir.resolve("chain"), Chains.genesis(3), Chains.authority(), MempoolConfig.DEFAULTS, 0);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void anUndecodablePathIsA400WithAReasonCodeAndTheConnectionStaysUsable() throws Exception {
    try (RawHttp c = new RawHttp(node.server.port())) {
      RawHttp.Reply bad = c.send(RawHttp.get("/rpc/accounts/%zz")).read();
      assertEquals(400, bad.status(), bad.toString());
      assertTrue(bad.body().contains("\"code\":\"INVALID_URL\""), bad.body());
      assertTrue(bad.headers().toLowerCase().contains("content-type: application/json"), bad.headers());
      RawHttp.Reply next = c.send(RawHttp.get("/health")).read();
      assertEquals(200, next.status(), "the same connection still serves: " + next);
    }
  }

  @Test
  void anUndecodableQueryIsA400WithAReasonCodeAndTheConnectionStaysUsable() throws Exception {
    try (RawHttp c = new RawHttp(node.server.port())) {
      RawHttp.Reply bad = c.send(RawHttp.get("/metrics?x=%")).read();
      assertEquals(400, bad.status(), bad.toString());
      assertTrue(bad.body().contains("\"code\":\"INVALID_URL\""), bad.body());
      assertEquals(200, c.send(RawHttp.get("/rpc/head")).read().status());
    }
  }

  @Test
  void undecodableUrlsPipelinedBetweenGoodRequestsAreAnsweredInOrder() throws Exception {
    String account = "/rpc/accounts/" + TestKeys.key(2).address();
    try (RawHttp c = new RawHttp(node.server.port())) {
      c.send(RawHttp.get("/health") + RawHttp.get("/rpc/accounts/%G1") + RawHttp.get(account) + RawHttp.get("/metrics?x=%"));
      assertEquals(200, c.read().status());
      assertEquals(400, c.read().status());
      RawHttp.Reply acct = c.read();
      assertEquals(200, acct.status());
      assertTrue(acct.body().contains("\"balance\""), acct.body());
      assertEquals(400, c.read().status());
    }
  }

  @Test
  void answersOfEarlierPipelinedRequestsAreWrittenBeforeThe400OfAMalformedOneAndTheClose() throws Exception {
    String malformed = "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n";
    try (RawHttp c = new RawHttp(node.server.port())) {
      c.send(RawHttp.get("/health") + RawHttp.get("/rpc/head") + malformed);
      RawHttp.Reply health = c.read();
      assertEquals(200, health.status(), health.toString());
      assertTrue(health.body().contains("\"chain_id\""), health.body());
      RawHttp.Reply head = c.read();
      assertEquals(200, head.status(), head.toString());
      assertTrue(head.body().contains("\"state_root\""), head.body());
      RawHttp.Reply bad = c.read();
      assertEquals(400, bad.status(), bad.toString());
      assertTrue(bad.body().contains("\"code\":\"INVALID_REQUEST\""), bad.body());
      assertTrue(c.closedByNode(), "after a malformed request the node closes the connection");
    }
  }

  @Test
  void aSubmissionPipelinedBeforeAMalformedRequestIsAnsweredToo() throws Exception {
    String tx = org.aitbc.chain.testing.Txs.transfer(TestKeys.key(1), Chains.CHAIN_ID).fee(5).to(TestKeys.key(2).address())
        .nonce(1).jsonText();
    String post = RawHttp.post("/rpc/transaction", tx);
    try (RawHttp c = new RawHttp(node.server.port())) {
      c.send(RawHttp.get("/rpc/head") + post + "NOT A REQUEST LINE\r\n\r\n");
      assertEquals(200, c.read().status());
      RawHttp.Reply sub = c.read();
      assertEquals(200, sub.status(), sub.toString());
      assertTrue(sub.body().contains("accepted"), sub.body());
      assertEquals(400, c.read().status());
      assertTrue(c.closedByNode());
    }
  }

  @Test
  void anAnswerPipelinedBeforeAnOversizedBodyIsWrittenBeforeThe413() throws Exception {
    String oversized = "POST /rpc/transaction HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + (2 << 20) + "\r\n\r\n{";
    try (RawHttp c = new RawHttp(node.server.port())) {
      c.send(RawHttp.get("/health") + oversized);
      RawHttp.Reply health = c.read();
      assertEquals(200, health.status(), health.toString());
      RawHttp.Reply big = c.read();
      assertEquals(413, big.status(), big.toString());
      assertTrue(big.body().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), big.body());
      assertTrue(c.closedByNode());
    }
  }

  @Test
  void aClientStillSendingAnOversizedBodyAfterThe413GetsTheAnswerNotAReset() throws Exception {
    // A plain close while the client is still sending leaves its bytes unread; the kernel answers them with a
    // reset, which destroys the 413 in the client's buffer before the client reads it. The node lingers instead.
    int size = 32 << 20;
    String head = "POST /rpc/transaction HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + size + "\r\n\r\n";
    String after = RawHttp.post("/rpc/transaction", Txs.transfer(Chains.authority(), Chains.CHAIN_ID).fee(5)
        .to(TestKeys.key(2).address()).jsonText());
    try (RawHttp c = new RawHttp(node.server.port())) {
      c.send(head);
      byte[] chunk = "y".repeat(64 << 10).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      for (int sent = 0; sent < size; sent += chunk.length) c.sendBytes(chunk);
      c.send(after);
      RawHttp.Reply big = c.read();
      assertEquals(413, big.status(), big.toString());
      assertTrue(big.body().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), big.body());
      assertTrue(c.closedByNode(), "nothing answered after the closing 413");
    }
    assertEquals(0, node.mempool.size(), "the submission pipelined after the 413 never ran");
  }
}
