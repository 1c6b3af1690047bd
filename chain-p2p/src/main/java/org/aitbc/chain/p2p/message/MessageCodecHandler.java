package org.aitbc.chain.p2p.message;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import org.aitbc.chain.p2p.wire.Frame;

/**
 * {@link Frame} in, {@link P2pMessage} out, and the reverse on writes, through {@link MessageCodec}.
 * Frames written directly (e.g. a reject under another network's magic) pass through untouched.
 */
public final class MessageCodecHandler extends MessageToMessageCodec<Frame, P2pMessage> {
  private final MessageCodec codec;

  public MessageCodecHandler(MessageCodec codec) {
    super(Frame.class, P2pMessage.class);
    this.codec = codec;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, P2pMessage msg, List<Object> out) {
    out.add(codec.encode(msg));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    out.add(codec.decode(frame));
  }
}
