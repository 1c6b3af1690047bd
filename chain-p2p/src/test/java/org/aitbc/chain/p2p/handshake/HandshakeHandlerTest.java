package org.aitbc.chain.p2p.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.TestData;
import org.aitbc.chain.p2p.message.MessageCodec;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.aitbc.chain.p2p.message.RejectCode;
import org.aitbc.chain.p2p.pipeline.PeerPipeline;
import org.aitbc.chain.p2p.pipeline.PeerStats;
import org.aitbc.chain.p2p.message.MessageCodecHandler;
import org.aitbc.chain.p2p.wire.FrameDecoder;
import org.aitbc.chain.p2p.wire.FrameEncoder;
import org.aitbc.chain.p2p.wire.Violation;
import org.aitbc.chain.p2p.wire.WireFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole per-connection pipeline on EmbeddedChannels, two of them wired back to back. */
class HandshakeHandlerTest {
  static final long TIMEOUT = 10_000;

  /** One side: its channel, what reached the application, what violations it reported. */
  static final class Side {
    final EmbeddedChannel ch = new EmbeddedChannel();
    final List<Object> app = new ArrayList<>();
    final TestData.Violations violations = new TestData.Violations();
    final PeerStats stats = new PeerStats();

    Side(int key, Bytes genesis, String chainId, long nonce) {
      ch.freezeTime();
      PeerPipeline.Settings s = new PeerPipeline.Settings(WireFormat.magic(genesis), 1 << 20, TIMEOUT, 60_000, 20_000);
      Handshake hs = new Handshake(TestData.version(key, genesis, chainId, nonce), n -> n == nonce);
      PeerPipeline.install(ch.pipeline(), s, hs, stats, new PeerStats(), () -> 99, new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          app.add(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
          app.add(evt);
        }
      }, violations);
    }
  }

  final List<EmbeddedChannel> opened = new ArrayList<>();

  @AfterEach
  void release() {
    for (EmbeddedChannel c : opened) c.finishAndReleaseAll();
  }

  Side side(int key, Bytes genesis, String chainId, long nonce) {
    Side s = new Side(key, genesis, chainId, nonce);
    opened.add(s.ch);
    return s;
  }

  /** Moves bytes between the two channels until neither has anything left to say. */
  static void pump(Side a, Side b) {
    boolean moved = true;
    while (moved) {
      moved = move(a.ch, b.ch) | move(b.ch, a.ch);
    }
  }

  static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
    boolean moved = false;
    for (Object o; (o = from.readOutbound()) != null; ) {
      moved = true;
      if (to.isOpen()) to.writeInbound(o);
      else ((ByteBuf) o).release();
    }
    return moved;
  }

  @Test
  void twoPeersCompleteTheHandshakeAndThenExchangeMessages() {
    Side a = side(1, TestData.GENESIS_A, "ait-dev", 1);
    Side b = side(2, TestData.GENESIS_A, "ait-dev", 2);
    pump(a, b);
    HandshakeCompleted atA = assertInstanceOf(HandshakeCompleted.class, a.app.get(0));
    assertEquals(TestData.key(2).publicKey(), atA.peer().nodeId());
    assertInstanceOf(HandshakeCompleted.class, b.app.get(0));
    a.ch.writeAndFlush(new P2pMessage.GetAddr());
    pump(a, b);
    assertTrue(b.app.contains(new P2pMessage.GetAddr()), b.app.toString());
    assertTrue(a.ch.isOpen() && b.ch.isOpen());
    assertTrue(a.stats.bytesIn() > 0 && a.stats.bytesOut() > 0);
  }

  @Test
  void aPeerOfAnotherGenesisIsRefusedWithAReasonItCanRead() {
    Side a = side(1, TestData.GENESIS_A, "ait-dev", 1);
    Side b = side(2, TestData.GENESIS_B, "ait-dev", 2);
    ByteBuf bVersion = b.ch.readOutbound();
    move(a.ch, b.ch); // b reads a's version, refuses it and answers under a's magic
    assertEquals(List.of(Violation.WRONG_GENESIS), b.violations.seen);
    assertTrue(b.violations.details.get(0).contains(TestData.GENESIS_A.hex0x()), b.violations.details.toString());
    assertFalse(b.ch.isOpen());
    EmbeddedChannel reader = new EmbeddedChannel(new FrameDecoder(WireFormat.magic(TestData.GENESIS_A), 1 << 20, false),
        new MessageCodecHandler(new MessageCodec(WireFormat.magic(TestData.GENESIS_A))));
    opened.add(reader);
    reader.writeInbound(b.ch.<Object>readOutbound());
    P2pMessage.Reject reject = assertInstanceOf(P2pMessage.Reject.class, reader.readInbound());
    assertEquals(RejectCode.WRONG_GENESIS, reject.code());
    assertTrue(reject.detail().contains(TestData.GENESIS_A.hex0x()), reject.detail());
    // and a, reading b's version, refuses it too
    a.ch.writeInbound(bVersion);
    assertEquals(List.of(Violation.WRONG_GENESIS), a.violations.seen);
    assertFalse(a.app.stream().anyMatch(HandshakeCompleted.class::isInstance));
  }

  @Test
  void aForeignMagicOnAVersionThatNamesOurGenesisIsGarbage() {
    Side a = side(1, TestData.GENESIS_A, "ait-dev", 1);
    ReferenceCountUtil.release(a.ch.readOutbound()); // our version, not needed
    EmbeddedChannel enc = new EmbeddedChannel(new FrameEncoder(1 << 20));
    opened.add(enc);
    MessageCodec foreign = new MessageCodec(WireFormat.magic(TestData.GENESIS_B));
    enc.writeOutbound(foreign.encode(TestData.version(2, TestData.GENESIS_A, "ait-dev", 2)));
    a.ch.writeInbound(enc.<Object>readOutbound());
    assertEquals(List.of(Violation.BAD_MAGIC), a.violations.seen);
    assertFalse(a.ch.isOpen());
  }

  @Test
  void theHandshakeTimesOutWithFrozenTime() {
    Side a = side(1, TestData.GENESIS_A, "ait-dev", 1);
    a.ch.advanceTimeBy(TIMEOUT - 1, TimeUnit.MILLISECONDS);
    a.ch.runPendingTasks();
    assertTrue(a.ch.isOpen());
    a.ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    a.ch.runPendingTasks();
    assertEquals(List.of(Violation.HANDSHAKE_TIMEOUT), a.violations.seen);
    assertFalse(a.ch.isOpen());
  }

  @Test
  void aCompletedHandshakeDoesNotTimeOut() {
    Side a = side(1, TestData.GENESIS_A, "ait-dev", 1);
    Side b = side(2, TestData.GENESIS_A, "ait-dev", 2);
    pump(a, b);
    a.ch.advanceTimeBy(TIMEOUT * 2, TimeUnit.MILLISECONDS);
    a.ch.runPendingTasks();
    assertTrue(a.violations.seen.isEmpty());
  }

  @Test
  void aMessageBeforeTheHandshakeClosesTheConnectionAndIsNotDelivered() {
    Side a = side(1, TestData.GENESIS_A, "ait-dev", 1);
    Side b = side(2, TestData.GENESIS_A, "ait-dev", 2);
    ReferenceCountUtil.release(b.ch.readOutbound()); // drop b's version: a sees an inv first
    EmbeddedChannel enc = new EmbeddedChannel(new FrameEncoder(1 << 20));
    opened.add(enc);
    enc.writeOutbound(new MessageCodec(WireFormat.magic(TestData.GENESIS_A)).encode(new P2pMessage.Inv(List.of())));
    a.ch.writeInbound(enc.<Object>readOutbound());
    assertEquals(List.of(Violation.MESSAGE_BEFORE_HANDSHAKE), a.violations.seen);
    assertTrue(a.app.isEmpty());
    assertFalse(a.ch.isOpen());
  }

  @Test
  void connectingToOurselvesIsDetectedByTheNonce() {
    Side a = side(1, TestData.GENESIS_A, "ait-dev", 1);
    Side mirror = side(1, TestData.GENESIS_A, "ait-dev", 1);
    pump(a, mirror);
    assertEquals(List.of(Violation.SELF_CONNECTION), a.violations.seen);
    assertFalse(a.ch.isOpen());
  }
}
