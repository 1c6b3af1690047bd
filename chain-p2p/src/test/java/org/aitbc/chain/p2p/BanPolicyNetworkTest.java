package org.aitbc.chain.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Random;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.P2pNetworkTest.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bitcoin Core's policy between real nodes on 127.0.0.1 (loopback not exempt here, as if it were one NAT
 * address): garbage discourages the address but honest nodes behind it still connect; an invalid transaction
 * relayed by a node that completed its handshake bans that node id, and the ban outlives a restart until lifted.
 */
class BanPolicyNetworkTest {
  final P2pNetworkTest nodes = new P2pNetworkTest();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    nodes.closeAll();
  }

  @Test
  void garbageDiscouragesTheAddressButAnHonestNodeBehindItStillConnects() throws Exception {
    Node a = nodes.start();
    try (Socket garbage = new Socket()) {
      garbage.connect(new InetSocketAddress("127.0.0.1", a.net().listenPort()), 5_000);
      garbage.setSoTimeout(10_000);
      byte[] junk = new byte[64];
      new Random(3).nextBytes(junk);
      garbage.getOutputStream().write(junk);
      assertTrue(P2pNetworkTest.closedByPeer(garbage.getInputStream()), "the garbage sender is disconnected");
    }
    P2pNetworkTest.await("a discouraged the address",
        () -> a.net().isDiscouraged("127.0.0.1") && a.net().metrics().discouragements() == 1);
    assertFalse(a.net().isBanned("127.0.0.1"), "the address is not banned");
    Node honest = nodes.start(a);
    P2pNetworkTest.await("an honest node from the same address connects", () -> honest.connectedTo(a) && a.connectedTo(honest));
    P2pMetrics m = a.net().metrics();
    assertEquals(0, m.bans());
    assertEquals(1, m.discouragements());
  }

  @Test
  void anInvalidTxRelayedAfterTheHandshakeBansTheNodeIdAcrossARestartUntilLifted() throws Exception {
    P2pConfig aConfig = nodes.config().dataDir(dir.resolve("a")).build();
    Node a = nodes.start(new FakeChain("ait-test"), aConfig);
    Node liar = nodes.start(a);
    P2pNetworkTest.await("the liar is connected", () -> a.connectedTo(liar));
    Bytes bad = liar.chain().submitTx(FakeChain.tx("INVALID signature"));
    liar.net().announceTx(bad);
    // The ban list and the counter are updated one after the other on a's event loop: wait for both.
    P2pNetworkTest.await("a banned the liar's node id",
        () -> a.net().isNodeBanned(liar.net().nodeId()) && a.net().metrics().bans() == 1);
    assertFalse(a.chain().hasTx(bad));
    assertFalse(a.net().isBanned("127.0.0.1"), "its address is only discouraged, never banned");
    assertEquals(1, a.net().metrics().bans());
    // The liar dials a again (a is its seed) and is closed right after each handshake: it must back off
    // (50 ms, 100 ms, 200 ms, ... 1 s here), not redial in a loop. Between the first and the fourth refusal
    // that follow, the waits are at least 100 + 200 + 400 ms; a loop would take a few milliseconds.
    long refusedBefore = a.net().metrics().refusedConnections();
    P2pNetworkTest.await("a refused the banned node's redial", () -> a.net().metrics().refusedConnections() >= refusedBefore + 1);
    long first = System.nanoTime();
    P2pNetworkTest.await("a refused three more redials", () -> a.net().metrics().refusedConnections() >= refusedBefore + 4);
    long ms = (System.nanoTime() - first) / 1_000_000;
    assertTrue(ms >= 300, "a banned node redials with backoff, not in a loop: 3 redials in " + ms + " ms");
    Node honest = nodes.start(a);
    P2pNetworkTest.await("an honest node on the liar's address connects", () -> a.connectedTo(honest));

    a.net().close();
    Node restarted = nodes.start(new FakeChain("ait-test"), aConfig.toBuilder().listen("127.0.0.1", a.net().listenPort()).build());
    assertTrue(restarted.net().isNodeBanned(liar.net().nodeId()), "the ban outlived the restart");
    P2pNetworkTest.await("the honest node reconnects", () -> restarted.connectedTo(honest));
    assertFalse(restarted.connectedTo(liar), "the banned node is refused after its handshake");
    liar.chain().forgetTx(bad); // else it relays it again on reconnecting and is banned again, rightly
    String prefix = liar.net().nodeId().hex().substring(0, 10);
    assertEquals(1, restarted.net().liftBans(prefix).size());
    P2pNetworkTest.await("the lifted node reconnects", () -> restarted.connectedTo(liar));
  }
}
