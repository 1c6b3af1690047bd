package org.aitbc.chain.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.sync.BlockSync;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several real P2pNetwork instances on 127.0.0.1, each over an in-memory FakeChain. */
class P2pNetworkTest {
  // generous: the build machine is shared and the tests run with paranoid leak detection
  static final Duration WAIT = Duration.ofSeconds(90);

  record Node(FakeChain chain, P2pNetwork net) {
    HostPort address() {
      return new HostPort("127.0.0.1", net.listenPort());
    }

    boolean connectedTo(Node other) {
      return net.peers().stream().anyMatch(p -> p.nodeId().equals(other.net.nodeId()));
    }
  }

  final List<Node> nodes = new ArrayList<>();
  int keys = 10;

  @AfterEach
  void closeAll() {
    for (Node n : nodes) n.net.close();
  }

  P2pConfig.Builder config(Node... seeds) {
    List<HostPort> s = new ArrayList<>();
    for (Node n : seeds) s.add(n.address());
    return P2pConfig.builder().banLoopback(true).listen("127.0.0.1", 0).seeds(s).tickInterval(Duration.ofMillis(50))
        .reconnect(Duration.ofMillis(50), Duration.ofSeconds(1)).keepAlive(Duration.ofSeconds(5), Duration.ofSeconds(5))
        .ioThreads(1).sync(new BlockSync.Config(500, 32, 5_000, 5_000));
  }

  Node start(FakeChain chain, P2pConfig config) throws InterruptedException {
    return start(chain, config, Clock.systemUTC());
  }

  Node start(FakeChain chain, P2pConfig config, Clock clock) throws InterruptedException {
    P2pNetwork net = new P2pNetwork(config, chain, TestData.key(keys++), clock, new Random(keys));
    net.start();
    Node n = new Node(chain, net);
    nodes.add(n);
    return n;
  }

