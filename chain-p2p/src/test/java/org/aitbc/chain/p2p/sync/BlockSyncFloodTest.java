package org.aitbc.chain.p2p.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.FakeChain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, defect 1: one "inv" of made-up block hashes from a peer that completed the handshake froze a
 * follower for good (the queue stayed full of hashes nobody could give, and real announcements no longer
 * fitted). Whatever a peer announces, the follower keeps following the honest authority.
 */
class BlockSyncFloodTest {
  static final long AUTHORITY = 1;
  static final long ATTACKER = 9;

  final FakeChain remote = new FakeChain("c");
  final FakeChain local = new FakeChain("c");
  final BlockSyncTest.Recorder rec = new BlockSyncTest.Recorder();
  BlockSync sync;
  List<byte[]> blocks;

  @BeforeEach
  void setUp() {
    blocks = remote.extend(40, "b");
    for (int i = 0; i < 12; i++) local.offerBlock(blocks.get(i)); // caught up with the authority at 12
    sync = new BlockSync(local, rec, BlockSync.Config.defaults());
    sync.peerReady(AUTHORITY, 12, 0);
    sync.peerReady(ATTACKER, 12, 0);
  }

  static List<Bytes> madeUp(int n, long seed) {
    Random r = new Random(seed);
    List<Bytes> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] h = new byte[32];
      r.nextBytes(h);
      out.add(Bytes.wrap(h));
    }
    return out;
  }

  /** The authority seals the next blocks one by one and announces each, answering what it is asked. */
  void authorityAnnouncesUpTo(long height, long now) {
    for (long h = local.bestHeight() + 1; h <= height; h++) {
      Bytes hash = remote.hashAt(h);
      int asked = rec.fetches.size();
      sync.blockInv(AUTHORITY, List.of(hash), now);
      for (int i = asked; i < rec.fetches.size(); i++) {
        Object[] f = rec.fetches.get(i);
        if ((long) f[0] != AUTHORITY) continue;
        @SuppressWarnings("unchecked")
        List<Bytes> hashes = (List<Bytes>) f[1];
        for (Bytes x : hashes) remote.blockJson(x).ifPresent(b -> sync.block(AUTHORITY, b, now));
      }
    }
  }

  @Test
  void madeUpHashesFromAPeerThatThenLeavesAreForgottenAndTheFollowerKeepsFollowing() {
    sync.blockInv(ATTACKER, madeUp(5_000, 1), 0);
    sync.peerGone(ATTACKER, 0);
    authorityAnnouncesUpTo(20, 10);
    assertEquals(20, local.bestHeight(), rec.log.toString());
    assertEquals(0, sync.status().queued());
  }

  @Test
  void aHugeAnnouncementFromAPeerThatStaysNeverCrowdsOutTheAuthority() {
    sync.blockInv(ATTACKER, madeUp(50_000, 2), 0);
    authorityAnnouncesUpTo(20, 10);
    assertEquals(20, local.bestHeight(), rec.log.toString());
    assertTrue(sync.status().queued() <= BlockSync.MAX_ANNOUNCED, "queued " + sync.status().queued());
  }

  @Test
  void madeUpHashesThePeerThenSaysItLacksAreForgotten() {
    List<Bytes> fakes = madeUp(BlockSync.MAX_ANNOUNCED, 3);
    sync.blockInv(ATTACKER, fakes, 0);
    sync.notFound(ATTACKER, fakes, 1);
    authorityAnnouncesUpTo(20, 10);
    assertEquals(20, local.bestHeight(), rec.log.toString());
  }

  @Test
  void madeUpHashesThePeerNeverDeliversAreForgottenWhenItStalls() {
    List<Bytes> fakes = madeUp(BlockSync.MAX_ANNOUNCED, 4);
    sync.blockInv(ATTACKER, fakes, 0);
    sync.tick(BlockSync.Config.defaults().stallMillis());
    assertTrue(rec.log.contains("stalled " + ATTACKER), rec.log.toString());
    authorityAnnouncesUpTo(20, BlockSync.Config.defaults().stallMillis() + 1);
    assertEquals(20, local.bestHeight(), rec.log.toString());
  }
}
