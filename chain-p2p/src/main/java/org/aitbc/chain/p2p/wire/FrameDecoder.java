package org.aitbc.chain.p2p.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.Optional;
import org.aitbc.chain.core.util.Bytes;

/**
 * Cuts the byte stream into {@link Frame}s (layout in {@link WireFormat}). A bad magic, an unknown
 * command, a length above the maximum (detected from the header alone, before the body is buffered)
 * or a wrong checksum raise a {@link P2pProtocolException}; after that the decoder discards all
 * further input, since the connection is being closed.
 *
 * <p>One exception to the magic check: when {@code allowForeignVersion} is set, the very first frame
 * may carry another network's magic if it is a "version". It is passed on (with its magic also put
 * into the channel attribute {@link #FOREIGN_MAGIC}) so that the handshake can refuse the peer with a
 * readable reason ("wrong genesis") instead of dropping it as garbage.
 *
 * <p>Not sharable: one instance per channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  /** Set when the first frame carried another network's magic. */
  public static final AttributeKey<Integer> FOREIGN_MAGIC = AttributeKey.valueOf("aitbc.p2p.foreignMagic");

  private final int magic;
  private final int maxFrameLength;
  private final boolean allowForeignVersion;
  private boolean first = true;
  private boolean failed;

  public FrameDecoder(int magic, int maxFrameLength, boolean allowForeignVersion) {
    if (maxFrameLength < WireFormat.HEADER_LENGTH) {
      throw new IllegalArgumentException("maxFrameLength must be at least " + WireFormat.HEADER_LENGTH);
    }
    this.magic = magic;
    this.maxFrameLength = maxFrameLength;
    this.allowForeignVersion = allowForeignVersion;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < WireFormat.HEADER_LENGTH) return;
    int start = in.readerIndex();
    int frameMagic = in.getInt(start + WireFormat.MAGIC_OFFSET);
    byte[] commandField = new byte[Command.LENGTH];
    in.getBytes(start + WireFormat.COMMAND_OFFSET, commandField);
    Optional<Command> command = Command.fromWire(commandField);
    boolean foreign = frameMagic != magic;
    if (foreign && !(first && allowForeignVersion && command.orElse(null) == Command.VERSION)) {
      throw fail(in, Violation.BAD_MAGIC, String.format("magic %08x, expected %08x", frameMagic, magic));
    }
    if (command.isEmpty()) {
      throw fail(in, Violation.UNKNOWN_COMMAND, "command field " + Bytes.of(commandField).hex());
    }
    long length = in.getUnsignedInt(start + WireFormat.LENGTH_OFFSET);
    if (length > maxFrameLength - WireFormat.HEADER_LENGTH) {
      throw fail(in, Violation.OVERSIZED_FRAME,
          command.get().wireName() + " body of " + length + " bytes, maximum frame " + maxFrameLength);
    }
    if (in.readableBytes() < WireFormat.HEADER_LENGTH + length) return;
    int checksum = in.getInt(start + WireFormat.CHECKSUM_OFFSET);
    byte[] body = new byte[(int) length];
    in.getBytes(start + WireFormat.HEADER_LENGTH, body);
    if (WireFormat.checksum(body) != checksum) {
      throw fail(in, Violation.BAD_CHECKSUM, command.get().wireName() + " body of " + length + " bytes");
    }
    in.skipBytes(WireFormat.HEADER_LENGTH + (int) length);
    if (foreign) ctx.channel().attr(FOREIGN_MAGIC).set(frameMagic);
    first = false;
    out.add(new Frame(frameMagic, command.get(), Bytes.wrap(body)));
  }

  private P2pProtocolException fail(ByteBuf in, Violation v, String detail) {
    failed = true;
    in.skipBytes(in.readableBytes());
    return new P2pProtocolException(v, detail);
  }
}
