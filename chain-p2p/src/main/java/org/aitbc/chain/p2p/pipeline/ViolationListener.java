package org.aitbc.chain.p2p.pipeline;

import io.netty.channel.Channel;
import org.aitbc.chain.p2p.wire.Violation;

/** Told about every protocol violation on a channel, just before the channel is closed. */
@FunctionalInterface
public interface ViolationListener {
  void onViolation(Channel channel, Violation violation, String detail);
}
