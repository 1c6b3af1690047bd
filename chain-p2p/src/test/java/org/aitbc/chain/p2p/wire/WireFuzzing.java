package org.aitbc.chain.p2p.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** What the wire fuzz targets share: writing frames as the encoder does, and cutting a stream into pieces. */
final class WireFuzzing {
  private WireFuzzing() {}

  /** The bytes {@link FrameEncoder} writes for {@code frames}, in order. */
  static byte[] encode(List<Frame> frames) {
    EmbeddedChannel enc = new EmbeddedChannel(new FrameEncoder(WireFormat.DEFAULT_MAX_FRAME_LENGTH));
    for (Frame f : frames) enc.writeOutbound(f);
    byte[] out = drain(enc);
    enc.finishAndReleaseAll();
    return out;
  }

  /** Everything written to {@code ch} so far, as one array (the buffers are released). */
  static byte[] drain(EmbeddedChannel ch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
      byte[] chunk = new byte[b.readableBytes()];
      b.readBytes(chunk);
      b.release();
      out.writeBytes(chunk);
    }
    return out.toByteArray();
  }

  /** {@code stream} cut into consecutive pieces of 1 to {@code maxPiece} bytes, the sizes chosen by the fuzzer. */
  static List<ByteBuf> fragments(byte[] stream, FuzzedDataProvider data, int maxPiece) {
    List<ByteBuf> pieces = new ArrayList<>();
    int at = 0;
    while (at < stream.length) {
      int n = Math.min(stream.length - at, data.consumeInt(1, maxPiece));
      pieces.add(Unpooled.copiedBuffer(stream, at, n));
      at += n;
    }
    return pieces;
  }
}
