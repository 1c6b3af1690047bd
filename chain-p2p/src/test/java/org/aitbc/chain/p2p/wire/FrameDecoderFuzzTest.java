package org.aitbc.chain.p2p.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.TestData;

/**
 * Coverage-guided fuzzing of the frame decoder, the first code that reads a peer's bytes. As Bitcoin Core's
 * {@code p2p_transport_serialization}, the fuzzer is helped past the header: for each frame it chooses
 * whether the magic, the command, the length and the checksum are the right ones or its own bytes, so
 * that it reaches the body and every refusal instead of failing the magic check on almost every input.
 */
class FrameDecoderFuzzTest {
  static final int MAGIC = WireFormat.magic(TestData.GENESIS_A);
  static final int MAX_FRAME = 4096;
  static final Command[] COMMANDS = Command.values();

  /** A frame as the fuzzer wrote it, and what the decoder must make of it (null: a frame). */
  record Written(byte[] bytes, Frame frame, Violation violation, boolean lengthIsRight) {}

  /**
   * The stream of frames, cut into fuzzer-chosen pieces, decodes to exactly the frames up to the first bad
   * one, in order and intact; the first bad one raises its violation, nothing after it is delivered, and no
   * other exception is thrown. A frame whose length field is wrong ends what the model predicts.
   */
  @FuzzTest
  void frameStream(FuzzedDataProvider data) {
    boolean allowForeign = data.consumeBoolean();
    int count = data.consumeInt(1, 4);
    List<Written> written = new ArrayList<>();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      Written w = frame(data, i == 0 && allowForeign);
      written.add(w);
      stream.writeBytes(w.bytes());
    }
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAGIC, MAX_FRAME, allowForeign));
    Violation raised = null;
    for (ByteBuf piece : WireFuzzing.fragments(stream.toByteArray(), data, 64)) {
      try {
        ch.writeInbound(piece);
      } catch (P2pProtocolException e) {
        assertNull(raised, "a second violation after the decoder failed");
        raised = e.violation();
      }
    }
    List<Frame> decoded = new ArrayList<>();
    for (Frame f = ch.readInbound(); f != null; f = ch.readInbound()) decoded.add(f);
    ch.finishAndReleaseAll();
    int i = 0;
    for (Written w : written) {
      if (w.violation() != null) {
        assertEquals(w.violation(), raised, "frame " + i);
        assertEquals(i, decoded.size(), "frames delivered before the bad one");
        return;
      }
      if (!w.lengthIsRight()) return; // the rest of the stream is read at another offset: no prediction
      assertEquals(w.frame(), decoded.get(i), "frame " + i);
      i++;
    }
    assertNull(raised);
    assertEquals(i, decoded.size());
  }

  private static Written frame(FuzzedDataProvider data, boolean foreignVersionAllowed) {
    byte[] body = data.consumeBytes(data.consumeInt(0, 256));
    boolean rightMagic = data.consumeBoolean();
    int magic = rightMagic ? MAGIC : data.consumeInt();
    boolean knownCommand = data.consumeBoolean();
    Command command = knownCommand ? data.pickValue(COMMANDS) : null;
    byte[] commandField = knownCommand ? command.padded() : data.consumeBytes(Command.LENGTH);
    commandField = Arrays.copyOf(commandField, Command.LENGTH);
    if (!knownCommand) command = Command.fromWire(commandField).orElse(null);
    boolean rightLength = data.consumeBoolean();
    long length = rightLength ? body.length : Integer.toUnsignedLong(data.consumeInt());
    boolean rightChecksum = data.consumeBoolean();
    int checksum = rightChecksum ? WireFormat.checksum(body) : data.consumeInt();

    ByteBuffer b = ByteBuffer.allocate(WireFormat.HEADER_LENGTH + body.length);
    b.putInt(magic).put(commandField).putInt((int) length).putInt(checksum).put(body);
    Violation v = null;
    if (magic != MAGIC && !(foreignVersionAllowed && command == Command.VERSION)) v = Violation.BAD_MAGIC;
    else if (command == null) v = Violation.UNKNOWN_COMMAND;
    else if (length > MAX_FRAME - WireFormat.HEADER_LENGTH) v = Violation.OVERSIZED_FRAME;
    else if (length == body.length && WireFormat.checksum(body) != checksum) v = Violation.BAD_CHECKSUM;
    Frame f = v == null && length == body.length ? new Frame(magic, command, Bytes.wrap(body)) : null;
    return new Written(b.array(), f, v, length == body.length);
  }
}
