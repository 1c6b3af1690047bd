package org.aitbc.chain.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after its last answer the way nginx's {@code lingering_close} does: the output is shut
 * (the client reads the answer, then end of stream), what the client still sends is read and dropped, and the
 * connection closes when the client closes its side or after {@link #LINGER_MS}.
 *
 * <p>A plain close while the client is still sending (the rest of a body refused with 413, requests pipelined
 * after a malformed one) leaves unread bytes in the kernel's buffer, so the kernel answers with a reset, and a
 * reset that overtakes the answer makes the client lose it ("received no bytes").
 */
final class LingeringClose implements ChannelFutureListener {
  static final LingeringClose INSTANCE = new LingeringClose();
  /** How long the client may go on sending after the last answer. */
  static final long LINGER_MS = 2_000;

  private LingeringClose() {}

  @Override
  public void operationComplete(ChannelFuture written) {
    Channel ch = written.channel();
    if (!written.isSuccess() || !(ch instanceof DuplexChannel duplex) || !ch.isActive()) {
      ch.close();
      return;
    }
    duplex.shutdownOutput().addListener(shut -> {
      if (!shut.isSuccess()) ch.close();
    });
    ch.eventLoop().schedule(() -> ch.close(), LINGER_MS, TimeUnit.MILLISECONDS);
  }
}
