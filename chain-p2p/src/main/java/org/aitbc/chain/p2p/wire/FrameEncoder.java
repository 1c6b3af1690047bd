package org.aitbc.chain.p2p.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link Frame}s in the layout of {@link WireFormat}. A frame above the maximum is never
 * sent (the write fails with an {@link EncoderException}): the peer would drop us for it.
 */
public final class FrameEncoder extends MessageToByteEncoder<Frame> {
  private final int maxFrameLength;

  public FrameEncoder(int maxFrameLength) {
    super(Frame.class);
    this.maxFrameLength = maxFrameLength;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
    byte[] body = frame.body().unsafeArray();
    if (frame.encodedLength() > maxFrameLength) {
      throw new EncoderException(frame.command().wireName() + " frame of " + frame.encodedLength()
          + " bytes exceeds the maximum " + maxFrameLength);
    }
    out.ensureWritable(WireFormat.HEADER_LENGTH + body.length);
    out.writeInt(frame.magic());
    out.writeBytes(frame.command().padded());
    out.writeInt(body.length);
    out.writeInt(WireFormat.checksum(body));
    out.writeBytes(body);
  }
}
