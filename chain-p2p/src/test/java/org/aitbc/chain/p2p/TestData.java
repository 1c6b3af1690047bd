package org.aitbc.chain.p2p;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.handshake.Handshake;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.aitbc.chain.p2p.pipeline.ViolationListener;
import org.aitbc.chain.p2p.wire.Violation;

/** Small shared fixtures for the chain-p2p tests. */
public final class TestData {
  public static final Bytes GENESIS_A = hash("genesis-a");
  public static final Bytes GENESIS_B = hash("genesis-b");

  private TestData() {}

  public static Bytes hash(String s) {
    return Bytes.wrap(Hashes.sha256(s.getBytes(StandardCharsets.UTF_8)));
  }

  public static KeyPair key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[31] = 7;
    return KeyPair.fromSeed(seed);
  }

  public static P2pMessage.Version version(int key, Bytes genesis, String chainId, long nonce) {
    return Handshake.version(key(key), chainId, genesis, 5, hash("best"), "127.0.0.1", 9001, "test/1", nonce, 1_700_000_000_000L);
  }

  /** Records violations reported by a ViolationHandler. */
  public static final class Violations implements ViolationListener {
    public final List<Violation> seen = new ArrayList<>();
    public final List<String> details = new ArrayList<>();

    @Override
    public void onViolation(io.netty.channel.Channel channel, Violation violation, String detail) {
      seen.add(violation);
      details.add(detail);
    }
  }
}
