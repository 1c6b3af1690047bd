package org.aitbc.chain.p2p.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.TestData;
import org.aitbc.chain.p2p.message.InvItem;
import org.aitbc.chain.p2p.message.MessageCodec;
import org.aitbc.chain.p2p.message.MessageCodecHandler;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.aitbc.chain.p2p.message.RejectCode;

/**
 * Coverage-guided fuzzing of two peers' framing pipelines talking to each other through {@link EmbeddedChannel}s:
 * the fuzzer chooses the messages, who sends when, and how each direction's bytes are cut and interleaved.
 */
class FramedExchangeFuzzTest {
  static final int MAGIC = WireFormat.magic(TestData.GENESIS_A);

  /** One side: the pipeline's framing and message codec, what it sent, and its bytes not yet delivered. */
  static final class Side {
    final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAGIC, WireFormat.DEFAULT_MAX_FRAME_LENGTH,
        false), new FrameEncoder(WireFormat.DEFAULT_MAX_FRAME_LENGTH), new MessageCodecHandler(new MessageCodec(MAGIC)));
    final List<P2pMessage> sent = new ArrayList<>();
    final Deque<ByteBuf> inFlight = new ArrayDeque<>();

    void send(P2pMessage m, FuzzedDataProvider data) {
      channel.writeOutbound(m);
      sent.add(m);
      inFlight.addAll(WireFuzzing.fragments(WireFuzzing.drain(channel), data, 48));
    }

    List<P2pMessage> received() {
      List<P2pMessage> out = new ArrayList<>();
      for (P2pMessage m = channel.readInbound(); m != null; m = channel.readInbound()) out.add(m);
      return out;
    }
  }

  /** Every message each side sends arrives at the other intact and in order, however the bytes are cut. */
  @FuzzTest
  void fragmentedInterleavedFrames(FuzzedDataProvider data) {
    Side a = new Side();
    Side b = new Side();
    int steps = data.consumeInt(1, 64);
    for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
      switch (data.consumeInt(0, 3)) {
        case 0 -> a.send(message(data), data);
        case 1 -> b.send(message(data), data);
        case 2 -> deliver(a, b);
        default -> deliver(b, a);
      }
    }
    while (!a.inFlight.isEmpty() || !b.inFlight.isEmpty()) {
      deliver(a, b);
      deliver(b, a);
    }
    assertEquals(a.sent, b.received());
    assertEquals(b.sent, a.received());
    a.channel.finishAndReleaseAll();
    b.channel.finishAndReleaseAll();
  }

  private static void deliver(Side from, Side to) {
    ByteBuf piece = from.inFlight.poll();
    if (piece != null) to.channel.writeInbound(piece);
  }

  /** A valid message of a fuzzer-chosen kind and content. */
  static P2pMessage message(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 8)) {
      case 0 -> new P2pMessage.Ping(data.consumeLong());
      case 1 -> new P2pMessage.Pong(data.consumeLong());
      case 2 -> new P2pMessage.Tx(nonEmpty(data));
      case 3 -> new P2pMessage.Block(nonEmpty(data));
      case 4 -> new P2pMessage.Inv(items(data));
      case 5 -> new P2pMessage.GetData(items(data));
      case 6 -> new P2pMessage.GetBlocks(List.of(hash(data), hash(data)),
          data.consumeBoolean() ? P2pMessage.GetBlocks.NO_STOP : hash(data));
      case 7 -> new P2pMessage.Reject(data.pickValue(RejectCode.values()), data.consumeAsciiString(12),
          data.consumeAsciiString(200));
      default -> data.consumeBoolean() ? new P2pMessage.Verack() : new P2pMessage.GetAddr();
    };
  }

  private static Bytes nonEmpty(FuzzedDataProvider data) {
    byte[] b = data.consumeBytes(data.consumeInt(1, 3000));
    return Bytes.wrap(b.length == 0 ? new byte[] {'{'} : b);
  }

  private static Bytes hash(FuzzedDataProvider data) {
    return Bytes.wrap(Arrays.copyOf(data.consumeBytes(32), 32));
  }

  private static List<InvItem> items(FuzzedDataProvider data) {
    List<InvItem> items = new ArrayList<>();
    int n = data.consumeInt(0, 4);
    for (int i = 0; i < n; i++) items.add(new InvItem(data.pickValue(InvItem.Type.values()), hash(data)));
    return items;
  }
}
