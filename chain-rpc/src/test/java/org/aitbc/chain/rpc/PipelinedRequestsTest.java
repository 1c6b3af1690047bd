package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submissions are answered on the I/O thread and other routes on workers; a client that pipelines
 * requests on one connection must still get the answers in request order.
 */
class PipelinedRequestsTest {
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

  @Test
  void pipelinedAnswersComeBackInRequestOrderAcrossInlineAndWorkerRoutes() throws Exception {
    StringBuilder wire = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      String tx = Txs.transfer(alice, Chains.CHAIN_ID).fee(5).to(bob.address()).nonce(i).jsonText();
      wire.append(RawHttp.post("/rpc/transaction", tx));
      expected.add("200 transaction " + i);
      wire.append("GET /rpc/accounts/").append(bob.address()).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
      expected.add("200 account");
      wire.append(RawHttp.post("/rpc/transaction", "{\"not\": "));
      expected.add("400 INVALID_JSON");
    }
    try (RawHttp c = new RawHttp(node.server.port())) {
      c.send(wire.toString()); // every request before reading any answer
      for (int i = 0; i < expected.size(); i++) {
        RawHttp.Reply reply = c.read();
        String status = reply.statusLine();
        String text = reply.body();
        String want = expected.get(i);
        assertTrue(status.contains(" " + want.substring(0, 3) + " "), "answer " + i + ": " + status + " " + text);
        if (want.startsWith("200 transaction")) {
          String hash = Txs.transfer(alice, Chains.CHAIN_ID).fee(5).to(bob.address()).nonce(Long.parseLong(want.substring(16)))
              .build().hashHex();
          assertTrue(text.contains(hash), "answer " + i + " must be transaction " + want + ": " + text);
        } else if (want.equals("200 account")) {
          assertTrue(text.contains("\"balance\""), "answer " + i + " must be the account: " + text);
        } else {
          assertTrue(text.contains("INVALID_JSON"), "answer " + i + ": " + text);
        }
      }
    }
    assertEquals(20, node.mempool.size());
  }

  /**
   * A client may have at most {@link HttpApiHandler#MAX_IN_FLIGHT} requests waiting for their answers on one
   * connection; beyond that the next one is answered 429 TOO_MANY_PIPELINED, after every answer before it,
   * and the connection closes (Netty's codec alone would drop the connection and the answers in flight).
   */
  @Test
  void beyondTheInFlightLimitTheNextRequestIs429AfterEveryEarlierAnswerAndTheConnectionCloses() throws Exception {
    int sent = HttpApiHandler.MAX_IN_FLIGHT * 3;
    try (RawHttp c = new RawHttp(node.server.port())) {
      c.send(RawHttp.get("/rpc/head").repeat(sent)); // worker routes: none is answered before all are read
      int answered = 0;
      RawHttp.Reply reply = c.read();
      while (reply.status() == 200) {
        assertTrue(reply.body().contains("\"height\""), reply.body());
        answered++;
        reply = c.read();
      }
      assertEquals(429, reply.status(), reply.statusLine() + " " + reply.body());
      assertTrue(reply.body().contains("TOO_MANY_PIPELINED"), reply.body());
      assertTrue(reply.headers().toLowerCase(java.util.Locale.ROOT).contains("connection: close"), reply.headers());
      assertTrue(answered >= HttpApiHandler.MAX_IN_FLIGHT && answered < sent, "answered " + answered);
      assertTrue(c.closedByNode());
    }
    try (RawHttp c = new RawHttp(node.server.port())) { // the node serves on
      assertEquals(200, c.send(RawHttp.get("/rpc/head")).read().status());
    }
  }
}
