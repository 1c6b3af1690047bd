package org.aitbc.chain.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.p2p.P2pNetworkTest.Node;
import org.aitbc.chain.p2p.message.InvItem;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A peer that claims a height of 10^9 (a {@link RawPeer}) does not make a real node report 10^9 blocks to sync. */
class ClaimedHeightNetworkTest {
  static final long CLAIM = 1_000_000_000L;
  final P2pNetworkTest nodes = new P2pNetworkTest();

  @AfterEach
  void stop() {
    nodes.closeAll();
  }

  @Test
  void aClaimCountsOnlyAsFarAsTheBlocksThePeerHasShown() throws Exception {
    FakeChain chain = new FakeChain("ait-test");
    chain.extend(3, "a");
    Node a = nodes.start(chain, nodes.config().build());
    try (RawPeer liar = RawPeer.connect(a.net().listenPort(), chain.genesisHash(), "ait-test", TestData.key(90), CLAIM,
        System.currentTimeMillis())) {
      P2pNetworkTest.await("the liar is connected", () -> a.net().peers().size() == 1);
      assertEquals(CLAIM, a.net().peers().get(0).bestHeight(), "its claim is what it said");
      liar.await(P2pMessage.GetBlocks.class, P2pNetworkTest.WAIT); // sync believes it enough to ask; it never answers
      SyncStatus s = a.net().syncStatus();
      assertEquals(3, s.networkHeight(), "it showed nothing: it counts as being where we are");
      assertFalse(s.syncing());
      assertEquals(0, s.remaining());

      List<InvItem> madeUp = new ArrayList<>();
      for (int i = 0; i < 5; i++) madeUp.add(InvItem.block(TestData.hash("made-up block " + i)));
      liar.send(new P2pMessage.Inv(madeUp));
      P2pNetworkTest.await("the announced blocks count", () -> a.net().syncStatus().networkHeight() != 3);
      assertEquals(8, a.net().syncStatus().networkHeight(), "our 3 plus the 5 hashes it showed, not 10^9");
      assertTrue(a.net().syncStatus().syncing());
      // Sync does not fetch them (a peer that claims 10^9 announces blocks far past our tip: the answer to its
      // getblocks would list them); the liar then says it lacks them.
      liar.send(new P2pMessage.NotFound(madeUp));
      P2pNetworkTest.await("blocks it then said it lacks no longer count", () -> a.net().syncStatus().networkHeight() == 3);
      assertEquals(0, a.net().syncStatus().remaining());
    }
  }

  @Test
  void anHonestPeerAheadStillShowsAsSyncingUntilTheFollowerCaughtUp() throws Exception {
    Node a = nodes.start();
    a.chain().extend(1200, "blk");
    Node b = nodes.start(new FakeChain("ait-test"), nodes.config(a).tickInterval(Duration.ofHours(1)).build());
    P2pNetworkTest.await("b learned what a has", () -> b.net().syncStatus().networkHeight() > 0);
    assertTrue(b.net().syncStatus().networkHeight() <= 1200, "never above what a has: " + b.net().syncStatus());
    P2pNetworkTest.await("b caught up", () -> b.chain().bestHeight() == 1200 && !b.net().syncStatus().syncing());
    assertEquals(1200, b.net().syncStatus().networkHeight());
  }
}
