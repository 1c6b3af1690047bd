package org.aitbc.chain.p2p.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.FakeChain;
import org.aitbc.chain.p2p.wire.Violation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockSyncTest {
  /** Records what sync asked for, as readable lines. */
  static final class Recorder implements BlockSync.Actions {
    final List<String> log = new ArrayList<>();
    final List<long[]> inventory = new ArrayList<>();
    final List<List<Bytes>> locators = new ArrayList<>();
    final List<Object[]> fetches = new ArrayList<>();

    @Override
    public void requestInventory(long peer, List<Bytes> locator) {
      log.add("getblocks " + peer);
      inventory.add(new long[] {peer});
      locators.add(locator);
    }

    @Override
    public void requestBlocks(long peer, List<Bytes> hashes) {
      log.add("getdata " + peer + " x" + hashes.size());
      fetches.add(new Object[] {peer, hashes});
    }

    @Override
    public void misbehaved(long peer, Violation v, String detail) {
      log.add("misbehaved " + peer + " " + v);
    }

    @Override
    public void stalled(long peer, String detail) {
      log.add("stalled " + peer);
    }

    @Override
    public void imported(Bytes hash, long height, long fromPeer) {
      log.add("imported " + height + " from " + fromPeer);
    }

    @SuppressWarnings("unchecked")
    List<Bytes> lastFetch(long peer) {
      for (int i = fetches.size() - 1; i >= 0; i--) if ((long) fetches.get(i)[0] == peer) return (List<Bytes>) fetches.get(i)[1];
      return List.of();
    }
  }

  final FakeChain remote = new FakeChain("c");
  final FakeChain local = new FakeChain("c");
  final Recorder rec = new Recorder();
  BlockSync sync;
  List<byte[]> blocks;

  @BeforeEach
  void setUp() {
    blocks = remote.extend(1200, "b");
    sync = new BlockSync(local, rec, new BlockSync.Config(500, 16, 1000, 5000));
  }

  byte[] blockByHash(Bytes h) {
    return remote.blockJson(h).orElseThrow();
  }

  /** Plays the remote peers: answers every getblocks and getdata until nothing is asked. */
  void serve(long... peers) {
    int invDone = 0;
    int fetchDone = 0;
    while (invDone < rec.inventory.size() || fetchDone < rec.fetches.size()) {
      while (invDone < rec.inventory.size()) {
        long p = rec.inventory.get(invDone)[0];
        List<Bytes> locator = rec.locators.get(invDone++);
        sync.blockInv(p, remote.hashesAfter(locator, Bytes.wrap(new byte[32]), 500), 0);
      }
      while (fetchDone < rec.fetches.size()) {
        Object[] f = rec.fetches.get(fetchDone++);
        @SuppressWarnings("unchecked")
        List<Bytes> hashes = (List<Bytes>) f[1];
        for (Bytes h : hashes) sync.block((long) f[0], blockByHash(h), 0);
      }
    }
  }

  @Test
  void aPeerAheadOfUsIsAskedForInventoryWithOurLocator() {
    sync.peerReady(1, 1200, 0);
    assertEquals(List.of("getblocks 1"), rec.log);
    assertEquals(local.locator(), rec.locators.get(0));
  }

  @Test
  void aPeerNotAheadIsNotAsked() {
    sync.peerReady(1, 0, 0);
    assertTrue(rec.log.isEmpty());
    assertEquals(false, sync.status().syncing());
  }

  @Test
  void aFullInventoryBatchPipelinesTheNextGetBlocksFromTheLastHash() {
    sync.peerReady(1, 1200, 0);
    List<Bytes> first = remote.hashesAfter(local.locator(), Bytes.wrap(new byte[32]), 500);
    sync.blockInv(1, first, 0);
    assertEquals("getblocks 1", rec.log.get(rec.log.size() - 1));
    assertEquals(first.get(499), rec.locators.get(1).get(0));
  }

  @Test
  void aWholeChainIsFetchedFromSeveralPeersAndImportedInOrder() {
    sync.peerReady(1, 1200, 0);
    sync.peerReady(2, 1200, 0);
    sync.peerReady(3, 1200, 0);
    serve(1, 2, 3);
    assertEquals(1200, local.bestHeight());
    assertEquals(remote.bestHash(), local.bestHash());
    assertTrue(rec.log.stream().anyMatch(l -> l.startsWith("getdata 2")));
    assertTrue(rec.log.stream().anyMatch(l -> l.startsWith("getdata 3")));
    assertEquals(false, sync.status().syncing());
    assertEquals(1200, sync.status().blocksImported());
    assertTrue(rec.fetches.stream().allMatch(f -> ((List<?>) f[1]).size() <= 16), "window respected");
  }

  @Test
  void blocksArrivingOutOfOrderAreImportedInOrder() {
    sync.peerReady(1, 3, 0);
    sync.blockInv(1, List.of(remote.hashAt(1), remote.hashAt(2), remote.hashAt(3)), 0);
    sync.block(1, blocks.get(2), 0);
    sync.block(1, blocks.get(1), 0);
    assertEquals(0, local.bestHeight());
    sync.block(1, blocks.get(0), 0);
    assertEquals(3, local.bestHeight());
    assertEquals(List.of("imported 1 from 1", "imported 2 from 1", "imported 3 from 1"),
        rec.log.stream().filter(l -> l.startsWith("imported")).toList());
  }

  @Test
  void aStalledPeerIsReportedAndItsRequestsMoveToAnotherPeer() {
    sync.peerReady(1, 10, 0);
    sync.blockInv(1, remote.hashesAfter(local.locator(), Bytes.wrap(new byte[32]), 10), 0);
    List<Bytes> askedOf1 = rec.lastFetch(1);
    assertEquals(10, askedOf1.size());
    sync.peerReady(2, 1200, 10);
    sync.tick(999);
    assertTrue(rec.log.stream().noneMatch(l -> l.startsWith("stalled")));
    sync.tick(1000);
    assertTrue(rec.log.contains("stalled 1"), rec.log.toString());
    assertEquals(askedOf1, rec.lastFetch(2));
    for (Bytes h : askedOf1) sync.block(2, blockByHash(h), 1001);
    assertEquals(10, local.bestHeight());
  }

  @Test
  void anInvalidBlockBlamesItsSenderAndClearsTheQueue() {
    FakeChain bad = new FakeChain("c");
    byte[] b1 = FakeChain.block(bad.bestHash(), 1, "INVALID root");
    sync.peerReady(7, 5, 0);
    sync.blockInv(7, List.of(FakeChain.hash(b1)), 0);
    sync.block(7, b1, 0);
    assertTrue(rec.log.contains("misbehaved 7 INVALID_BLOCK"), rec.log.toString());
    assertEquals(0, sync.status().queued());
    assertEquals(0, local.bestHeight());
  }

  @Test
  void anUnparseableBlockIsMisbehaviour() {
    sync.peerReady(7, 5, 0);
    sync.block(7, "garbage".getBytes(), 0);
    assertEquals("misbehaved 7 INVALID_BLOCK", rec.log.get(rec.log.size() - 1));
  }

  @Test
  void anAnnouncedBlockWhoseParentIsUnknownStartsInventoryFromThatPeer() {
    sync.peerReady(1, 0, 0); // claims nothing new at first
    sync.blockInv(1, List.of(remote.hashAt(1200)), 0);
    assertEquals("getdata 1 x1", rec.log.get(rec.log.size() - 1));
    sync.block(1, blocks.get(1199), 0);
    assertEquals("getblocks 1", rec.log.get(rec.log.size() - 1));
    serve(1);
    assertEquals(1200, local.bestHeight());
  }

  @Test
  void theNextBlockAnnouncedIsFetchedAndImported() {
    local.extend(0, "x");
    sync.peerReady(1, 0, 0);
    sync.blockInv(1, List.of(remote.hashAt(1)), 0);
    sync.block(1, blocks.get(0), 0);
    assertEquals(1, local.bestHeight());
    assertEquals("imported 1 from 1", rec.log.get(rec.log.size() - 1));
  }

  @Test
  void notFoundMovesTheRequestToAnotherPeer() {
    sync.peerReady(1, 1, 0);
    sync.blockInv(1, List.of(remote.hashAt(1)), 0);
    sync.peerReady(2, 1200, 0);
    sync.notFound(1, List.of(remote.hashAt(1)), 0);
    assertEquals(List.of(remote.hashAt(1)), rec.lastFetch(2));
  }

  @Test
  void anAnnouncementThatCannotFollowOurTipIsNotTakenForTheAnswerToGetBlocks() {
    sync.peerReady(1, 1200, 0);
    sync.blockInv(1, List.of(remote.hashAt(1200)), 0); // its new tip, sent before it read our getblocks
    assertEquals(List.of("getblocks 1"), rec.log, "nothing fetched in front of the 1,199 blocks between");
    sync.blockInv(1, remote.hashesAfter(local.locator(), Bytes.wrap(new byte[32]), 500), 0);
    assertEquals("getdata 1 x16", rec.log.get(1), "the answer is taken as the answer");
    serve(1);
    assertEquals(1200, local.bestHeight());
  }

  @Test
  void aBlockStillInFlightWhenTheQueueIsRebuiltIsImportedWhenItArrives() {
    byte[] orphan = FakeChain.block(remote.hashAt(700), 3, "x");
    sync.peerReady(1, 0, 0);
    sync.blockInv(1, List.of(FakeChain.hash(orphan)), 0);
    sync.blockInv(1, List.of(remote.hashAt(1), remote.hashAt(2)), 0);
    assertEquals(List.of("getdata 1 x1", "getdata 1 x2"), rec.log);
    sync.block(1, orphan, 0); // its parent is unknown: the queue is cleared while 1 and 2 are in flight
    assertEquals("getblocks 1", rec.log.get(rec.log.size() - 1));
    sync.blockInv(1, List.of(remote.hashAt(1), remote.hashAt(2), remote.hashAt(3), remote.hashAt(4)), 0);
    assertEquals(4, sync.status().queued(), "the answer is queued whole, in flight or not");
    assertEquals("getdata 1 x2", rec.log.get(rec.log.size() - 1));
    sync.block(1, blocks.get(0), 0); // the first requests are answered
    sync.block(1, blocks.get(1), 0);
    sync.block(1, blocks.get(2), 0);
    sync.block(1, blocks.get(3), 0);
    assertEquals(4, local.bestHeight(), rec.log.toString());
  }

  @Test
  void aBlockRefusedForNowIsOfferedAgainLaterNotFetchedAgain() {
    sync.peerReady(1, 3, 0);
    sync.blockInv(1, List.of(remote.hashAt(1), remote.hashAt(2), remote.hashAt(3)), 0);
    local.refuseBlocks(true);
    for (int i = 0; i < 3; i++) sync.block(1, blocks.get(i), 0);
    assertEquals(1, local.blockOffers());
    sync.tick(999);
    assertEquals(1, local.blockOffers(), "not before a second");
    sync.tick(1000);
    assertEquals(2, local.blockOffers());
    sync.tick(2999);
    assertEquals(2, local.blockOffers(), "then two seconds later");
    local.refuseBlocks(false);
    sync.tick(3000);
    assertEquals(3, local.bestHeight());
    assertEquals(List.of("getblocks 1", "getdata 1 x3"), rec.log.stream().filter(l -> !l.startsWith("imported")).toList(),
        "each block fetched once, nobody blamed");
  }

  @Test
  void aBlockRefusedAgainAndAgainRestartsFromInventory() {
    sync.peerReady(1, 3, 0);
    sync.blockInv(1, List.of(remote.hashAt(1), remote.hashAt(2), remote.hashAt(3)), 0);
    local.refuseBlocks(true);
    for (int i = 0; i < 3; i++) sync.block(1, blocks.get(i), 0);
    for (long t = 0; t <= 200_000; t += 500) sync.tick(t);
    assertEquals(BlockSync.REFUSALS_BEFORE_RESTART, local.blockOffers(), rec.log.toString());
    assertEquals(2, rec.log.stream().filter(l -> l.startsWith("getblocks")).count(), rec.log.toString());
  }

  @Test
  void aPeerThatHasNothingAfterOurTipIsNotAskedAgainAndAgain() {
    sync.peerReady(1, 50, 0); // claims more than it can give
    sync.blockInv(1, List.of(), 0);
    sync.tick(10);
    sync.tick(20);
    assertEquals(1, rec.log.stream().filter(l -> l.startsWith("getblocks")).count(), rec.log.toString());
  }

  @Test
  void aGoneInventoryPeerLetsAnotherPeerBeAsked() {
    sync.peerReady(1, 1200, 0);
    sync.peerReady(2, 1200, 0);
    sync.peerGone(1, 0);
    assertEquals("getblocks 2", rec.log.get(rec.log.size() - 1));
  }
}
