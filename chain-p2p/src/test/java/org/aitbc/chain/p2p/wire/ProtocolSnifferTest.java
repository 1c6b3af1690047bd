package org.aitbc.chain.p2p.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.TestData;
import org.aitbc.chain.p2p.pipeline.ViolationHandler;
import org.junit.jupiter.api.Test;

class ProtocolSnifferTest {
  static final int MAGIC = WireFormat.magic(TestData.GENESIS_A);
  static final String AITBC_HANDSHAKE = "{\"type\":\"handshake\",\"node_id\":\"aitbc-node-1\",\"chain_id\":\"ait-devnet\"}\n";
  static final byte[] CLIENT_HELLO = {0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01, 0x00, 0x00, (byte) 0xc4, 0x03, 0x03};

  final List<ForeignProtocol> foreign = new ArrayList<>();
  final List<byte[]> passedOn = new ArrayList<>();
  final TestData.Violations violations = new TestData.Violations();

  static ProtocolSniffer.Verdict classify(byte[] b) {
    ByteBuf buf = Unpooled.wrappedBuffer(b);
    ProtocolSniffer.Verdict v = ProtocolSniffer.classify(buf, MAGIC);
    assertEquals(b.length, buf.readableBytes(), "classify reads nothing");
    return v;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static ProtocolSniffer.Verdict foreign(ForeignProtocol p) {
    return new ProtocolSniffer.Verdict(true, p);
  }

  /**
   * Sniffer, then (once ours) a handler that records the bytes handed on, then the violation tail. The channel's
   * clock is frozen before the sniffer starts its timer, so only {@code advanceTimeBy} moves it.
   */
  EmbeddedChannel channel() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    ch.pipeline().addLast(new ProtocolSniffer(MAGIC, 1_000, (c, p) -> foreign.add(p),
        pipeline -> pipeline.addBefore("tail", "rest", new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            b.release();
            passedOn.add(out);
          }
        })), new ViolationHandler(violations));
    ch.pipeline().addLast("tail", new ChannelInboundHandlerAdapter());
    return ch;
  }

  static String written(EmbeddedChannel ch) {
    StringBuilder sb = new StringBuilder();
    for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
      sb.append(b.toString(StandardCharsets.US_ASCII));
      b.release();
    }
    return sb.toString();
  }

  @Test
  void ourFramesAndAnotherNetworksVersionAreOurs() {
    byte[] verack = FrameDecoderTest.encode(FrameDecoderTest.frame(Command.VERACK, ""));
    assertEquals(ProtocolSniffer.Verdict.OURS, classify(verack));
    assertEquals(ProtocolSniffer.Verdict.OURS, classify(java.util.Arrays.copyOf(verack, 4)));
    for (int n = 1; n < 4; n++) assertEquals(ProtocolSniffer.Verdict.WAIT, classify(java.util.Arrays.copyOf(verack, n)));
    // a version frame whose magic happens to read '{"ty' is a peer of another network, left to the handshake
    byte[] otherNetwork = FrameDecoderTest.encode(new Frame(0x7b227479, Command.VERSION, Bytes.wrap(new byte[3])));
    assertEquals(ProtocolSniffer.Verdict.OURS, classify(otherNetwork));
  }

  @Test
  void lineJsonHttpAndTlsAreRecognised() {
    assertEquals(foreign(ForeignProtocol.LINE_JSON), classify(ascii(AITBC_HANDSHAKE)));
    assertEquals(foreign(ForeignProtocol.LINE_JSON), classify(ascii(" \r\n\t{\"type\":\"ping\"}\n")));
    for (String start : List.of("GET / HTTP/1.1\r\n", "POST /rpc HTTP/1.1\r\n", "HEAD / HTTP/1.0\r\n", "PUT /x HTTP/1.1",
        "OPTIONS * HTTP/1.1", "DELETE /a HTTP/1.1", "PATCH /a", "CONNECT host:443 HTTP/1.1", "TRACE / HTTP/1.1",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")) {
      assertEquals(foreign(ForeignProtocol.HTTP), classify(ascii(start)), start);
    }
    assertEquals(foreign(ForeignProtocol.TLS), classify(CLIENT_HELLO));
  }

  @Test
  void beginningsWaitAndEverythingElseIsLeftToTheFrameDecoder() {
    for (String partial : List.of("G", "GE", "GET", "OPTION", "PRI *", "   ", "\n")) {
      assertEquals(ProtocolSniffer.Verdict.WAIT, classify(ascii(partial)), partial);
    }
    assertEquals(ProtocolSniffer.Verdict.WAIT, classify(java.util.Arrays.copyOf(CLIENT_HELLO, 5)));
    assertEquals(ProtocolSniffer.Verdict.OURS, classify(ascii(" ".repeat(ProtocolSniffer.MAX_LEADING_WHITESPACE + 1))));
    assertEquals(ProtocolSniffer.Verdict.OURS, classify(ascii("GETX / HTTP/1.1")));
    assertEquals(ProtocolSniffer.Verdict.OURS, classify(ascii("[1,2,3]\n")));
    // a TLS record that is not a ClientHello (here an alert) is garbage, not a client to answer
    assertEquals(ProtocolSniffer.Verdict.OURS, classify(new byte[] {0x16, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28}));
    byte[] junk = new byte[64];
    new Random(3).nextBytes(junk);
    assertEquals(ProtocolSniffer.Verdict.OURS, classify(junk));
  }

  @Test
  void ourBytesArrivingOneByOneAreHandedOnWholeAfterTheProtocolIsInstalled() {
    EmbeddedChannel ch = channel();
    byte[] verack = FrameDecoderTest.encode(FrameDecoderTest.frame(Command.VERACK, ""));
    for (byte b : verack) ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    assertNull(ch.pipeline().get(ProtocolSniffer.class), "the sniffer removed itself");
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    passedOn.forEach(all::writeBytes);
    assertArrayEquals(verack, all.toByteArray());
    assertTrue(foreign.isEmpty());
    assertTrue(violations.seen.isEmpty());
    assertTrue(ch.isActive());
    ch.finishAndReleaseAll();
  }

  @Test
  void anHttpRequestGetsA400LineAndIsClosed() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(ascii("GET /rpc/head HTTP/1.1\r\nHost: x\r\n\r\n")));
    assertEquals(List.of(ForeignProtocol.HTTP), foreign);
    String reply = written(ch);
    assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request\r\n"), reply);
    assertTrue(reply.contains("P2P port"), reply);
    assertFalse(ch.isActive());
    assertTrue(passedOn.isEmpty(), "nothing reaches the protocol handlers");
    assertTrue(violations.seen.isEmpty(), "another protocol is no violation");
  }

  @Test
  void anAitbcHandshakeGetsAJsonErrorLineAndATlsHelloNothing() {
    EmbeddedChannel json = channel();
    json.writeInbound(Unpooled.wrappedBuffer(ascii(AITBC_HANDSHAKE)));
    String line = written(json);
    assertTrue(line.startsWith("{\"type\":\"error\",\"reason\":\"unsupported_protocol\"") && line.endsWith("}\n"), line);
    assertFalse(json.isActive());
    EmbeddedChannel tls = channel();
    tls.writeInbound(Unpooled.wrappedBuffer(CLIENT_HELLO));
    assertEquals("", written(tls));
    assertFalse(tls.isActive());
    assertEquals(List.of(ForeignProtocol.LINE_JSON, ForeignProtocol.TLS), foreign);
  }

  @Test
  void aConnectionThatStaysUndecidedTimesOut() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(ascii("GE")));
    ch.advanceTimeBy(999, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.isActive());
    ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertEquals(List.of(Violation.HANDSHAKE_TIMEOUT), violations.seen);
    assertFalse(ch.isActive());
    assertTrue(foreign.isEmpty());
  }
}
