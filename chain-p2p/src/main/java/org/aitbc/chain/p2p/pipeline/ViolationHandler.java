package org.aitbc.chain.p2p.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.aitbc.chain.p2p.wire.P2pProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in the pipeline: every exception closes the connection. A {@link P2pProtocolException} anywhere
 * in the cause chain is reported to the {@link ViolationListener} first (which scores the peer); other
 * errors (connection reset, ...) are only logged.
 */
public final class ViolationHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ViolationHandler.class);
  private final ViolationListener listener;
  private boolean reported;

  public ViolationHandler(ViolationListener listener) {
    this.listener = listener;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    P2pProtocolException p = find(cause);
    if (p != null) {
      if (!reported) {
        reported = true;
        LOG.debug("{}: {}", ctx.channel().remoteAddress(), p.getMessage());
        listener.onViolation(ctx.channel(), p.violation(), p.detail());
      }
    } else {
      LOG.debug("{}: closing after error: {}", ctx.channel().remoteAddress(), cause.toString());
    }
    ctx.close();
  }

  private static P2pProtocolException find(Throwable t) {
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (t instanceof P2pProtocolException p) return p;
    }
    return null;
  }
}
