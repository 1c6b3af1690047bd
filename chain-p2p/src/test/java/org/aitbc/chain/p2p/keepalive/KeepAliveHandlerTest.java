package org.aitbc.chain.p2p.keepalive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aitbc.chain.p2p.TestData;
import org.aitbc.chain.p2p.handshake.HandshakeCompleted;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.aitbc.chain.p2p.pipeline.PeerStats;
import org.aitbc.chain.p2p.pipeline.ViolationHandler;
import org.aitbc.chain.p2p.wire.Violation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeepAliveHandlerTest {
  static final long INTERVAL = 30_000;
  static final long PONG_TIMEOUT = 20_000;

  final TestData.Violations violations = new TestData.Violations();
  final PeerStats stats = new PeerStats();
  final AtomicLong nonces = new AtomicLong(100);
  EmbeddedChannel ch;

  @BeforeEach
  void setUp() {
    ch = new EmbeddedChannel();
    ch.freezeTime();
    ch.pipeline().addLast(KeepAliveHandler.idleDetector(INTERVAL),
        new KeepAliveHandler(INTERVAL, PONG_TIMEOUT, stats, nonces::incrementAndGet), new ViolationHandler(violations));
  }

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
  }

  void ready() {
    ch.pipeline().fireUserEventTriggered(new HandshakeCompleted(TestData.version(2, TestData.GENESIS_A, "c", 2)));
  }

  void advance(long ms) {
    ch.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
    ch.runPendingTasks();
  }

  @Test
  void nothingIsPingedBeforeTheHandshake() {
    advance(INTERVAL * 3);
    assertNull(ch.readOutbound());
    assertTrue(ch.isOpen());
  }

  @Test
  void aPingGoesOutAtOnceAndItsPongGivesTheRoundTrip() {
    ready();
    assertEquals(new P2pMessage.Ping(101), ch.readOutbound());
    advance(42);
    ch.writeInbound(new P2pMessage.Pong(101));
    assertEquals(42_000, stats.pingMicros());
    assertNull(ch.readInbound(), "pongs are consumed");
    advance(PONG_TIMEOUT * 2);
    assertTrue(ch.isOpen());
  }

  @Test
  void aSilentPeerIsPingedAgainAfterTheInterval() {
    ready();
    ch.readOutbound();
    ch.writeInbound(new P2pMessage.Pong(101));
    advance(INTERVAL);
    assertEquals(new P2pMessage.Ping(102), ch.readOutbound());
  }

  @Test
  void aMissingPongDropsThePeerAfterTheTimeout() {
    ready();
    ch.readOutbound();
    advance(PONG_TIMEOUT - 1);
    assertTrue(ch.isOpen());
    advance(1);
    assertFalse(ch.isOpen());
    assertEquals(List.of(Violation.PING_TIMEOUT), violations.seen);
  }

  @Test
  void aPongWithAnotherNonceDoesNotCount() {
    ready();
    ch.readOutbound();
    ch.writeInbound(new P2pMessage.Pong(7));
    advance(PONG_TIMEOUT);
    assertFalse(ch.isOpen());
  }

  @Test
  void thePeersPingIsAnsweredWithItsNonce() {
    ch.writeInbound(new P2pMessage.Ping(-5));
    assertEquals(new P2pMessage.Pong(-5), ch.readOutbound());
    assertNull(ch.readInbound());
  }

  @Test
  void otherMessagesPassThrough() {
    ready();
    ch.writeInbound(new P2pMessage.GetAddr());
    assertEquals(new P2pMessage.GetAddr(), ch.readInbound());
  }
}
