package org.aitbc.chain.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.p2p.RawPeer;
import org.aitbc.chain.p2p.TestData;
import org.aitbc.chain.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a real node's /health and /metrics make of what a peer says in its version message (a {@link RawPeer}). */
class PeerClaimsInHealthTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  static JsonValue.JsonObject health(ClusterNode n) throws Exception {
    var r = n.http("GET", "/health", null);
    assertEquals(200, r.statusCode());
    return (JsonValue.JsonObject) JsonParser.parse(r.body());
  }

  static String member(JsonValue.JsonObject o, String key) {
    JsonValue v = o.get(key).orElseThrow(() -> new AssertionError("/health has no " + key + ": " + o));
    if (v instanceof JsonValue.JsonNumber n) return n.lexeme();
    if (v instanceof JsonValue.JsonBool b) return Boolean.toString(b == JsonValue.JsonBool.TRUE);
    if (v instanceof JsonValue.JsonString s) return s.value();
    return "null";
  }

  static String metric(ClusterNode n, String name) throws Exception {
    for (String line : n.http("GET", "/metrics", null).body().split("\n")) {
      if (line.startsWith(name + " ")) return line.substring(name.length() + 1);
    }
    throw new AssertionError("/metrics has no " + name);
  }

  @Test
  void aPeerWhoseClockIsTenSecondsAheadShowsAsTheClockOffsetAndAWarning() throws Exception {
    try (Cluster c = Cluster.withAuthority().start(tmp)) {
      ClusterNode node = c.authority();
      assertEquals("null", member(health(node), "clock_offset_ms"), "no peer, no offset");
      assertEquals("false", member(health(node), "clock_warning"));
      assertEquals("NaN", metric(node, "aitbc_clock_offset_ms"));
      long ahead = System.currentTimeMillis() + 10_000;
      try (RawPeer peer = RawPeer.connect(node.node().p2pPort(), c.genesis().hash(), Cluster.CHAIN_ID, TestData.key(77),
          0, ahead)) {
        Await.until("the peer is connected", WAIT, () -> node.peers().size() == 1);
        var h = health(node);
        long offset = Long.parseLong(member(h, "clock_offset_ms"));
        assertTrue(offset > 8_000 && offset <= 10_000, "the peer is ~10 s ahead: " + offset + " ms");
        assertEquals("true", member(h, "clock_warning"));
        assertEquals("ok", member(h, "status"), "a skewed clock warns, it does not degrade the node");
        long gauge = Long.parseLong(metric(node, "aitbc_clock_offset_ms"));
        assertTrue(gauge > 8_000 && gauge <= 10_000, "gauge: " + gauge);
        assertEquals("1", metric(node, "aitbc_clock_warning"));
      }
    }
  }

  @Test
  void aPeerClaimingAHeightOfTenToTheNinthDoesNotMakeSyncRemainingTenToTheNinth() throws Exception {
    try (Cluster c = Cluster.withAuthority().followers(1).start(tmp)) {
      ClusterNode follower = c.follower(1);
      c.awaitConverged(WAIT);
      try (RawPeer liar = RawPeer.connect(follower.node().p2pPort(), c.genesis().hash(), Cluster.CHAIN_ID,
          TestData.key(78), 1_000_000_000L, System.currentTimeMillis())) {
        Await.until("the liar is connected", WAIT, () -> follower.peers().size() == 2);
        liar.await(org.aitbc.chain.p2p.message.P2pMessage.GetBlocks.class, WAIT); // asked, never answers
        var h = health(follower);
        assertEquals("0", member(h, "sync_remaining"), "the liar showed no block: " + h);
        assertEquals("false", member(h, "syncing"));
        assertEquals("0", metric(follower, "aitbc_sync_remaining_blocks"));
      }
    }
  }
}
