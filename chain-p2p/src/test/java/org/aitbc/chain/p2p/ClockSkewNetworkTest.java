package org.aitbc.chain.p2p;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import org.aitbc.chain.p2p.P2pNetworkTest.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real nodes on 127.0.0.1 whose clocks (injected) differ: each compares the time in its peers' version messages
 * with its own and warns when the median is more than 2 s off; nobody's clock is changed.
 */
class ClockSkewNetworkTest {
  final P2pNetworkTest nodes = new P2pNetworkTest();

  @AfterEach
  void stop() {
    nodes.closeAll();
  }

  private Node startWithClock(Clock clock, Node... seeds) throws InterruptedException {
    return nodes.start(new FakeChain("ait-test"), nodes.config(seeds).build(), clock);
  }

  @Test
  void aNodeFiveSecondsBehindItsThreePeersSaysSoAndThePeersSeeItAhead() throws Exception {
    Clock slow = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-5));
    Node a = startWithClock(slow);
    Node b = nodes.start(a);
    Node c = nodes.start(a);
    Node d = nodes.start(a);
    P2pNetworkTest.await("a has three peers", () -> a.net().peers().size() == 3);
    P2pNetworkTest.await("a sampled all three", () -> a.net().clockOffsetMs().isPresent() && a.net().clockWarning());
    long offset = a.net().clockOffsetMs().getAsLong();
    assertTrue(offset > 4_000 && offset < 6_000, "the peers are ~5 s ahead of a: " + offset + " ms");
    for (Node n : new Node[] {b, c, d}) {
      P2pNetworkTest.await("a peer sampled a", () -> n.net().clockOffsetMs().isPresent());
      long seen = n.net().clockOffsetMs().getAsLong();
      assertTrue(seen < -4_000 && seen > -6_000, "a is ~5 s behind its peer: " + seen + " ms");
      assertTrue(n.net().clockWarning(), "its only peer is 5 s off: warned");
    }
  }

  @Test
  void oneFarOffPeerAmongThreeDoesNotMoveTheMedian() throws Exception {
    // Two peers 10 s ahead and one 1 h ahead: the median is the 10 s (a first handshake in a fresh JVM may lag
    // by up to a second of class loading, hence the margins).
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10));
    Node a = nodes.start();
    Node b = startWithClock(ahead, a);
    Node c = startWithClock(ahead, a);
    P2pNetworkTest.await("a has two peers", () -> a.net().peers().size() == 2 && b.connectedTo(a) && c.connectedTo(a));
    Node far = startWithClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), a);
    P2pNetworkTest.await("a sampled the far-off peer too", () -> a.connectedTo(far) && a.net().peers().size() == 3);
    long median = a.net().clockOffsetMs().getAsLong();
    assertTrue(median > 8_000 && median < 12_000, "median of +10 s, +10 s, +1 h: " + median + " ms");
    assertTrue(a.net().clockWarning());
  }
}
