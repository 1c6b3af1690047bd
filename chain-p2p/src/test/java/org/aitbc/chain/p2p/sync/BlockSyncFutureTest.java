package org.aitbc.chain.p2p.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.FakeChain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blocks ahead of our clock (issue 13, defect 3): a block a little in the future is held until its time, then
 * imported; one far beyond is dropped; neither blames the peer, and neither makes sync ask it in a loop.
 */
class BlockSyncFutureTest {
  final FakeChain remote = new FakeChain("c");
  final FakeChain local = new FakeChain("c");
  final BlockSyncTest.Recorder rec = new BlockSyncTest.Recorder();
  BlockSync sync;

  @BeforeEach
  void setUp() {
    remote.setNow(Long.MAX_VALUE / 2); // the remote's clock is past every block time
    sync = new BlockSync(local, rec, new BlockSync.Config(500, 16, 1000, 5000));
  }

  /** Blocks 1.. of the remote chain with these times (ms). */
  List<byte[]> blocksAt(long... times) {
    List<byte[]> out = new java.util.ArrayList<>();
    for (long t : times) out.addAll(remote.extend(1, "AT" + t + " "));
    return out;
  }

  void at(long now) {
    local.setNow(now);
    sync.tick(now);
  }

  @Test
  void blocksAheadOfOurClockAreHeldAndImportedInOrderWhenTheirTimeComes() {
    List<byte[]> b = blocksAt(20_000, 20_500, 21_000);
    local.setNow(0);
    sync.peerReady(1, 3, 0);
    sync.blockInv(1, List.of(remote.hashAt(1), remote.hashAt(2), remote.hashAt(3)), 0);
    for (byte[] x : b) sync.block(1, x, 0);
    assertEquals(0, local.bestHeight());
    assertEquals(3, sync.status().queued(), "held, not forgotten");
    at(10_000);
    assertEquals(0, local.bestHeight());
    at(20_000);
    assertEquals(1, local.bestHeight());
    at(21_000);
    assertEquals(3, local.bestHeight());
    assertTrue(rec.log.stream().noneMatch(l -> l.startsWith("misbehaved") || l.startsWith("stalled")), rec.log.toString());
    assertEquals(1, rec.log.stream().filter(l -> l.startsWith("getdata")).count(), "each block fetched once: " + rec.log);
  }

  @Test
  void theNextBlockSentUnaskedAheadOfOurClockIsHeldToo() {
    List<byte[]> b = blocksAt(20_000);
    local.setNow(0);
    sync.peerReady(1, 0, 0);
    sync.block(1, b.get(0), 0);
    assertEquals(0, local.bestHeight());
    at(20_000);
    assertEquals(1, local.bestHeight());
    assertEquals("imported 1 from 1", rec.log.get(rec.log.size() - 1));
  }

  @Test
  void aBlockFarBeyondTheHoldIsDroppedUnblamedAndThePeerIsAskedAgainOnlyWhenItAnnouncesANewBlock() {
    long far = FakeChain.HOLD_MS + 600_000;
    List<byte[]> b = blocksAt(far, far + 1000);
    local.setNow(0);
    sync.peerReady(1, 1, 0);
    sync.blockInv(1, List.of(remote.hashAt(1)), 0);
    sync.block(1, b.get(0), 0);
    assertEquals(0, local.bestHeight());
    assertEquals(0, sync.status().queued());
    for (long t = 500; t <= 5_000; t += 500) at(t);
    assertEquals(1, rec.log.stream().filter(l -> l.startsWith("getblocks")).count(), "not asked in a loop: " + rec.log);
    assertEquals(1, rec.log.stream().filter(l -> l.startsWith("getdata")).count(), "not fetched in a loop: " + rec.log);
    // the clocks agree now; the peer announces its next block, whose parent we lack: sync starts over from it
    at(far + 1000);
    sync.blockInv(1, List.of(remote.hashAt(2)), far + 1000);
    sync.block(1, b.get(1), far + 1000);
    assertEquals("getblocks 1", rec.log.get(rec.log.size() - 1));
    sync.blockInv(1, remote.hashesAfter(local.locator(), Bytes.wrap(new byte[32]), 500), far + 1000);
    for (byte[] x : b) sync.block(1, x, far + 1000);
    assertEquals(2, local.bestHeight());
    assertTrue(rec.log.stream().noneMatch(l -> l.startsWith("misbehaved")), rec.log.toString());
  }
}