  Node start(Node... seeds) throws InterruptedException {
    return start(new FakeChain("ait-test"), config(seeds).build());
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
      Thread.sleep(10);
    }
  }

  @Test
  void twoNodesShakeHandsAndListEachOtherAsPeers() throws Exception {
    FakeChain chainA = new FakeChain("ait-test");
    chainA.extend(3, "a");
    Node a = start(chainA, config().build());
    Node b = start(a);
    await("a and b are connected", () -> a.connectedTo(b) && b.connectedTo(a));
    PeerInfo atB = b.net.peers().get(0);
    assertEquals(Direction.OUTBOUND, atB.direction());
    assertEquals(1, atB.protocolVersion());
    assertEquals("aitbc-java/0.1", atB.userAgent());
    assertEquals(3, atB.bestHeight());
    assertEquals(a.address().toString(), atB.listenAddress());
    assertEquals(Direction.INBOUND, a.net.peers().get(0).direction());
    await("a ping was measured", () -> b.net.peers().get(0).pingMs() >= 0);
    assertTrue(atB.bytesIn() > 0 && atB.bytesOut() > 0);
    assertEquals(1, a.net.metrics().peers());
    assertTrue(a.net.metrics().bytesIn() > 0);
  }

  @Test
  void aTxAnnouncedAtOneNodeReachesTheOthersOnceAndNeverEchoesBack() throws Exception {
    Node a = start();
    Node b = start(a);
    Node c = start(b);
    // both ends must see the connection: a tx announced earlier is not replayed to a later peer
    await("a-b and b-c are connected both ways",
        () -> c.connectedTo(b) && b.connectedTo(c) && b.connectedTo(a) && a.connectedTo(b));
    Bytes h1 = b.chain.submitTx(FakeChain.tx("hello from b"));
    b.net.announceTx(h1);
    await("a and c have the tx", () -> a.chain.hasTx(h1) && c.chain.hasTx(h1));
    // a second tx the other way round flushes anything still in flight
    Bytes h2 = c.chain.submitTx(FakeChain.tx("hello from c"));
    c.net.announceTx(h2);
    await("a and b have the second tx", () -> a.chain.hasTx(h2) && b.chain.hasTx(h2));
    assertEquals(1, a.chain.txOffers(h1));
    assertEquals(1, c.chain.txOffers(h1));
    assertEquals(0, b.chain.txOffers(h1), "the origin never gets its tx back");
    assertEquals(0, c.chain.txOffers(h2), "the origin never gets its tx back");
    assertEquals(1, b.chain.txOffers(h2));
  }

  @Test
  void aTxAcceptedBeforeAnyPeerConnectedIsAnnouncedToThePeerThatConnectsLater() throws Exception {
    Node a = start();
    Bytes h = a.chain.submitTx(FakeChain.tx("posted while alone"));
    a.net.announceTx(h); // what the node does on acceptance: nobody to tell yet
    Node b = start(a);
    await("b has the tx", () -> b.chain.hasTx(h));
    Node c = start(b);
    await("c has it too, from b", () -> c.chain.hasTx(h));
    assertEquals(1, b.chain.txOffers(h));
    assertEquals(1, c.chain.txOffers(h));
    assertEquals(0, a.chain.txOffers(h), "the origin never gets its tx back");
  }

  @Test
  void manyPendingTxsAreAnnouncedInSeveralInvMessagesThatFitTheFrameLimit() throws Exception {
    FakeChain chainA = new FakeChain("ait-test");
    List<Bytes> hashes = new ArrayList<>();
    for (int i = 0; i < 300; i++) hashes.add(chainA.submitTx(FakeChain.tx("pending " + i)));
    Node a = start(chainA, config().maxFrameLength(1024).build());
    assertTrue(a.net.invItemsPerMessage() < 100, "the test needs several messages: " + a.net.invItemsPerMessage());
    Node b = start(new FakeChain("ait-test"), config(a).maxFrameLength(1024).build());
    await("b has all 300 txs", () -> hashes.stream().allMatch(b.chain::hasTx));
    // an oversized frame would have cost the sender a ban (benign closes, e.g. of a self-connection, do not)
    assertEquals(0, a.net.metrics().bans());
    assertEquals(0, b.net.metrics().bans());
    assertTrue(b.connectedTo(a));
  }

  @Test
  void aBlockAddedWhileAPeerWasShakingHandsIsAnnouncedToItWhenTheHandshakeCompletes() throws Exception {
    // No ticks: a's tip in its version message is the height when it started (0) and nothing is announced.
    Node a = start(new FakeChain("ait-test"), config().tickInterval(Duration.ofHours(1)).build());
    a.chain.extend(5, "late");
    Node b = start(a);
    await("b syncs the 5 blocks", () -> b.chain.bestHeight() == 5);
    assertEquals(a.chain.bestHash(), b.chain.bestHash());
  }

  @Test
  void aFollowerCatchesUpOnTwoThousandBlocksAndThenFollowsNewOnes() throws Exception {
    Node a = start();
    a.chain.extend(2000, "blk");
    Node b = start(a);
    Node c = start(a, b);
    await("b and c reach height 2000", () -> b.chain.bestHeight() == 2000 && c.chain.bestHeight() == 2000);
    assertEquals(a.chain.bestHash(), b.chain.bestHash());
    assertEquals(a.chain.bestHash(), c.chain.bestHash());
    await("sync status settles", () -> !b.net.syncStatus().syncing() && b.net.syncStatus().blocksImported() == 2000);
    a.chain.extend(1, "new");
    a.net.announceBlock(a.chain.bestHash());
    await("the new block reaches b and c", () -> b.chain.bestHeight() == 2001 && c.chain.bestHeight() == 2001);
    assertEquals(a.chain.bestHash(), c.chain.bestHash());
  }

  @Test
  void aPeerSendingGarbageIsDisconnectedAndItsAddressDiscouragedWhileTheOthersGoOn() throws Exception {
    Node a = start();
    Node b = start(a);
    Node c = start(a);
    await("b and c are connected to a", () -> a.net.peers().size() == 2 && b.connectedTo(a) && c.connectedTo(a));
    try (Socket garbage = new Socket()) {
      garbage.connect(new InetSocketAddress("127.0.0.1", a.net.listenPort()), 5_000);
      garbage.setSoTimeout(10_000);
      byte[] junk = new byte[64];
      new Random(3).nextBytes(junk);
      garbage.getOutputStream().write(junk);
      garbage.getOutputStream().flush();
      assertTrue(closedByPeer(garbage.getInputStream()), "the garbage sender is disconnected");
    }
    await("a discouraged the sender's address", () -> a.net.metrics().discouragements() == 1 && a.net.isDiscouraged("127.0.0.1"));
    assertEquals(0, a.net.metrics().bans(), "garbage bans nobody");
    assertEquals(2, a.net.peers().size(), "the honest peers stay connected");
    Bytes h = b.chain.submitTx(FakeChain.tx("still working"));
    b.net.announceTx(h);
    await("the tx still spreads", () -> a.chain.hasTx(h) && c.chain.hasTx(h));
  }

  /** Reads until the other side closes; true on end of stream or reset, false if it stays open. */
  static boolean closedByPeer(InputStream in) throws IOException {
    byte[] buf = new byte[4096];
    try {
      while (true) {
        if (in.read(buf) < 0) return true;
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Test
  void aNodeThatKnowsOnlyBLearnsAboutAThroughAddressGossip() throws Exception {
    Node a = start();
    Node b = start(a);
    Node c = start(b);
    await("c connects to a, whose address it learned from b", () -> c.connectedTo(a) && a.connectedTo(c));
    assertTrue(c.net.knownAddresses() >= 1);
  }

  @Test
  void aPeerOfAnotherGenesisIsRefused() throws Exception {
    Node a = start();
    Node other = start(new FakeChain("another-chain"), config(a).build());
    await("a refused the other chain", () -> a.net.metrics().violations() >= 1);
    assertTrue(a.net.peers().isEmpty());
    assertTrue(other.net.peers().isEmpty());
  }

  @Test
  void theInboundLimitIsEnforced() throws Exception {
    Node a = start(new FakeChain("ait-test"), config().limits(1, 8).build());
    Node b = start(a);
    await("b is connected", () -> a.net.peers().size() == 1);
    Node c = start(a);
    await("a refused c", () -> a.net.metrics().refusedConnections() >= 1);
    assertEquals(1, a.net.peers().size());
    assertTrue(b.connectedTo(a));
    assertTrue(!c.connectedTo(a));
  }

  @Test
  void aSeedThatGoesAwayIsReconnectedWhenItComesBack() throws Exception {
    Node a = start();
    int port = a.net.listenPort();
    Node b = start(a);
    await("b is connected to a", () -> b.connectedTo(a));
    a.net.close();
    await("b noticed", () -> b.net.peers().isEmpty());
    Node a2 = start(a.chain, config().listen("127.0.0.1", port).build());
    await("b reconnected to the restarted seed", () -> b.connectedTo(a2));
  }
}
