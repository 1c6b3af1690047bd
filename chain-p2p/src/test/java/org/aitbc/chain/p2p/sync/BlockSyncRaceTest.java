package org.aitbc.chain.p2p.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.FakeChain;
import org.aitbc.chain.p2p.wire.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A follower that comes back behind an authority which goes on sealing and announcing while the follower
 * syncs: the authority's announcements and its answers share one ordered connection, so an announcement can
 * arrive while a "getblocks" is pending, before its answer. Whatever the interleaving, the follower must end
 * at the authority's head (the soak once saw it stop 33 blocks behind with the connection up).
 */
class BlockSyncRaceTest {
  private static final long PEER = 7;

  /** The authority: it reads requests and writes answers and announcements in order, as over TCP. */
  private static final class Authority implements BlockSync.Actions {
    final FakeChain chain = new FakeChain("c");
    final ArrayDeque<Runnable> toAuthority = new ArrayDeque<>();
    final ArrayDeque<Runnable> toFollower = new ArrayDeque<>();
    final List<String> trouble = new ArrayList<>();
    int getblocks;
    int getdata;
    int fetched;
    BlockSync follower;

    void seal(int n) {
      for (int i = 0; i < n; i++) {
        chain.extend(1, "s");
        Bytes h = chain.bestHash();
        toFollower.add(() -> follower.blockInv(PEER, List.of(h), 0));
      }
    }

    @Override
    public void requestInventory(long peer, List<Bytes> locator) {
      getblocks++;
      toAuthority.add(() -> {
        List<Bytes> inv = chain.hashesAfter(locator, Bytes.wrap(new byte[32]), 500);
        toFollower.add(() -> follower.blockInv(PEER, inv, 0));
      });
    }

    @Override
    public void requestBlocks(long peer, List<Bytes> hashes) {
      getdata++;
      fetched += hashes.size();
      toAuthority.add(() -> {
        for (Bytes h : hashes) {
          byte[] json = chain.blockJson(h).orElseThrow();
          toFollower.add(() -> follower.block(PEER, json, 0));
        }
      });
    }

    String asked() {
      return getblocks + " getblocks, " + getdata + " getdata, head " + chain.bestHeight();
    }

    @Override
    public void misbehaved(long peer, Violation v, String detail) {
      trouble.add("misbehaved " + v + " " + detail);
    }

    @Override
    public void stalled(long peer, String detail) {
      trouble.add("stalled " + detail);
    }

    @Override
    public void imported(Bytes hash, long height, long fromPeer) {}
  }

  /** Seeds 1..12 for a follower 33 blocks behind (one inventory batch) and for one 1,234 behind (three). */
  static Stream<Arguments> cases() {
    return Stream.of(33, 1_234).flatMap(behind -> LongStream.rangeClosed(1, 12).mapToObj(seed -> Arguments.of(seed, behind)));
  }

  @ParameterizedTest(name = "seed {0}, {1} behind")
  @MethodSource("cases")
  void aFollowerBehindAnAuthorityThatGoesOnSealingReachesItsHead(long seed, int behind) {
    Random random = new Random(seed);
    Authority a = new Authority();
    FakeChain local = new FakeChain("c");
    for (byte[] b : a.chain.extend(600, "b")) local.offerBlock(b);
    a.seal(behind); // sealed while the follower was down: nobody heard these announcements
    a.toFollower.clear();
    a.follower = new BlockSync(local, a, new BlockSync.Config(500, 32, 15_000, 5_000));
    a.follower.peerReady(PEER, a.chain.bestHeight(), 0);
    for (int step = 0; step < 2_000; step++) {
      int r = random.nextInt(10);
      if (r < 2) a.seal(1);
      else if (r < 6 && !a.toAuthority.isEmpty()) a.toAuthority.poll().run();
      else if (!a.toFollower.isEmpty()) a.toFollower.poll().run();
    }
    a.follower.tick(0); // the periodic check, as the network runs it every second
    for (int messages = 0; !a.toAuthority.isEmpty() || !a.toFollower.isEmpty(); messages++) {
      if (messages > 100_000) fail("sync never settles: " + a.follower.status() + ", " + a.asked());
      if (!a.toAuthority.isEmpty()) a.toAuthority.poll().run();
      else a.toFollower.poll().run();
      if (a.toAuthority.isEmpty() && a.toFollower.isEmpty()) a.follower.tick(0);
    }
    assertEquals(List.of(), a.trouble);
    assertEquals(a.chain.bestHeight(), local.bestHeight(), "the follower stopped behind: " + a.follower.status());
    assertEquals(behind / 500 + 1, a.getblocks, "one getblocks per batch, then announcements: " + a.asked());
    assertEquals(a.chain.bestHeight() - 600, a.fetched, "each block fetched once: " + a.asked());
  }
}
