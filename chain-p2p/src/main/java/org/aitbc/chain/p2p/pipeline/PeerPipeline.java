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
import org.aitbc.chain.p2p.wire.ProtocolSniffer;

/**
 * Assembles the per-connection pipeline, one handler per concern (inbound order):
 *
 * <pre>
 *  traffic      TrafficCounterHandler   raw bytes in/out
 *  sniffer      ProtocolSniffer         inbound only, until the first bytes are ours: another protocol
 *                                       (line-JSON, HTTP, TLS) is answered briefly and closed
 *  frameDecoder FrameDecoder            bytes -> Frame (magic, size limit, checksum)
 *  frameEncoder FrameEncoder            Frame -> bytes
 *  messageCodec MessageCodecHandler     Frame <-> P2pMessage (field limits)
 *  handshake    HandshakeHandler        version/verack, timeout; nothing passes before it completes
 *  idle         IdleStateHandler        reader idle = ping interval
 *  keepAlive    KeepAliveHandler        ping/pong, pong timeout, round trip
 *  peer         (application handler)   the gossip adapter of the network
 *  violations   ViolationHandler        any exception: report the violation, close
 * </pre>
 *
 * An inbound connection starts with traffic, sniffer and violations only; the protocol handlers are added
 * when the sniffer has seen our magic, so an inbound peer sends its version after the dialer's first bytes,
 * and a client of another protocol never receives our binary frames.
 */
public final class PeerPipeline {
  private static final String VIOLATIONS = "violations";

  public record Settings(int magic, int maxFrameLength, long handshakeTimeoutMillis, long pingIntervalMillis,
      long pongTimeoutMillis) {}

  private PeerPipeline() {}

  /** The whole pipeline at once (outbound connections, and tests of the protocol handlers). */
  public static void install(ChannelPipeline p, Settings s, Handshake handshake, PeerStats peer, PeerStats total,
      LongSupplier nonces, ChannelHandler application, ViolationListener violations) {
    p.addLast("traffic", new TrafficCounterHandler(peer, total));
    p.addLast(VIOLATIONS, new ViolationHandler(violations));
    addProtocol(p, s, handshake, peer, nonces, application);
  }

  /** Traffic, sniffer and violations; the rest once the sniffer recognised our protocol. */
  public static void installInbound(ChannelPipeline p, Settings s, Handshake handshake, PeerStats peer,
      PeerStats total, LongSupplier nonces, ChannelHandler application, ViolationListener violations,
      ProtocolSniffer.Listener foreign) {
    p.addLast("traffic", new TrafficCounterHandler(peer, total));
    p.addLast("sniffer", new ProtocolSniffer(s.magic(), s.handshakeTimeoutMillis(), foreign,
        pipeline -> addProtocol(pipeline, s, handshake, peer, nonces, application)));
    p.addLast(VIOLATIONS, new ViolationHandler(violations));
  }

  private static void addProtocol(ChannelPipeline p, Settings s, Handshake handshake, PeerStats peer,
      LongSupplier nonces, ChannelHandler application) {
    MessageCodec codec = new MessageCodec(s.magic());
    p.addBefore(VIOLATIONS, "frameDecoder", new FrameDecoder(s.magic(), s.maxFrameLength(), true));
    p.addBefore(VIOLATIONS, "frameEncoder", new FrameEncoder(s.maxFrameLength()));
    p.addBefore(VIOLATIONS, "messageCodec", new MessageCodecHandler(codec));
    p.addBefore(VIOLATIONS, "handshake", new HandshakeHandler(handshake, codec, s.handshakeTimeoutMillis()));
    p.addBefore(VIOLATIONS, "idle", KeepAliveHandler.idleDetector(s.pingIntervalMillis()));
    p.addBefore(VIOLATIONS, "keepAlive", new KeepAliveHandler(s.pingIntervalMillis(), s.pongTimeoutMillis(), peer, nonces));
    if (application != null) p.addBefore(VIOLATIONS, "peer", application);
  }
}
