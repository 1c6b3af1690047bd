package org.aitbc.chain.p2p.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * First handler of an inbound connection: looks at its first bytes and decides whether the peer speaks
 * this node's protocol or another one ({@link ForeignProtocol}), before anything of ours is sent.
 *
 * <ul>
 *   <li>Ours: the first 4 bytes are our magic, or bytes 4..16 are the "version" command (a peer of another
 *       network, refused later by the handshake with a readable reason). Anything not recognised as another
 *       protocol is also passed on, so garbage meets the {@link FrameDecoder} and today's scoring.
 *   <li>Line-JSON: at most {@value #MAX_LEADING_WHITESPACE} bytes of whitespace, then {@code {}.
 *   <li>HTTP: a request method and a space ({@code GET }, {@code POST }, ...) or {@code PRI * } (HTTP/2).
 *   <li>TLS: a handshake record (0x16 0x03 0x00..0x04, two length bytes) holding a ClientHello (0x01).
 * </ul>
 *
 * Our own magic wins over a foreign signature. For ours, {@code protocol} installs the rest of the pipeline
 * after this handler, which then removes itself and hands the bytes read so far on. For another protocol the
 * listener is told, the protocol's short reply (if any) is written and the connection closed. A connection
 * that stays undecided for {@code timeoutMillis} (silent, or a few bytes and no more) fails with
 * {@link Violation#HANDSHAKE_TIMEOUT}. At most a few dozen bytes are buffered before a decision.
 *
 * <p>Not sharable: one instance per channel.
 */
public final class ProtocolSniffer extends ByteToMessageDecoder {
  /** Leading whitespace accepted before a line-JSON {@code {}. */
  public static final int MAX_LEADING_WHITESPACE = 64;

  private static final byte[][] HTTP_STARTS = tokens("GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ",
      "PATCH ", "CONNECT ", "TRACE ", "PRI * ");
  private static final int TLS_HEADER = 6;

  /** Told once when a connection turns out to speak another protocol, just before the reply and the close. */
  @FunctionalInterface
  public interface Listener {
    void onForeign(Channel channel, ForeignProtocol protocol);
  }

  /** What the first bytes say: not yet decided, ours ({@code foreign} null), or another protocol. */
  public record Verdict(boolean decided, ForeignProtocol foreign) {
    public static final Verdict WAIT = new Verdict(false, null);
    public static final Verdict OURS = new Verdict(true, null);

    static Verdict of(ForeignProtocol p) {
      return new Verdict(true, p);
    }
  }

  private enum Match { FULL, PARTIAL, NONE }

  private final byte[] magic;
  private final long timeoutMillis;
  private final Listener listener;
  private final Consumer<ChannelPipeline> protocol;
  private ScheduledFuture<?> timeout;
  private boolean decided;

  public ProtocolSniffer(int magic, long timeoutMillis, Listener listener, Consumer<ChannelPipeline> protocol) {
    this.magic = new byte[] {(byte) (magic >>> 24), (byte) (magic >>> 16), (byte) (magic >>> 8), (byte) magic};
    this.timeoutMillis = timeoutMillis;
    this.listener = listener;
    this.protocol = protocol;
  }

  /** Classifies the readable bytes of {@code in} (not consumed) for a network of magic {@code magic}. */
  public static Verdict classify(ByteBuf in, int magic) {
    byte[] m = {(byte) (magic >>> 24), (byte) (magic >>> 16), (byte) (magic >>> 8), (byte) magic};
    return classify(in, m);
  }

  private static Verdict classify(ByteBuf in, byte[] magic) {
    int n = in.readableBytes();
    if (n == 0) return Verdict.WAIT;
    boolean versionFrame = n >= WireFormat.COMMAND_OFFSET + Command.LENGTH
        && match(in, WireFormat.COMMAND_OFFSET, Command.VERSION.padded()) == Match.FULL;
    if (versionFrame) return Verdict.OURS;
    Match ours = match(in, 0, magic);
    if (ours == Match.FULL) return Verdict.OURS;
    if (ours == Match.PARTIAL) return Verdict.WAIT;
    boolean waiting = false;
    for (byte[] start : HTTP_STARTS) {
      Match http = match(in, 0, start);
      if (http == Match.FULL) return Verdict.of(ForeignProtocol.HTTP);
      waiting |= http == Match.PARTIAL;
    }
    Match tls = tls(in);
    if (tls == Match.FULL) return Verdict.of(ForeignProtocol.TLS);
    waiting |= tls == Match.PARTIAL;
    Match json = lineJson(in);
    if (json == Match.FULL) return Verdict.of(ForeignProtocol.LINE_JSON);
    waiting |= json == Match.PARTIAL;
    return waiting ? Verdict.WAIT : Verdict.OURS;
  }

  /** Whether the bytes at {@code offset} are {@code token}, a beginning of it (input ends first), or not. */
  private static Match match(ByteBuf in, int offset, byte[] token) {
    int start = in.readerIndex() + offset;
    int available = in.readableBytes() - offset;
    if (available <= 0) return Match.PARTIAL;
    int k = Math.min(available, token.length);
    for (int i = 0; i < k; i++) {
      if (in.getByte(start + i) != token[i]) return Match.NONE;
    }
    return k == token.length ? Match.FULL : Match.PARTIAL;
  }

  private static Match tls(ByteBuf in) {
    int n = in.readableBytes();
    int r = in.readerIndex();
    if (in.getByte(r) != 0x16) return Match.NONE;
    if (n > 1 && in.getByte(r + 1) != 0x03) return Match.NONE;
    if (n > 2 && (in.getByte(r + 2) & 0xff) > 0x04) return Match.NONE;
    if (n < TLS_HEADER) return Match.PARTIAL;
    return in.getByte(r + 5) == 0x01 ? Match.FULL : Match.NONE;
  }

  private static Match lineJson(ByteBuf in) {
    int n = Math.min(in.readableBytes(), MAX_LEADING_WHITESPACE + 1);
    for (int i = 0; i < n; i++) {
      byte b = in.getByte(in.readerIndex() + i);
      if (b == '{') return Match.FULL;
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return Match.NONE;
    }
    return in.readableBytes() > MAX_LEADING_WHITESPACE ? Match.NONE : Match.PARTIAL;
  }

  private static byte[][] tokens(String... s) {
    byte[][] out = new byte[s.length][];
    for (int i = 0; i < s.length; i++) out[i] = s[i].getBytes(StandardCharsets.US_ASCII);
    return out;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) startTimer(ctx);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    startTimer(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelTimer();
    super.channelInactive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (decided) {
      in.skipBytes(in.readableBytes());
      return;
    }
    Verdict v = classify(in, magic);
    if (!v.decided()) return;
    decided = true;
    cancelTimer();
    if (v.foreign() == null) {
      protocol.accept(ctx.pipeline());
      ctx.pipeline().remove(this); // hands the buffered bytes to the frame decoder
      return;
    }
    in.skipBytes(in.readableBytes());
    listener.onForeign(ctx.channel(), v.foreign());
    byte[] reply = v.foreign().reply();
    if (reply.length == 0) ctx.close();
    else ctx.writeAndFlush(Unpooled.wrappedBuffer(reply)).addListener(ChannelFutureListener.CLOSE);
  }

  private void startTimer(ChannelHandlerContext ctx) {
    if (timeout != null || decided) return;
    timeout = ctx.executor().schedule(() -> {
      if (!decided) {
        decided = true;
        ctx.fireExceptionCaught(new P2pProtocolException(Violation.HANDSHAKE_TIMEOUT,
            "no recognisable first bytes within " + timeoutMillis + " ms"));
      }
    }, timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private void cancelTimer() {
    if (timeout != null) timeout.cancel(false);
  }
}
