package org.aitbc.chain.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.wire.ForeignProtocol;
import org.aitbc.chain.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real nodes in one JVM on 127.0.0.1 (see {@link Cluster}). */
class ClusterTest {
  static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void anAuthorityAndThreeFollowersConvergeOnTheSameBlocksAndState() throws Exception {
    try (Cluster c = Cluster.withAuthority().followers(3).blockTimeMs(200).start(tmp)) {
      for (int i = 0; i < 30; i++) assertEquals(200, c.authority().node().api().submit(c.transfer(1 + i % 3, "m" + i)).status());
      Await.until("30 txs sealed", CONVERGE, () -> c.authority().node().mempool().size() == 0);
      long h = c.awaitConverged(CONVERGE);
      assertTrue(h >= 1, "nothing was sealed");
      List<Block> reference = Cluster.chainOf(c.authority());
      for (ClusterNode f : c.followers()) {
        assertEquals(hashes(reference), hashes(Cluster.chainOf(f)), f.name() + "'s chain");
        assertEquals(c.authority().node().store().stateRoot(), f.node().store().stateRoot(), f.name() + "'s state root");
        for (int a = 1; a <= 3; a++) {
          String addr = Cluster.account(a).address();
          assertEquals(c.authority().node().store().account(addr), f.node().store().account(addr), f.name() + " account " + a);
        }
        assertTrue(f.peerIds().contains(c.authority().nodeId()), f.name() + " is connected to the authority");
      }
      assertEquals(Set.of(c.follower(1).nodeId(), c.follower(2).nodeId(), c.follower(3).nodeId()), c.authority().peerIds(),
          "the authority has its three followers");
    }
  }

  @Test
  void aFollowerThatOnlyKnowsAnotherFollowerConvergesAndFindsTheAuthorityThroughAddressGossip() throws Exception {
    try (Cluster c = Cluster.withAuthority().followers(3).topology(Cluster.Topology.LINE).start(tmp)) {
      ClusterNode last = c.follower(3);
      Await.until("f3 to connect to the authority it never was told about", CONVERGE,
          () -> last.peerIds().contains(c.authority().nodeId()));
      HttpResponse<String> r = last.http("POST", "/rpc/transaction", c.transfer(2, "via f3").compactJson());
      assertEquals(200, r.statusCode(), r.body());
      Await.until("the tx posted to f3 to be sealed", CONVERGE, () -> c.authority().height() >= 1);
      c.awaitConverged(CONVERGE);
    }
  }

  @Test
  void aFollowerThatJoinsTwoThousandBlocksLateCatchesUp() throws Exception {
    try (Cluster c = Cluster.withAuthority().followers(1).blockTimeMs(200).start(tmp)) {
      c.sealBlocks(2_000, 1);
      long top = c.authority().height();
      assertTrue(top >= 2_000, "sealed " + top);
      ClusterNode late = c.addFollower(c.follower(1)); // knows only the follower that was there all along
      Await.until("the late follower to reach height " + top + " (" + c.heads() + ")", CONVERGE, () -> late.height() >= top);
      c.awaitConverged(CONVERGE);
      assertTrue(late.node().engine().stats().blocksImported.get() >= top, "every block went through the engine's import");
      assertEquals(hashes(Cluster.chainOf(c.authority())), hashes(Cluster.chainOf(late)));
    }
  }

  @Test
  void aFollowerStoppedAndRestartedOnItsDataDirectoryConverges() throws Exception {
    try (Cluster c = Cluster.withAuthority().followers(2).blockTimeMs(200).start(tmp)) {
      c.sealBlocks(20, 1);
      c.awaitConverged(CONVERGE);
      ClusterNode f1 = c.follower(1);
      long before = f1.height();
      f1.stop();
      c.sealBlocks(100, 2);
      for (int i = 0; i < 10; i++) c.authority().node().api().submit(c.transfer(3, "while f1 is down " + i));
      f1.start();
      assertTrue(f1.height() >= before, "the restarted follower went back from " + before + " to " + f1.height());
      Await.until("f1 to pass the blocks sealed while it was down (" + c.heads() + ")", CONVERGE,
          () -> f1.height() >= before + 100);
      Await.until("the authority's pool to drain", CONVERGE, () -> c.authority().node().mempool().size() == 0);
      c.awaitConverged(CONVERGE);
    }
  }

