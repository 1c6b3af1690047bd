package org.aitbc.chain.p2p.pipeline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import java.util.function.LongSupplier;
import org.aitbc.chain.p2p.handshake.Handshake;
import org.aitbc.chain.p2p.handshake.HandshakeHandler;
import org.aitbc.chain.p2p.keepalive.KeepAliveHandler;
import org.aitbc.chain.p2p.message.MessageCodec;
import org.aitbc.chain.p2p.message.MessageCodecHandler;
import org.aitbc.chain.p2p.wire.FrameDecoder;
import org.aitbc.chain.p2p.wire.FrameEncoder;

/**
 * Assembles the per-connection pipeline, one handler per concern (inbound order):
 *
 * <pre>
 *  traffic      TrafficCounterHandler   raw bytes in/out
 *  frameDecoder FrameDecoder            bytes -> Frame (magic, size limit, checksum)
 *  frameEncoder FrameEncoder            Frame -> bytes
 *  messageCodec MessageCodecHandler     Frame <-> P2pMessage (field limits)
 *  handshake    HandshakeHandler        version/verack, timeout; nothing passes before it completes
 *  idle         IdleStateHandler        reader idle = ping interval
 *  keepAlive    KeepAliveHandler        ping/pong, pong timeout, round trip
 *  peer         (application handler)   the gossip adapter of the network
 *  violations   ViolationHandler        any exception: report the violation, close
 * </pre>
 */
public final class PeerPipeline {
  public record Settings(int magic, int maxFrameLength, long handshakeTimeoutMillis, long pingIntervalMillis,
      long pongTimeoutMillis) {}

  private PeerPipeline() {}

  public static void install(ChannelPipeline p, Settings s, Handshake handshake, PeerStats peer, PeerStats total,
      LongSupplier nonces, ChannelHandler application, ViolationListener violations) {
    MessageCodec codec = new MessageCodec(s.magic());
    p.addLast("traffic", new TrafficCounterHandler(peer, total));
    p.addLast("frameDecoder", new FrameDecoder(s.magic(), s.maxFrameLength(), true));
    p.addLast("frameEncoder", new FrameEncoder(s.maxFrameLength()));
    p.addLast("messageCodec", new MessageCodecHandler(codec));
    p.addLast("handshake", new HandshakeHandler(handshake, codec, s.handshakeTimeoutMillis()));
    p.addLast("idle", KeepAliveHandler.idleDetector(s.pingIntervalMillis()));
    p.addLast("keepAlive", new KeepAliveHandler(s.pingIntervalMillis(), s.pongTimeoutMillis(), peer, nonces));
    if (application != null) p.addLast("peer", application);
    p.addLast("violations", new ViolationHandler(violations));
  }
}
