package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a raw socket can send that a client library would not: URLs that are not valid percent-encoding,
 * pipelined or not. Each gets an answer, in order, never a silent close.
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
}