  @Test
  void anHttpClientAndAGarbageSenderAreDroppedWhileTheOthersGoOn() throws Exception {
    try (Cluster c = Cluster.withAuthority().followers(2).blockTimeMs(200).start(tmp)) {
      ClusterNode auth = c.authority();
      Set<Bytes> followers = Set.of(c.follower(1).nodeId(), c.follower(2).nodeId());
      Await.until("both followers connected", CONVERGE, () -> auth.peerIds().equals(followers));
      int port = auth.node().p2pPort();
      // Another protocol: answered with a 400 line, closed, counted, never scored or banned.
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(20_000);
        OutputStream out = s.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: not-a-peer\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request"), reply);
      }
      assertEquals(1, auth.node().p2p().metrics().foreign().byProtocol().get(ForeignProtocol.HTTP));
      // Garbage in our framing: scored as before; loopback is exempt from host bans, and nothing else was banned.
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(20_000);
        byte[] junk = new byte[64];
        new Random(3).nextBytes(junk);
        s.getOutputStream().write(junk);
        s.getOutputStream().flush();
        assertTrue(closedByPeer(s.getInputStream()), "the node answered garbage instead of closing");
      }
      Await.until("the exempt ban to be counted", CONVERGE, () -> auth.node().p2p().metrics().banExemptions() == 1);
      assertEquals(0, auth.node().p2p().metrics().bans());
      assertFalse(auth.node().p2p().isBanned("127.0.0.1"));
      // The followers' connections are untouched: txs posted to them are relayed, sealed and imported.
      long h = auth.height();
      for (int i = 1; i <= 2; i++) {
        HttpResponse<String> r = c.follower(i).http("POST", "/rpc/transaction", c.transfer(i, "after the garbage").compactJson());
        assertEquals(200, r.statusCode(), r.body());
      }
      Await.until("the authority to seal both txs", CONVERGE,
          () -> auth.height() > h && auth.node().mempool().size() == 0);
      c.awaitConverged(CONVERGE);
      assertEquals(followers, auth.peerIds(), "the honest followers are still connected");
    }
  }

  @Test
  void aTxPostedToAFollowerWithoutPeersIsSealedOnceTheAuthorityConnectsToIt() throws Exception {
    try (Cluster c = Cluster.withAuthority().blockTimeMs(200).start(tmp)) {
      ClusterNode lonely = c.addFollower(); // no --peer
      Transaction tx = c.transfer(1, "posted while alone");
      post(lonely, tx);
      assertTrue(lonely.peers().isEmpty(), "nobody to tell yet");
      c.authority().node().p2p().addSeed(org.aitbc.chain.p2p.HostPort.parse(lonely.p2pAddress()).orElseThrow());
      Await.until("the authority to seal the tx it was never sent", CONVERGE,
          () -> c.authority().node().store().containsTransaction(tx.hash()));
      Await.until("the follower to import the block with it", CONVERGE,
          () -> lonely.node().store().containsTransaction(tx.hash()));
      assertEquals(0, lonely.node().mempool().size());
    }
  }

  @Test
  void transactionsPostedToEveryFollowerAreSealedExactlyOnce() throws Exception {
    try (Cluster c = Cluster.withAuthority().followers(3).blockTimeMs(200).start(tmp)) {
      Await.until("every follower connected", CONVERGE, () -> c.authority().peerIds().size() == 3);
      Set<Bytes> expected = new LinkedHashSet<>();
      List<Transaction> shared = new ArrayList<>();
      for (int i = 0; i < 10; i++) shared.add(c.transfer(4, "to everyone " + i));
      for (int round = 0; round < 10; round++) {
        for (int f = 1; f <= 3; f++) {
          Transaction own = c.transfer(f, "f" + f + " round " + round);
          post(c.follower(f), own);
          expected.add(own.hash());
          Transaction s = shared.get(round);
          post(c.follower(f), s); // the same tx to every follower
          expected.add(s.hash());
        }
      }
      Await.until("all " + expected.size() + " txs on the authority's chain", CONVERGE,
          () -> expected.stream().allMatch(h -> c.authority().node().store().containsTransaction(h)));
      c.awaitConverged(CONVERGE);
      Map<Bytes, Integer> seen = new HashMap<>();
      for (Block b : Cluster.chainOf(c.authority())) {
        for (Transaction t : b.transactions()) seen.merge(t.hash(), 1, Integer::sum);
      }
      for (Bytes h : expected) assertEquals(1, seen.get(h), "tx " + h + " sealed once");
      assertEquals(expected.size(), seen.size(), "nothing else was sealed");
      for (ClusterNode f : c.followers()) assertEquals(0, f.node().mempool().size(), f.name() + "'s pool is empty");
      assertEquals(Cluster.FUNDS - 10 * 2, c.authority().node().store().account(Cluster.account(4).address()).balance()
          , "account 4 paid 10 x (amount 1 + fee 1)");
    }
  }

  private static void post(ClusterNode n, Transaction tx) throws Exception {
    HttpResponse<String> r = n.http("POST", "/rpc/transaction", tx.compactJson());
    assertEquals(200, r.statusCode(), () -> n.name() + ": " + r.body());
  }

  /** True when the other side closes the connection (EOF or reset) before the socket's read timeout. */
  private static boolean closedByPeer(InputStream in) throws Exception {
    try {
      byte[] buf = new byte[4096];
      while (in.read(buf) != -1) {
        // what it sent before closing (its own "version") does not matter
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // connection reset
    }
  }

  private static List<Bytes> hashes(List<Block> chain) {
    return chain.stream().map(Block::hash).toList();
  }
}
