package org.aitbc.chain.p2p.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.TestData;
import org.aitbc.chain.p2p.pipeline.ViolationHandler;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  static final int MAGIC = WireFormat.magic(TestData.GENESIS_A);
  static final int MAX = 1024;

  final TestData.Violations violations = new TestData.Violations();

  EmbeddedChannel channel(boolean allowForeignVersion) {
    return new EmbeddedChannel(new FrameDecoder(MAGIC, MAX, allowForeignVersion), new ViolationHandler(violations));
  }

  static byte[] encode(Frame f) {
    EmbeddedChannel enc = new EmbeddedChannel(new FrameEncoder(1 << 20));
    enc.writeOutbound(f);
    ByteBuf b = enc.readOutbound();
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    b.release();
    enc.finishAndReleaseAll();
    return out;
  }

  static Frame frame(Command c, String body) {
    return new Frame(MAGIC, c, Bytes.wrap(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aFrameWrittenByTheEncoderIsReadBackUnchanged() {
    EmbeddedChannel ch = channel(false);
    Frame f = frame(Command.TX, "{\"a\":1}");
    assertTrue(ch.writeInbound(Unpooled.wrappedBuffer(encode(f))));
    assertEquals(f, ch.readInbound());
    assertFalse(ch.finish());
  }

  @Test
  void theDocumentedVerackExampleMatchesTheEncoding() {
    byte[] b = encode(new Frame(0x1a2b3c4d, Command.VERACK, Bytes.wrap(new byte[0])));
    assertEquals("1a2b3c4d76657261636b00000000000000000000e3b0c442", Bytes.wrap(b).hex());
  }

  @Test
  void partialFramesArrivingByteByByteAreAssembled() {
    EmbeddedChannel ch = channel(false);
    Frame f1 = frame(Command.INV, "first body");
    Frame f2 = frame(Command.PING, "");
    byte[] a = encode(f1);
    byte[] b = encode(f2);
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    for (int i = 0; i < both.length; i++) {
      ch.writeInbound(Unpooled.wrappedBuffer(both, i, 1));
      if (i < a.length - 1) assertNull(ch.readInbound(), "no frame before its last byte (byte " + i + ")");
      if (i == a.length - 1) assertEquals(f1, ch.readInbound());
    }
    assertEquals(f2, ch.readInbound());
    assertTrue(violations.seen.isEmpty());
    assertFalse(ch.finish());
  }

  @Test
  void anOversizedLengthIsRefusedFromTheHeaderAloneAndClosesTheConnection() {
    EmbeddedChannel ch = channel(false);
    byte[] header = encode(frame(Command.BLOCK, ""));
    // claim a body one byte larger than allowed; send the header only
    Unpooled.wrappedBuffer(header).setInt(WireFormat.LENGTH_OFFSET, MAX - WireFormat.HEADER_LENGTH + 1);
    ch.writeInbound(Unpooled.wrappedBuffer(header));
    assertEquals(List.of(Violation.OVERSIZED_FRAME), violations.seen);
    assertFalse(ch.isOpen());
    assertNull(ch.readInbound());
  }

  @Test
  void aFrameOfExactlyTheMaximumSizeIsAccepted() {
    EmbeddedChannel ch = channel(false);
    Frame f = new Frame(MAGIC, Command.BLOCK, Bytes.wrap(new byte[MAX - WireFormat.HEADER_LENGTH]));
    ch.writeInbound(Unpooled.wrappedBuffer(encode(f)));
    assertEquals(f, ch.readInbound());
    assertTrue(violations.seen.isEmpty());
  }

  @Test
  void aBadChecksumIsAViolation() {
    EmbeddedChannel ch = channel(false);
    byte[] b = encode(frame(Command.TX, "payload"));
    b[b.length - 1] ^= 1;
    ch.writeInbound(Unpooled.wrappedBuffer(b));
    assertEquals(List.of(Violation.BAD_CHECKSUM), violations.seen);
    assertFalse(ch.isOpen());
  }

  @Test
  void aBadMagicIsAViolation() {
    EmbeddedChannel ch = channel(false);
    byte[] b = encode(frame(Command.PING, "").withMagic(MAGIC + 1));
    ch.writeInbound(Unpooled.wrappedBuffer(b));
    assertEquals(List.of(Violation.BAD_MAGIC), violations.seen);
    assertFalse(ch.isOpen());
  }

  @Test
  void anUnknownCommandIsAViolation() {
    EmbeddedChannel ch = channel(false);
    byte[] b = encode(frame(Command.PING, ""));
    byte[] name = "pingx\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, b, WireFormat.COMMAND_OFFSET, 12);
    ch.writeInbound(Unpooled.wrappedBuffer(b));
    assertEquals(List.of(Violation.UNKNOWN_COMMAND), violations.seen);
  }

  @Test
  void aCommandWithBytesAfterItsPaddingIsUnknown() {
    byte[] field = "ping\0\0\0x\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
    assertTrue(Command.fromWire(field).isEmpty());
    assertEquals(Command.PING, Command.fromWire(Command.PING.padded()).orElseThrow());
  }

  @Test
  void garbageAfterAViolationIsDiscardedWithoutFurtherEvents() {
    EmbeddedChannel ch = channel(false);
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[256])); // magic 0: bad, and more garbage behind it
    assertEquals(List.of(Violation.BAD_MAGIC), violations.seen);
    assertNull(ch.readInbound());
  }

  @Test
  void aForeignMagicIsAllowedOnlyOnAFirstVersionFrameWhenEnabled() {
    EmbeddedChannel ch = channel(true);
    Frame foreign = frame(Command.VERSION, "v").withMagic(MAGIC ^ 0x5555);
    ch.writeInbound(Unpooled.wrappedBuffer(encode(foreign)));
    assertEquals(foreign, ch.readInbound());
    assertEquals(MAGIC ^ 0x5555, ch.attr(FrameDecoder.FOREIGN_MAGIC).get());
    ch.writeInbound(Unpooled.wrappedBuffer(encode(foreign)));
    assertEquals(List.of(Violation.BAD_MAGIC), violations.seen);

    EmbeddedChannel other = channel(true);
    other.writeInbound(Unpooled.wrappedBuffer(encode(frame(Command.PING, "").withMagic(MAGIC ^ 1))));
    assertEquals(List.of(Violation.BAD_MAGIC, Violation.BAD_MAGIC), violations.seen);
  }

  @Test
  void theEncoderRefusesToWriteAnOversizedFrame() {
    EmbeddedChannel enc = new EmbeddedChannel(new FrameEncoder(100));
    var future = enc.writeOneOutbound(new Frame(MAGIC, Command.BLOCK, Bytes.wrap(new byte[100])));
    enc.flushOutbound();
    assertFalse(future.isSuccess());
    assertNull(enc.readOutbound());
  }
}
