package org.aitbc.chain.node.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.node.NodeConfig;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.aitbc.chain.wallet.Keystore;

/**
 * Real {@link org.aitbc.chain.node.Node}s in one JVM on 127.0.0.1 with port 0 everywhere: one authority
 * (key {@code TestKeys.key(0)}) and followers, each with its own data directory under the cluster's
 * folder. Funded accounts are {@code TestKeys.key(1..n)}.
 *
 * <pre>
 * try (Cluster c = Cluster.withAuthority().followers(3).blockTimeMs(200).start(tmp)) {
 *   c.awaitConverged(Duration.ofSeconds(20));
 * }
 * </pre>
 */
public final class Cluster implements AutoCloseable {
  public static final String CHAIN_ID = "ait-cluster";
  public static final long FUNDS = 1_000_000_000_000L;
  static final String PASSWORD = "cluster";

  /** Who the followers started with the cluster know. */
  public enum Topology {
    /** Every follower has the authority as its one --peer. */
    STAR,
    /** Follower 1 knows the authority, follower i knows follower i-1 only. */
    LINE
  }

  private final Path dir;
  private final Path genesisFile;
  private final Path keystore;
  private final Path password;
  private final Genesis genesis;
  private final ClusterNode authority;
  private final List<ClusterNode> followers = new ArrayList<>();
  private final Map<String, Long> nonces = new HashMap<>();

  public static Builder withAuthority() {
    return new Builder();
  }

  public static final class Builder {
    private int followers;
    private long blockTimeMs = 200;
    private int funded = 8;
    private Topology topology = Topology.STAR;

    private Builder() {}

    public Builder followers(int n) {
      this.followers = n;
      return this;
    }

    public Builder blockTimeMs(long ms) {
      this.blockTimeMs = ms;
      return this;
    }

    public Builder fundedAccounts(int n) {
      this.funded = n;
      return this;
    }

    public Builder topology(Topology t) {
      this.topology = t;
      return this;
    }

    /** Writes genesis and authority keystore into {@code dir} and starts every node. */
    public Cluster start(Path dir) throws Exception {
      Cluster c = new Cluster(dir, this);
      try {
        for (int i = 0; i < followers; i++) {
          ClusterNode peer = topology == Topology.LINE && i > 0 ? c.followers.get(i - 1) : c.authority;
          c.addFollower(peer);
        }
      } catch (Exception | Error e) {
        c.close();
        throw e;
      }
      return c;
    }
  }

  private Cluster(Path dir, Builder b) throws Exception {
    this.dir = dir;
    Files.createDirectories(dir);
    KeyPair auth = TestKeys.key(0);
    Map<String, Long> alloc = new LinkedHashMap<>();
    for (int i = 1; i <= b.funded; i++) alloc.put(account(i).address(), FUNDS);
    var json = Genesis.build(CHAIN_ID, System.currentTimeMillis(),
        List.of(new Genesis.Authority(auth.address(), auth.publicKey())), alloc, b.blockTimeMs, 1);
    this.genesisFile = dir.resolve("genesis.json");
    Files.writeString(genesisFile, PyJson.dumps(json));
    this.genesis = Genesis.fromJson(json);
    this.keystore = dir.resolve("authority.json");
    Keystore.write(keystore, Keystore.encrypt(auth, PASSWORD.toCharArray(), 1000, new SecureRandom()));
    this.password = dir.resolve("password");
    Files.writeString(password, PASSWORD + "\n");
    this.authority = new ClusterNode("authority", config(dir.resolve("authority"), List.of(), true));
    authority.start();
  }

  NodeConfig config(Path dataDir, List<String> peers, boolean isAuthority) {
    return new NodeConfig(genesisFile, dataDir, "127.0.0.1", 0, "127.0.0.1", 0, 0, peers,
        isAuthority ? keystore : null, isAuthority ? password : null, MempoolConfig.DEFAULTS, 0);
  }

  /** Starts a new follower (named f1, f2, ...) whose --peer list is {@code peers}. */
  public ClusterNode addFollower(ClusterNode... peers) throws Exception {
    return addFollowerAt(null, peers);
  }

  /** As {@link #addFollower}, with its data directory at {@code dataDir} (null: in the cluster's folder). */
  public ClusterNode addFollowerAt(Path dataDir, ClusterNode... peers) throws Exception {
    String name = "f" + (followers.size() + 1);
    List<String> seeds = new ArrayList<>();
    for (ClusterNode p : peers) seeds.add(p.p2pAddress());
    ClusterNode n = new ClusterNode(name, config(dataDir != null ? dataDir : dir.resolve(name), seeds, false));
    followers.add(n);
    n.start();
    return n;
  }

  public Genesis genesis() {
    return genesis;
  }

  public ClusterNode authority() {
    return authority;
  }

  /** Follower {@code i}, counting from 1 like their names. */
  public ClusterNode follower(int i) {
    return followers.get(i - 1);
  }

  public List<ClusterNode> followers() {
    return List.copyOf(followers);
  }

  public List<ClusterNode> nodes() {
    List<ClusterNode> all = new ArrayList<>();
    all.add(authority);
    all.addAll(followers);
    return all;
  }

  /** A funded account of the genesis ({@code i} from 1). */
  public static KeyPair account(int i) {
    return TestKeys.key(i);
  }

  /** A signed transfer from account {@code from} with its next nonce (the cluster counts nonces). */
  public synchronized Transaction transfer(int from, String payload) {
    KeyPair k = account(from);
    long nonce = nonces.merge(k.address(), 1L, Long::sum);
    return Txs.transfer(k, CHAIN_ID).to(TestKeys.key(1000 + from).address()).amount(1).fee(1).nonce(nonce).payload(payload).build();
  }

  /**
   * Makes the authority seal {@code n} more one-transaction blocks as fast as it can: each round submits a
   * transfer and calls {@code sealNow} on the engine thread (the block timer may seal some of them itself).
   */
  public void sealBlocks(int n, int fromAccount) {
    var node = authority.node();
    long target = node.store().head().height() + n;
    int i = 0;
    while (node.store().head().height() < target) {
      Transaction tx = transfer(fromAccount, "b" + i++);
      var r = node.api().submit(tx);
      if (r.status() != 200) throw new AssertionError("the authority refused a transfer: " + r.json());
      node.engine().onEngineThread(node.engine()::sealNow);
    }
  }

  /** Waits until every running node has the same head, and returns its height. */
  public long awaitConverged(Duration timeout) {
    Await.until("all heads to agree: " + heads(), timeout, this::converged);
    return authority.height();
  }

  public boolean converged() {
    List<ClusterNode> running = nodes().stream().filter(ClusterNode::running).toList();
    var first = running.get(0).head();
    for (ClusterNode n : running) {
      if (!n.head().hash().equals(first.hash())) return false;
    }
    return true;
  }

  /** "name=height" of every node, for failure messages. */
  public String heads() {
    return nodes().stream().map(n -> n.name() + "=" + (n.running() ? Long.toString(n.height()) : "down"))
        .collect(Collectors.joining(", "));
  }

  /** The chain of {@code n} from block 1 to its head. */
  public static List<Block> chainOf(ClusterNode n) {
    List<Block> out = new ArrayList<>();
    long top = n.height();
    for (long h = 1; h <= top; h++) {
      long height = h;
      Optional<Block> b = n.node().store().blockAt(height);
      out.add(b.orElseThrow(() -> new AssertionError(n.name() + " lacks block " + height)));
    }
    return out;
  }

  @Override
  public void close() {
    List<ClusterNode> all = nodes();
    for (int i = all.size() - 1; i >= 0; i--) all.get(i).stop();
  }
}
