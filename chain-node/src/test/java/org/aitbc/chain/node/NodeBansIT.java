package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.aitbc.chain.p2p.BanList;
import org.aitbc.chain.p2p.wire.Violation;
import org.aitbc.chain.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/aitbc node bans} against a real node process: the bans in its data directory (as a node that
 * banned someone leaves them) are listed after a restart, lifted one by prefix, then all; a lift of what is not
 * there says so and fails.
 */
class NodeBansIT {
  @TempDir Path tmp;

  @Test
  void listsTheBansANodeKeptAndLiftsThemByPrefixAndAll() throws Exception {
    Path data = tmp.resolve("devnet/data"); // the dev chain's, under AITBC_HOME
    Files.createDirectories(data);
    String liar = TestKeys.key(7).publicKey().hex();
    BanList kept = new BanList(Clock.systemUTC(), true, Duration.ofHours(24), Duration.ofMinutes(10), Optional.of(data));
    kept.penalize("10.9.8.7", Optional.of(TestKeys.key(7).publicKey()), Violation.INVALID_BLOCK, "bad authority signature");
    kept.banHost("10.1.2.3", Duration.ofHours(1), "by hand");

    try (NodeProcess n = NodeProcess.start(tmp, tmp.resolve("node.log"), List.of())) {
      String url = n.url();
      StringBuilder list = new StringBuilder();
      assertEquals(0, NodeProcess.run(tmp, List.of("node", "bans", "--rpc-url", url), list), list.toString());
      assertTrue(list.toString().contains("node") && list.toString().contains(liar), list.toString());
      assertTrue(list.toString().contains("INVALID_BLOCK (bad authority signature)"), list.toString());
      assertTrue(list.toString().contains("10.1.2.3") && list.toString().contains("by hand"), list.toString());
      assertTrue(!list.toString().contains("10.9.8.7"), "a discouragement is not persisted: " + list);

      StringBuilder json = new StringBuilder();
      assertEquals(0, NodeProcess.run(tmp, List.of("node", "bans", "--rpc-url", url, "-o", "json"), json), json.toString());
      assertTrue(json.toString().contains("\"count\":2"), json.toString());

      StringBuilder lift = new StringBuilder();
      assertEquals(0, NodeProcess.run(tmp, List.of("node", "bans", "--rpc-url", url, "--lift", liar.substring(0, 12)), lift),
          lift.toString());
      assertEquals("lifted node " + liar + " (INVALID_BLOCK (bad authority signature))", lift.toString().strip());

      StringBuilder again = new StringBuilder();
      int code = NodeProcess.run(tmp, List.of("node", "bans", "--rpc-url", url, "--lift", liar.substring(0, 12)), again);
      assertTrue(code != 0, "lifting what is not banned fails: " + again);
      assertTrue(again.toString().contains("not found (no ban or discouragement matches " + liar.substring(0, 12) + ")"), again.toString());

      StringBuilder all = new StringBuilder();
      assertEquals(0, NodeProcess.run(tmp, List.of("node", "bans", "--rpc-url", url, "--lift-all"), all), all.toString());
      assertTrue(all.toString().contains("lifted host 10.1.2.3 (by hand)"), all.toString());
      StringBuilder none = new StringBuilder();
      assertEquals(0, NodeProcess.run(tmp, List.of("node", "bans", "--rpc-url", url), none), none.toString());
      assertEquals("no bans or discouragements", none.toString().strip());
    }
    String file = Files.readString(data.resolve(BanList.FILE_NAME));
    assertTrue(!file.contains("10.1.2.3") && !file.contains(liar), "the lifts were persisted: " + file);
  }
}
