package org.aitbc.chain.p2p;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.handshake.Handshake;
import org.aitbc.chain.p2p.message.MessageCodec;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.aitbc.chain.p2p.wire.Command;
import org.aitbc.chain.p2p.wire.Frame;
import org.aitbc.chain.p2p.wire.WireFormat;

/**
 * A peer on a plain blocking socket that speaks the real protocol (frames, a signed version, verack) but says
 * whatever a test wants: any best height, any time. After the handshake a daemon thread answers pings and
 * queues every other message; the peer never answers "getblocks" or "getdata" on its own.
 */
public final class RawPeer implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final MessageCodec codec;
  private final BlockingQueue<P2pMessage> received = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  /**
   * Dials {@code 127.0.0.1:port} and completes the handshake with a version signed by {@code key} that claims
   * {@code bestHeight} (its best hash is made up) and the time {@code timestampMs}.
   */
  public static RawPeer connect(int port, Bytes genesis, String chainId, KeyPair key, long bestHeight, long timestampMs)
      throws IOException {
    return connect("127.0.0.1", port, genesis, chainId, key, bestHeight, timestampMs);
  }

  /** The same from the loopback address {@code fromHost} (e.g. 127.1.0.1: another network group than 127.0.0.1). */
  public static RawPeer connect(String fromHost, int port, Bytes genesis, String chainId, KeyPair key, long bestHeight,
      long timestampMs) throws IOException {
    RawPeer p = new RawPeer(fromHost, port, genesis);
    try {
      p.write(Handshake.version(key, chainId, genesis, bestHeight, TestData.hash("made-up tip " + bestHeight), "", 0,
          "raw-peer/1", System.nanoTime(), timestampMs));
      boolean version = false;
      boolean verack = false;
      while (!version || !verack) {
        P2pMessage m = p.readFrame();
        if (m instanceof P2pMessage.Version) {
          version = true;
          p.write(new P2pMessage.Verack());
        } else if (m instanceof P2pMessage.Verack) {
          verack = true;
        } else {
          throw new IOException("handshake answered with " + m);
        }
      }
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
    p.socket.setSoTimeout(0); // from now on the reader waits for as long as the connection lasts
    Thread t = new Thread(p::readLoop, "raw-peer-" + port);
    t.setDaemon(true);
    t.start();
    return p;
  }

  private RawPeer(String fromHost, int port, Bytes genesis) throws IOException {
    this.codec = new MessageCodec(WireFormat.magic(genesis));
    this.socket = new Socket();
    socket.bind(new InetSocketAddress(fromHost, 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(30_000);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new DataOutputStream(socket.getOutputStream());
  }

  public void send(P2pMessage m) throws IOException {
    write(m);
  }

  /** The next message of {@code type} the node sent (others are skipped), waiting up to {@code wait}. */
  public <T extends P2pMessage> T await(Class<T> type, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      P2pMessage m = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (m == null) throw new AssertionError("no " + type.getSimpleName() + " within " + wait);
      if (type.isInstance(m)) return type.cast(m);
    }
  }

  /** Whether the node closed the connection. */
  public boolean closed() {
    return closed;
  }

  private synchronized void write(P2pMessage m) throws IOException {
    Frame f = codec.encode(m);
    byte[] body = f.body().unsafeArray();
    out.writeInt(f.magic());
    out.write(f.command().padded());
    out.writeInt(body.length);
    out.writeInt(WireFormat.checksum(body));
    out.write(body);
    out.flush();
  }

  private P2pMessage readFrame() throws IOException {
    int magic = in.readInt();
    byte[] command = new byte[Command.LENGTH];
    in.readFully(command);
    int length = in.readInt();
    in.readInt(); // checksum: the node's frames are trusted here
    byte[] body = new byte[length];
    in.readFully(body);
    Command c = Command.fromWire(command).orElseThrow(() -> new IOException("unknown command from the node"));
    return codec.decode(new Frame(magic, c, Bytes.wrap(body)));
  }

  private void readLoop() {
    try {
      while (true) {
        P2pMessage m = readFrame();
        if (m instanceof P2pMessage.Ping ping) write(new P2pMessage.Pong(ping.nonce()));
        else received.add(m);
      }
    } catch (IOException | RuntimeException e) {
      closed = true; // end of stream, reset, or our own close
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
