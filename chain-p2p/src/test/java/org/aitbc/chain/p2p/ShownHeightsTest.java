package org.aitbc.chain.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.aitbc.chain.core.util.Bytes;
import org.junit.jupiter.api.Test;

class ShownHeightsTest {
  private static Bytes h(int i) {
    return TestData.hash("block " + i);
  }

  @Test
  void aPeerCountsAsFarAsItsClaimOrTheBlocksItShowedWhicheverIsLower() {
    ShownHeights s = new ShownHeights(100);
    s.peerReady(1);
    s.peerReady(2);
    for (int i = 0; i < 4; i++) s.shown(1, h(i));
    s.shown(2, h(10));
    s.shown(2, h(11));
    assertEquals(14, s.networkHeight(10, peer -> peer == 1 ? 1_000_000_000L : 11), "peer 1: 10 + 4 shown");
    assertEquals(11, s.networkHeight(10, peer -> 11), "both claim 11: the claim bounds what they showed");
    assertEquals(10, s.networkHeight(10, peer -> 5), "never below ours");
  }

  @Test
  void shownBlocksLeaveWhenImportedNotFoundPrunedOrTheirPeerGoes() {
    ShownHeights s = new ShownHeights(100);
    s.peerReady(1);
    s.peerReady(2);
    for (int i = 0; i < 6; i++) {
      s.shown(1, h(i));
      s.shown(2, h(i));
    }
    s.imported(h(0));
    assertEquals(5, s.shownBy(1));
    assertEquals(5, s.shownBy(2));
    s.notFound(1, List.of(h(1), h(2)));
    assertEquals(3, s.shownBy(1));
    assertEquals(5, s.shownBy(2));
    Set<Bytes> inChain = Set.of(h(3), h(4));
    s.prune(inChain::contains);
    assertEquals(1, s.shownBy(1));
    assertEquals(3, s.shownBy(2));
    s.peerGone(2);
    assertEquals(0, s.shownBy(2));
    assertEquals(11, s.networkHeight(10, peer -> Long.MAX_VALUE));
  }

  @Test
  void madeUpHashesCountAtMostTheLimit() {
    ShownHeights s = new ShownHeights(50);
    s.peerReady(1);
    for (int i = 0; i < 10_000; i++) s.shown(1, h(i));
    assertEquals(50, s.shownBy(1));
    SyncStatus bounded = s.bound(new SyncStatus(7, 1_000_000_000L, 0, 0, 0), peer -> 1_000_000_000L);
    assertEquals(57, bounded.networkHeight());
    assertEquals(50, bounded.remaining());
  }
}
