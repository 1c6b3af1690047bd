package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Chains;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /rpc/bans/lift} refuses what it must: a client off this machine (the API has no credentials), a body
 * that names nothing, a body that is not JSON; and a lift that matches nothing is a 404. (Listing and lifting
 * real bans: {@code NodeBansIT} in chain-node, against a node process.)
 */
class BanRoutesTest {
  @TempDir Path dir;
  RpcHarness node;

  @BeforeEach
  void start() throws Exception {
    node = new RpcHarness(dir.resolve("chain"), Chains.genesis(1), Chains.authority(), MempoolConfig.DEFAULTS, 0);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  static byte[] body(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void onlyAClientOnThisMachineMayLift() {
    ApiResponse r = node.api.liftBans(body("{\"all\":true}"), "192.0.2.7");
    assertEquals(403, r.status());
    assertTrue(r.toString().contains("FORBIDDEN"), r.toString());
    assertEquals(200, node.api.liftBans(body("{\"all\":true}"), "127.0.0.1").status());
    assertEquals(200, node.api.liftBans(body("{\"all\":true}"), "0:0:0:0:0:0:0:1").status());
  }

  @Test
  void aBodyThatNamesNothingOrIsNotJsonIsRefusedAndAnUnmatchedTargetIs404() {
    assertEquals(400, node.api.liftBans(body("{\"target\":\"\"}"), "127.0.0.1").status());
    assertEquals(400, node.api.liftBans(body("{\"all\":false}"), "127.0.0.1").status());
    assertEquals(400, node.api.liftBans(body("[1]"), "127.0.0.1").status());
    ApiResponse notJson = node.api.liftBans(body("{"), "127.0.0.1");
    assertEquals(400, notJson.status());
    assertTrue(notJson.toString().contains("INVALID_JSON"), notJson.toString());
    assertEquals(404, node.api.liftBans(body("{\"target\":\"10.0.0.1\"}"), "127.0.0.1").status());
  }

  @Test
  void theListOverHttpIsEmptyWithoutANetwork() throws Exception {
    RpcHarness.Answer a = node.get("/rpc/bans");
    assertEquals(200, a.status());
    assertEquals("{\"bans\":[],\"count\":0,\"success\":true}", org.aitbc.chain.core.json.PyJson.compact(a.json()));
    RpcHarness.Answer lift = node.post("/rpc/bans/lift", "{\"target\":\"10.0.0.1\"}");
    assertEquals(404, lift.status(), "over HTTP from 127.0.0.1 the lift runs, and finds nothing: " + lift.raw().body());
  }
}
