package org.aitbc.chain.node;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.wallet.Keystore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The catch-up benchmark of issue 3, as a program (not a test): an authority node seals a chain of
 * {@code --txs} transfers in full blocks; then a fresh follower joins with the authority as its one
 * {@code --peer} and syncs the chain over P2P on loopback, every block fully verified. Prints blocks/s and
 * tx/s imported next to this machine's Ed25519 verify rate (one thread and all cores) measured in the
 * same run, then the propagation latency authority seal -> follower import (p50/p99) of single blocks.
 * Both nodes run in this JVM (real {@link Node}s with RocksDB in a temporary folder and Netty on
 * 127.0.0.1), so they share the machine's cores.
 *
 * <pre>
 * java -cp 'chain-node/target/chain-node.jar:chain-node/target/lib/*' org.aitbc.chain.node.SyncBench [--txs 50000]
 * </pre>
 */
@Command(name = "SyncBench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Catch-up speed and block propagation latency of a follower syncing over P2P on loopback.")
public final class SyncBench implements Callable<Integer> {
  @Option(names = "--txs", defaultValue = "50000", description = "Transactions in the chain to sync (default ${DEFAULT-VALUE})")
  int txs;

  @Option(names = "--block-txs", defaultValue = "0", description = "max_block_txs of the bench chain (0 = the chain default, 10,000)")
  int blockTxs;

  @Option(names = "--senders", defaultValue = "1000", description = "Distinct funded senders (default ${DEFAULT-VALUE})")
  int senders;

  @Option(names = "--payload-bytes", defaultValue = "64", description = "Message payload size (default ${DEFAULT-VALUE})")
  int payloadBytes;

  @Option(names = "--samples", defaultValue = "200", description = "Single blocks timed for propagation (default ${DEFAULT-VALUE})")
  int samples;

  @Option(names = "--rounds", defaultValue = "2",
      description = "Fresh followers that sync the chain one after the other (default ${DEFAULT-VALUE}): the first "
          + "meets a cold JIT, as a newly started node process does; later ones show the warmed-up import rate")
  int rounds;

