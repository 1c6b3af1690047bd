package org.aitbc.chain.node.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.node.cluster.Cluster;
import org.aitbc.chain.node.cluster.ClusterNode;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.wallet.RpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's checks over real nodes' HTTP APIs: a node that has the sealed chain passes, one that lacks it is reported. */
class SealedLedgerTest {
  @TempDir Path tmp;

  @Test
  void whatTheAuthoritySealedIsFoundOnItAndReportedMissingOnANodeOfAnotherChain() throws Exception {
    try (Cluster c = Cluster.withAuthority().followers(1).blockTimeMs(100).start(tmp.resolve("sealed"));
        Cluster other = Cluster.withAuthority().blockTimeMs(100).start(tmp.resolve("other"))) {
      for (int i = 0; i < 20; i++) assertEquals(200, c.authority().node().api().submit(c.transfer(1 + i % 2, "m" + i)).status());
      Await.until("20 txs sealed", Duration.ofSeconds(30), () -> c.authority().node().mempool().size() == 0);
      other.sealBlocks(3, 1);
      SealedLedger ledger = new SealedLedger();
      ledger.follow(rpc(c.authority()));
      assertEquals(20, ledger.sealedTxs());
      long top = ledger.top();
      assertEquals(c.authority().height(), top);
      c.awaitConverged(Duration.ofSeconds(30));

      List<String> txs = ledger.drainUnchecked();
      assertEquals(20, txs.size());
      assertEquals(List.of(), ledger.drainUnchecked(), "drained once");
      for (ClusterNode n : c.nodes()) {
        assertEquals(List.of(), ledger.missing(n.name(), rpc(n), txs), n.name());
        Map<Long, String> hashes = SealedLedger.blockHashes(rpc(n), 1, top);
        assertEquals(top, hashes.size());
        assertEquals(List.of(), ledger.changedBlocks(hashes, top), n.name());
      }

      List<String> missing = ledger.missing("other", rpc(other.authority()), txs);
      assertEquals(20, missing.size(), missing.toString());
      assertTrue(missing.get(0).contains("unknown to the other"), missing.get(0));
      long shared = Math.min(top, other.authority().height());
      Map<Long, String> foreign = SealedLedger.blockHashes(rpc(other.authority()), 1, shared);
      assertTrue(shared >= 1 && foreign.size() == shared, shared + " " + foreign);
      assertEquals(top, ledger.changedBlocks(foreign, top).size(), "every block of another chain differs, and the ones it lacks");
      assertEquals(top, ledger.changedBlocks(Map.of(), top).size(), "a node without the blocks lacks each of them");
    }
  }

  private static RpcClient rpc(ClusterNode n) {
    return RpcClient.create(URI.create("http://127.0.0.1:" + n.node().rpcPort()), Duration.ofSeconds(5));
  }
}
