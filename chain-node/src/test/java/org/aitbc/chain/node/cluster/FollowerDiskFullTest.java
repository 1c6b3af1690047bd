package org.aitbc.chain.node.cluster;

import static org.aitbc.chain.node.cluster.PeerClaimsInHealthTest.health;
import static org.aitbc.chain.node.cluster.PeerClaimsInHealthTest.member;
import static org.aitbc.chain.node.cluster.PeerClaimsInHealthTest.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.SmallDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower whose disk fills while it imports the authority's blocks (a real tmpfs): it says "degraded" in
 * /health, keeps serving reads, blames nobody (the authority stays connected and unbanned), does not fetch the
 * same blocks again and again meanwhile, and once space returns it catches up by itself, with no restart.
 */
class FollowerDiskFullTest {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String PAYLOAD = "0x" + "cd".repeat(30_000);

  @TempDir Path tmp;

  @Test
  void aFollowerWhoseDiskFillsIsDegradedBlamesNobodyAndCatchesUpWhenSpaceReturns() throws Exception {
    try (SmallDisk disk = new SmallDisk(64); Cluster c = Cluster.withAuthority().blockTimeMs(100).start(tmp)) {
      ClusterNode f = c.addFollowerAt(disk.dir().resolve("f1"), c.authority());
      c.sealBlocks(3, 1);
      c.awaitConverged(WAIT);
      disk.fill(600 << 10);
      for (int i = 0; i < 200 && member(health(f), "status").equals("ok"); i++) {
        for (int k = 0; k < 5; k++) assertEquals(200, c.authority().node().api().submit(c.transfer(1 + k % 2, PAYLOAD)).status());
        c.sealBlocks(1, 3);
        Await.until("the follower to import or fail block " + c.authority().height(), WAIT,
            () -> f.height() == c.authority().height() || !statusOf(f).equals("ok"));
      }
      var h = health(f);
      assertEquals("degraded", member(h, "status"), h.toString());
      assertEquals("STORAGE_UNAVAILABLE", member(h, "degraded_reason"));
      assertTrue(member(h, "degraded_detail").contains("No space left on device"), h.toString());
      assertTrue(f.height() < c.authority().height(), "behind while it cannot write");
      assertEquals(200, f.http("GET", "/rpc/head", null).statusCode(), "reads are served");

      c.sealBlocks(3, 3); // more to fetch while the disk stays full
      long in0 = (long) Double.parseDouble(metric(f, "aitbc_p2p_bytes_in"));
      Thread.sleep(3_000); // a measuring window, not a wait for something: what does it fetch in 3 s?
      long in = (long) Double.parseDouble(metric(f, "aitbc_p2p_bytes_in")) - in0;
      assertTrue(in < 2_000_000, "fetched " + in + " bytes in 3 s of a full disk: the same blocks again and again");
      assertEquals(1, f.peers().size(), "the authority stays connected");
      assertEquals(0, Double.parseDouble(metric(f, "aitbc_p2p_bans_total")));
      assertEquals(0, Double.parseDouble(metric(f, "aitbc_p2p_discouragements_total")));

      disk.free();
      Await.until("the follower to write again and reach the authority's head " + c.authority().height(), WAIT,
          () -> statusOf(f).equals("ok") && f.height() == c.authority().height());
      c.sealBlocks(2, 3);
      c.awaitConverged(WAIT);
    }
  }

  private static String statusOf(ClusterNode n) {
    try {
      return member(health(n), "status");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
