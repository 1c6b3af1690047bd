package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aitbc.chain.core.agent.AgentTx;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.node.cluster.Cluster;
import org.aitbc.chain.p2p.ImportOutcome;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the node judges transactions relayed by peers: only what no honest peer sends is INVALID (and bans). */
class P2pChainViewTest {
  @TempDir Path tmp;

  @Test
  void anAgentUpdateForAnAgentRegisteredInABlockThisNodeHasNotYetIsRefusedNotBlamed() throws Exception {
    try (Cluster c = Cluster.withAuthority().start(tmp)) {
      Node n = c.authority().node();
      P2pChainView view = new P2pChainView(n.store(), n.engine(), n.mempool(), n.api());
      var owner = Cluster.account(1);
      // The relaying peer is a block ahead: there the agent exists (registered by its owner), here not yet.
      String agentId = AgentTx.agentId(owner.address(), "translator");
      String update = Txs.transfer(owner, Cluster.CHAIN_ID).type(AgentTx.UPDATE).to(owner.address()).amount(0).fee(1)
          .nonce(2).payload(Json.obj("agent_id", agentId, "description", "now in French too")).jsonText();
      ImportOutcome o = view.offerTx(update.getBytes(StandardCharsets.US_ASCII));
      assertEquals(ImportOutcome.Kind.REFUSED, o.kind(), o.toString());
    }
  }

  @Test
  void aTransactionRelayedWhileTheDiskIsFullIsRefusedWithStorageUnavailableNotBlamed() throws Exception {
    try (org.aitbc.chain.testing.SmallDisk disk = new org.aitbc.chain.testing.SmallDisk(64);
        Cluster c = Cluster.withAuthority().blockTimeMs(50).start(disk.dir())) {
      Node n = c.authority().node();
      disk.fill(600 << 10);
      String big = "0x" + "ab".repeat(30_000);
      org.aitbc.chain.testing.Await.until("the authority to fail a write on the full disk", java.time.Duration.ofSeconds(60), () -> {
        n.api().submit(c.transfer(1, big));
        return n.engine().writeHealth().degraded().isPresent();
      });
      P2pChainView view = new P2pChainView(n.store(), n.engine(), n.mempool(), n.api());
      ImportOutcome o = view.offerTx(PyJson.compact(Txs.transfer(Cluster.account(2), Cluster.CHAIN_ID).amount(5).fee(1).nonce(1)
          .json()).getBytes(StandardCharsets.US_ASCII));
      assertEquals(ImportOutcome.Kind.REFUSED, o.kind(), o.toString());
      assertTrue(o.toString().contains("STORAGE_UNAVAILABLE"), o.toString());
      disk.free();
    }
  }

  @Test
  void aTransactionWithABadSignatureIsInvalid() throws Exception {
    try (Cluster c = Cluster.withAuthority().start(tmp)) {
      Node n = c.authority().node();
      P2pChainView view = new P2pChainView(n.store(), n.engine(), n.mempool(), n.api());
      JsonObject signed = Txs.transfer(Cluster.account(1), Cluster.CHAIN_ID).amount(5).fee(1).nonce(1).json();
      Map<String, JsonValue> m = new LinkedHashMap<>(signed.members());
      m.put("amount", JsonValue.JsonNumber.of(6)); // signed for 5
      ImportOutcome o = view.offerTx(PyJson.compact(new JsonObject(m)).getBytes(StandardCharsets.US_ASCII));
      assertEquals(ImportOutcome.Kind.INVALID, o.kind(), o.toString());
    }
  }

  @Test
  void aBlockRefReadsTheHeaderAndABlockWhoseJsonNamesTwoHashesIsInvalid() throws Exception {
    try (Cluster c = Cluster.withAuthority().start(tmp)) {
      c.sealBlocks(1, 1);
      Node n = c.authority().node();
      P2pChainView view = new P2pChainView(n.store(), n.engine(), n.mempool(), n.api());
      String json = n.store().blockJson(1).orElseThrow();
      var ref = view.blockRef(json.getBytes(StandardCharsets.US_ASCII)).orElseThrow();
      assertEquals(n.store().head().hash(), ref.hash());
      assertEquals(1, ref.height());
      // The same block with a made-up "hash" among the header fields and the real one repeated at the
      // end: sync would file it under the made-up hash, while decoding (last value wins) gives the real one.
      String real = n.store().head().hash().hex0x();
      String twoHashes = json.replaceFirst(real, "0x" + "ab".repeat(32));
      twoHashes = twoHashes.substring(0, twoHashes.length() - 1) + ",\"hash\":\"" + real + "\"}";
      assertEquals("0x" + "ab".repeat(32), view.blockRef(twoHashes.getBytes(StandardCharsets.US_ASCII)).orElseThrow().hash().hex0x());
      ImportOutcome o = view.offerBlock(twoHashes.getBytes(StandardCharsets.US_ASCII));
      assertEquals(ImportOutcome.Kind.INVALID, o.kind(), o.toString());
      assertEquals(ImportOutcome.Kind.KNOWN, view.offerBlock(json.getBytes(StandardCharsets.US_ASCII)).kind());
    }
  }

  @Test
  void aLargeBlockIsDecodedAheadOnArrivalAndItsImportUsesThatWhileGarbageIsStillInvalid() throws Exception {
    java.util.concurrent.ExecutorService decoder = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (Cluster c = Cluster.withAuthority().start(tmp)) {
      Node n = c.authority().node();
      String payload = "p".repeat(500);
      for (int i = 0; i < 150; i++) assertEquals(200, n.api().submit(c.transfer(1 + i % 5, payload)).status());
      n.engine().onEngineThread(n.engine()::sealNow);
      byte[] big = n.store().blockJson(n.store().head().height()).orElseThrow().getBytes(StandardCharsets.US_ASCII);
      org.junit.jupiter.api.Assertions.assertTrue(big.length > 64 * 1024, "the block must be big enough: " + big.length);
      P2pChainView view = new P2pChainView(n.store(), n.engine(), n.mempool(), n.api(), decoder);
      view.blockArrived(big);
      assertEquals(ImportOutcome.Kind.KNOWN, view.offerBlock(big).kind());
      assertEquals(1, view.decodedAhead());
      byte[] garbage = "{".repeat(70_000).getBytes(StandardCharsets.US_ASCII);
      view.blockArrived(garbage);
      assertEquals(ImportOutcome.Kind.INVALID, view.offerBlock(garbage).kind());
      for (int i = 0; i < 20; i++) view.blockArrived(big.clone()); // arrivals never offered
      assertEquals(8, view.aheadPending(), "at most 8 blocks wait decoded");
    } finally {
      decoder.shutdownNow();
    }
  }
}