  @Option(names = "--keep", description = "Keep the bench folder (chains and node logs)")
  boolean keep;

  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(new CommandLine(new SyncBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf("machine: %d cores, java %s%n", cores, System.getProperty("java.version"));
    double verify1 = BenchCommand.verifyRate(1);
    double verifyAll = BenchCommand.verifyRate(cores);
    System.out.printf("ed25519 verify: %.0f/s one thread, %.0f/s all %d cores%n", verify1, verifyAll, cores);

    Path dir = Files.createTempDirectory("aitbc-syncbench");
    String chainId = "ait-syncbench";
    KeyPair authority = KeyPair.generate(new SecureRandom());
    List<KeyPair> keys = IntStream.range(0, senders).parallel().mapToObj(SyncBench::senderKey).toList();
    Path genesis = writeGenesis(dir, chainId, authority, keys, blockTxs, 600_000);
    Path ks = dir.resolve("authority.json");
    Keystore.write(ks, Keystore.encrypt(authority, "bench".toCharArray(), 1000, new SecureRandom()));
    Path pw = dir.resolve("password");
    Files.writeString(pw, "bench");
    MempoolConfig pool = new MempoolConfig(Math.max(txs + samples, 200_000), 1L << 30, Math.max(10_000, txs / senders + samples + 1),
        3_600_000);

    Node a = null;
    Node f = null;
    try {
      a = new Node(new NodeConfig(genesis, dir.resolve("authority"), "127.0.0.1", 0, "127.0.0.1", 0, 0, List.of(), ks, pw, pool, 0));
      long[] nonces = new long[senders];
      buildChain(a, chainId, keys, nonces);
      long top = a.store().head().height();
      long chainTxs = a.engine().stats().txsSealed.get();

      Node follower = null;
      for (int round = 1; round <= Math.max(1, rounds); round++) {
        if (follower != null) follower.close();
        follower = null;
        f = null;
        String label = round == 1 ? "first follower in this JVM" : "JIT warmed up by the round before";
        f = syncFresh(a, genesis, dir.resolve("follower-" + round), pool, top, chainTxs, verifyAll, "round " + round + " (" + label + ")");
        follower = f;
      }
      propagation(a, follower, chainId, keys, nonces);
      return 0;
    } finally {
      if (f != null) f.close();
      if (a != null) a.close();
      if (keep) System.out.println("kept " + dir);
      else Scratch.deleteTree(dir);
    }
  }

  /**
   * A bench chain: {@code keys} funded, one authority; a long {@code blockTimeMs} so that the authority seals when
   * the bench says so (sealNow), not on a timer; {@code blockTxs} > 0 sets max_block_txs.
   */
  static Path writeGenesis(Path dir, String chainId, KeyPair authority, List<KeyPair> keys, int blockTxs, long blockTimeMs)
      throws Exception {
    Map<String, Long> alloc = new LinkedHashMap<>();
    for (KeyPair k : keys) alloc.put(k.address(), 1_000_000_000_000L);
    JsonObject g = Genesis.build(chainId, System.currentTimeMillis(),
        List.of(new Genesis.Authority(authority.address(), authority.publicKey())), alloc, blockTimeMs, 1);
    if (blockTxs > 0) g = Genesis.withParam(g, "max_block_txs", blockTxs);
    Path file = dir.resolve("genesis.json");
    GenesisCommand.writeGenesis(file, g);
    return file;
  }

  /** Fills the authority's pool with {@code txs} signed transfers and seals until it is empty. */
  private void buildChain(Node a, String chainId, List<KeyPair> keys, long[] nonces) {
    long t0 = System.nanoTime();
    String payload = "m".repeat(Math.max(0, payloadBytes));
    List<Transaction> list = IntStream.range(0, txs).parallel()
        .mapToObj(i -> transfer(keys, i % senders, 1 + i / senders, chainId, payload)).toList();
    for (int i = 0; i < senders; i++) nonces[i] = i < txs ? (txs - 1 - i) / senders + 1 : 0;
    System.out.printf("signed %d transfers from %d senders in %.1f s%n", txs, senders, (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    // In nonce order: the authority's own timer may seal while the pool fills.
    list.forEach(tx -> {
      var r = a.api().submit(tx);
      if (r.status() != 200) throw new IllegalStateException("the authority refused a bench transfer: " + r.json());
    });
    System.out.printf("pooled in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    while (a.mempool().hasExecutable()) a.engine().onEngineThread(a.engine()::sealNow);
    System.out.printf("authority sealed %d blocks with %d txs in %.1f s%n", a.store().head().height(),
        a.engine().stats().txsSealed.get(), (System.nanoTime() - t0) / 1e9);
  }

  /** A fresh follower with the authority as its one peer; returns once it has the whole chain, after printing the rate. */
  private static Node syncFresh(Node a, Path genesis, Path dataDir, MempoolConfig pool, long top, long chainTxs,
      double verifyAll, String label) throws Exception {
    AtomicLong lastImportNs = new AtomicLong();
    long connectedNs = 0;
    long cpu0 = BenchCommand.cpuMillis(ProcessHandle.current().pid());
    long t0 = System.nanoTime();
    Node follower = new Node(new NodeConfig(genesis, dataDir, "127.0.0.1", 0, "127.0.0.1", 0, 0,
        List.of("127.0.0.1:" + a.p2pPort()), null, null, pool, 0));
    try {
      follower.engine().addListener((b, here) -> lastImportNs.set(System.nanoTime()));
      while (follower.store().head().height() < top) {
        Thread.sleep(2);
        if (connectedNs == 0 && !follower.p2p().peers().isEmpty()) connectedNs = System.nanoTime();
        if (System.nanoTime() - t0 > 600_000_000_000L) throw new IllegalStateException("the follower did not sync in 10 minutes");
      }
    } catch (Exception | Error e) {
      follower.close();
      throw e;
    }
    double s = ((lastImportNs.get() == 0 ? System.nanoTime() : lastImportNs.get()) - t0) / 1e9;
    long cpuMs = BenchCommand.cpuMillis(ProcessHandle.current().pid()) - cpu0;
    var fs = follower.engine().stats();
    System.out.println();
    System.out.printf("catch-up %s: %d blocks, %d txs from a fresh follower (one --peer, loopback) in %.2f s%n", label, top,
        chainTxs, s);
    System.out.printf("  %.1f blocks/s, %.0f tx/s imported (target >= 10,000 tx/s); %.2f of the all-core verify rate%n",
        top / s, chainTxs / s, chainTxs / s / verifyAll);
    if (connectedNs > 0) {
      System.out.printf("  of which starting the follower and its handshake with the authority: %.2f s%n", (connectedNs - t0) / 1e9);
    }
    System.out.printf("  time inside the engine's import (verify, execute, write): %.2f s of %.2f s%n",
        fs.importNanosTotal.get() / 1e9, s);
    if (cpuMs >= 0) {
      System.out.printf("  CPU used by the JVM (both nodes, JIT and GC included): %.1f s (%.0f us per tx)%n", cpuMs / 1000.0,
          cpuMs * 1000.0 / chainTxs);
    }
    return follower;
  }

  /** Seals single one-tx blocks on the authority and times each until the follower has imported it. */
  private void propagation(Node a, Node f, String chainId, List<KeyPair> keys, long[] nonces) throws InterruptedException {
    Map<Long, Long> sealedAt = new ConcurrentHashMap<>();
    Map<Long, Long> importedAt = new ConcurrentHashMap<>();
    a.engine().addListener((b, here) -> sealedAt.put(b.height(), System.nanoTime()));
    f.engine().addListener((b, here) -> importedAt.put(b.height(), System.nanoTime()));
    long[] ms = new long[samples];
    int n = 0;
    for (int i = 0; i < samples; i++) {
      int sender = i % senders;
      Transaction tx = transfer(keys, sender, ++nonces[sender], chainId, "p" + i);
      var r = a.api().submit(tx);
      if (r.status() != 200) throw new IllegalStateException("the authority refused a transfer: " + r.json());
      var b = a.engine().onEngineThread(a.engine()::sealNow);
      if (b.isEmpty()) continue;
      long h = b.get().height();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!importedAt.containsKey(h)) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("the follower did not import block " + h + " in 30 s");
        Thread.sleep(0, 200_000);
      }
      ms[n++] = importedAt.get(h) - sealedAt.get(h);
    }
    long[] lat = Arrays.copyOf(ms, n);
    Arrays.sort(lat);
    if (n == 0) return;
    System.out.printf("propagation seal -> follower import, %d single blocks: p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p50 <= 50 ms)%n",
        n, lat[n / 2] / 1e6, lat[Math.min(n - 1, (int) (n * 0.99))] / 1e6, lat[n - 1] / 1e6);
  }

  static KeyPair senderKey(int i) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 9);
    seed[0] = (byte) i;
    seed[1] = (byte) (i >> 8);
    seed[2] = (byte) (i >> 16);
    return KeyPair.fromSeed(seed);
  }

  /** A signed transfer of 1 (fee 1) from sender {@code sender} to the next key. */
  static Transaction transfer(List<KeyPair> keys, int sender, long nonce, String chainId, String payload) {
    KeyPair k = keys.get(sender);
    JsonObject body = Json.obj("amount", 1L, "chain_id", chainId, "fee", 1L, "from", k.address(), "nonce", nonce,
        "payload", payload, "to", keys.get((sender + 1) % keys.size()).address(), "type", "transfer");
    byte[] sig = k.sign(PyJson.dumps(body).getBytes(StandardCharsets.US_ASCII));
    Map<String, JsonValue> m = new LinkedHashMap<>(body.members());
    m.put("signature", JsonValue.str(Bytes.wrap(sig).hex()));
    m.put("public_key", JsonValue.str(k.publicKey().hex()));
    TxCodec.Parsed p = TxCodec.parse(new JsonObject(m), Integer.MAX_VALUE);
    if (!p.isOk()) throw new IllegalStateException(p.refusal().toString());
    return p.tx();
  }
}
