package org.aitbc.chain.node.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.node.Scratch;
import org.aitbc.chain.node.NodeCommandPaths;
import org.aitbc.chain.wallet.Keystore;

/**
 * The soak's network in one folder: a genesis funding the senders, the authority's keystore, and two
 * {@link ChildNode}s (the authority, and a follower whose one --peer is the authority), each with its own
 * data directory, log and ports that stay the same over every restart.
 *
 * <pre>
 * HOME/genesis.json  authority.json  password  authority/ (data)  follower/ (data)  authority.log  follower.log
 * </pre>
 */
final class SoakNet implements AutoCloseable {
  static final String CHAIN_ID = "ait-soak";
  private static final String PASSWORD = "soak";

  final ChildNode authority;
  final ChildNode follower;
  final List<KeyPair> senders = new ArrayList<>();
  final List<String> recipients = new ArrayList<>();

  /** {@code nodeOpts}: the nodes' JVM options (null: bin/aitbc's defaults for node start). */
  SoakNet(Path home, long seed, int senderCount, long blockTimeMs, String nodeOpts) throws IOException {
    for (int i = 0; i < senderCount; i++) {
      senders.add(key(seed, "sender", i));
      recipients.add(key(seed, "agent", i).address());
    }
    KeyPair authorityKey = key(seed, "authority", 0);
    Map<String, Long> alloc = new LinkedHashMap<>();
    for (KeyPair k : senders) alloc.put(k.address(), 1_000_000_000_000L);
    Path genesis = home.resolve("genesis.json");
    Files.writeString(genesis, PyJson.dumps(Genesis.build(CHAIN_ID, System.currentTimeMillis(),
        List.of(new Genesis.Authority(authorityKey.address(), authorityKey.publicKey())), alloc, blockTimeMs, 1)));
    Path keystore = home.resolve("authority.json");
    Keystore.write(keystore, Keystore.encrypt(authorityKey, PASSWORD.toCharArray(), 1000, new SecureRandom()));
    Path password = home.resolve("password");
    Files.writeString(password, PASSWORD + "\n");

    Map<String, String> env = new HashMap<>();
    env.put("AITBC_NO_BUILD", "1");
    env.put("AITBC_HOME", home.toString());
    env.put("AITBC_KEYSTORE", home.resolve("keystore").toString());
    env.put("AITBC_JAVA_OPTS", nodeOpts);
    int authorityRpc = Scratch.freePort();
    int authorityP2p = Scratch.freePort();
    this.authority = new ChildNode("authority", command(genesis, home.resolve("authority"), authorityRpc, authorityP2p,
        List.of("--authority-keystore", keystore.toString(), "--password-file", password.toString())), env,
        home.resolve("authority.log"), authorityRpc);
    int followerRpc = Scratch.freePort();
    this.follower = new ChildNode("follower", command(genesis, home.resolve("follower"), followerRpc, Scratch.freePort(),
        List.of("--peer", "127.0.0.1:" + authorityP2p)), env, home.resolve("follower.log"), followerRpc);
  }

  private static List<String> command(Path genesis, Path data, int rpc, int p2p, List<String> extra) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(NodeCommandPaths.launcher().toString(), "node", "start",
        "--genesis", genesis.toString(), "--data-dir", data.toString(), "--rpc-host", "127.0.0.1",
        "--rpc-port", Integer.toString(rpc), "--p2p-host", "127.0.0.1", "--p2p-port", Integer.toString(p2p),
        "--grpc-port", Integer.toString(Scratch.freePort()), "--submit-rate", "0"));
    cmd.addAll(extra);
    return cmd;
  }

  /** A key that depends only on the seed, so the same seed makes the same chain of senders. */
  private static KeyPair key(long seed, String what, int i) {
    return KeyPair.fromSeed(Hashes.sha256(("aitbc-soak/" + seed + "/" + what + "/" + i).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() throws InterruptedException {
    try {
      follower.close();
    } finally {
      authority.close();
    }
  }
}
