package org.aitbc.chain.p2p;

import static org.aitbc.chain.p2p.P2pNetworkTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.aitbc.chain.p2p.wire.ForeignProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Another protocol on the P2P port of a real P2pNetwork (real sockets on 127.0.0.1): answered or closed,
 * counted, its host slowed down briefly, never banned, and an honest node on the same host still connects.
 */
class ForeignProtocolNetworkTest {
  static final String AITBC_HANDSHAKE =
      "{\"type\":\"handshake\",\"node_id\":\"aitbc-node-1\",\"chain_id\":\"ait-test\",\"height\":0}\n";
  static final byte[] CLIENT_HELLO = {0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01, 0x00, 0x00, (byte) 0xc4, 0x03, 0x03};

  final P2pNetworkTest nodes = new P2pNetworkTest();

  @AfterEach
  void closeAll() {
    nodes.closeAll();
  }

  /** Connects from {@code fromHost}, sends {@code bytes}, and returns all it reads until the node closes. */
  static byte[] exchange(String fromHost, int port, byte[] bytes) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(fromHost, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(20_000);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try {
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) got.write(buf, 0, n);
      } catch (java.net.SocketException reset) {
        // closed at accept, with our bytes unread: a reset is as good as an end of stream
      }
      return got.toByteArray();
    }
  }

  static String exchange(int port, String text) throws IOException {
    return new String(exchange("127.0.0.1", port, text.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
  }

  static long count(P2pNetworkTest.Node n, ForeignProtocol p) {
    return n.net().metrics().foreign().byProtocol().get(p);
  }

  @Test
  void anAitbcHandshakeFromLoopbackIsClosedAndAnHonestFollowerThereConnectsAtOnce() throws Exception {
    FakeChain chain = new FakeChain("ait-test");
    chain.extend(5, "a");
    // banLoopback on: the line-JSON sender would have cost 127.0.0.1 a 24-hour ban before
    P2pNetworkTest.Node a = nodes.start(chain, nodes.config().build());
    String reply = exchange(a.net().listenPort(), AITBC_HANDSHAKE);
    assertTrue(reply.startsWith("{\"type\":\"error\",\"reason\":\"unsupported_protocol\""), reply);
    assertEquals(1, count(a, ForeignProtocol.LINE_JSON));
    P2pNetworkTest.Node b = nodes.start(a);
    await("the follower on the same host shakes hands and syncs", () -> b.chain().bestHeight() == 5 && a.connectedTo(b));
    assertEquals(chain.bestHash(), b.chain().bestHash());
    P2pMetrics m = a.net().metrics();
    assertEquals(0, m.bans());
    assertEquals(0, m.violations(), "another protocol is no misbehaviour");
    assertEquals(0, m.refusedConnections());
    assertFalse(a.net().isBanned("127.0.0.1"));
  }

  @Test
  void httpGetsA400AndATlsHelloIsClosedWithoutAnswer() throws Exception {
    P2pNetworkTest.Node a = nodes.start();
    int port = a.net().listenPort();
    String http = exchange(port, "GET /rpc/head HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertTrue(http.startsWith("HTTP/1.1 400 Bad Request\r\n") && http.contains("P2P port"), http);
    assertEquals(0, exchange("127.0.0.1", port, CLIENT_HELLO).length, "a TLS client gets nothing it cannot read");
    assertEquals(1, count(a, ForeignProtocol.HTTP));
    assertEquals(1, count(a, ForeignProtocol.TLS));
    assertEquals(0, a.net().metrics().bans());
    P2pNetworkTest.Node b = nodes.start(a);
    await("an honest peer connects", () -> a.connectedTo(b) && b.connectedTo(a));
  }

  @Test
  void aFloodIsRefusedAtAcceptUntilTheWindowEndsOnTheInjectedClock() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    P2pConfig config = nodes.config().foreignLimit(new ForeignProtocolLimiter.Config(Duration.ofSeconds(30), 3, 2)).build();
    P2pNetworkTest.Node a = nodes.start(new FakeChain("ait-test"), config, clock);
    int port = a.net().listenPort();
    int answered = 0;
    for (int i = 0; i < 10; i++) if (!exchange(port, AITBC_HANDSHAKE).isEmpty()) answered++;
    assertEquals(3, answered, "the allowance is sniffed and answered, the rest closed at accept");
    ForeignProtocolLimiter.Stats s = a.net().metrics().foreign();
    assertEquals(3, s.byProtocol().get(ForeignProtocol.LINE_JSON));
    assertEquals(7, s.refused());
    assertEquals(7, a.net().metrics().refusedConnections());
    // past the allowance the host is briefly refused, honest or not; after the window it is welcome again
    P2pNetworkTest.Node b = nodes.start(a);
    await("the follower is refused during the window", () -> a.net().metrics().foreign().refused() > 7);
    assertFalse(a.connectedTo(b));
    clock.advance(Duration.ofSeconds(30));
    await("the follower connects once the window ended", () -> a.connectedTo(b) && b.connectedTo(a));
    assertEquals(0, a.net().metrics().bans());
    // the table holds two hosts: a third evicts the oldest window
    for (String host : new String[] {"127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
      exchange(host, port, AITBC_HANDSHAKE.getBytes(StandardCharsets.US_ASCII));
    }
    s = a.net().metrics().foreign();
    assertEquals(2, s.trackedHosts());
    assertEquals(1, s.evicted());
  }

  @Test
  void logsSayWhatHappenedOncePerWindowAndThatAnExemptHostWasNotBanned() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(new TeeStream(err, log), true, StandardCharsets.UTF_8));
    try {
      P2pNetworkTest.Node a = nodes.start(new FakeChain("ait-test"), nodes.config().banLoopback(false).build());
      int port = a.net().listenPort();
      exchange(port, AITBC_HANDSHAKE);
      exchange(port, AITBC_HANDSHAKE);
      byte[] junk = new byte[64];
      new Random(3).nextBytes(junk);
      exchange("127.0.0.1", port, junk);
      String exempt = "address 127.0.0.1 not discouraged (exempt: loopback)";
      await("the exempt ban is logged", () -> text(log).contains(exempt));
      String closed = ": speaks line-JSON (AITBC?), not this node's P2P protocol; 127.0.0.1 rate-limited for PT30S";
      assertEquals(1, text(log).split(java.util.regex.Pattern.quote(closed), -1).length - 1, "once per window");
      assertTrue(text(log).contains("closed 127.0.0.1:"));
      assertFalse(text(log).contains("banned 127.0.0.1 for"), "no log claims a ban that did not happen");
      P2pMetrics m = a.net().metrics();
      assertEquals(0, m.bans());
      assertEquals(1, m.banExemptions());
      assertFalse(a.net().isBanned("127.0.0.1"));
    } finally {
      System.setErr(err);
    }
  }

  private static String text(ByteArrayOutputStream log) {
    synchronized (log) {
      return log.toString(StandardCharsets.UTF_8);
    }
  }

  /** Writes to the real stderr and into a buffer. */
  private static final class TeeStream extends java.io.OutputStream {
    private final PrintStream real;
    private final ByteArrayOutputStream copy;

    TeeStream(PrintStream real, ByteArrayOutputStream copy) {
      this.real = real;
      this.copy = copy;
    }

    @Override
    public void write(int b) {
      real.write(b);
      synchronized (copy) {
        copy.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      real.write(b, off, len);
      synchronized (copy) {
        copy.write(b, off, len);
      }
    }
  }
}
