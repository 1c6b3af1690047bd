package org.aitbc.chain.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.block.Header;
import org.aitbc.chain.core.block.MerkleTree;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.state.StateCommitment;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.core.store.Cursor;
import org.aitbc.chain.core.store.TxLocation;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;
import org.aitbc.chain.core.util.Bytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aitbc bench-inbox}: how fast an agent's inbox is read as the store grows. Fills a real RocksDB
 * store with message transactions to many recipients (blocks written straight through the store: this
 * measures the query, not sealing, so signatures are placeholders), then times inbox pages for random
 * recipients at each size step and prints p50/p99/max.
 */
@Command(name = "bench-inbox", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Time inbox queries (pages of 100 through the node's query facade) as the number of stored messages grows.")
public final class InboxBench implements Callable<Integer> {
  @Option(names = "--messages", defaultValue = "1000000", description = "Messages to store in total (default ${DEFAULT-VALUE})")
  int total;

  @Option(names = "--steps", defaultValue = "10000,100000,1000000", split = ",", description = "Sizes at which to measure")
  List<Integer> steps;

  @Option(names = "--recipients", defaultValue = "10000", description = "Distinct recipients (default ${DEFAULT-VALUE})")
  int recipients;

  @Option(names = "--queries", defaultValue = "5000", description = "Queries per measurement (default ${DEFAULT-VALUE})")
  int queries;

  @Option(names = "--block-txs", defaultValue = "10000", description = "Messages per block (default ${DEFAULT-VALUE})")
  int blockTxs;

  /** The node's query facade over the store (what HTTP and gRPC call), without a network around it. */
  private static org.aitbc.chain.rpc.NodeApi queryApi(ChainStore store) {
    var verifier = new org.aitbc.chain.core.crypto.SignatureVerifier(1024);
    var pool = new org.aitbc.chain.core.mempool.Mempool(org.aitbc.chain.core.mempool.MempoolConfig.DEFAULTS,
        store.genesis().params(), verifier, System::currentTimeMillis);
    var engine = new org.aitbc.chain.consensus.ChainEngine(store, verifier, org.aitbc.chain.consensus.PendingTransactions.of(pool), null,
        System::currentTimeMillis, java.util.concurrent.Executors.newSingleThreadScheduledExecutor(),
        java.util.concurrent.ForkJoinPool.commonPool());
    return new org.aitbc.chain.rpc.NodeApi(store, pool, engine, new org.aitbc.chain.core.metrics.Metrics(),
        org.aitbc.chain.rpc.NetworkStatus.NONE, new org.aitbc.chain.rpc.SubmitRateLimiter(0, 1, System::nanoTime),
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor());
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("aitbc-inbox-bench");
    KeyPair authority = KeyPair.fromSeed(new byte[32]);
    List<String> to = new ArrayList<>();
    for (int i = 0; i < recipients; i++) to.add(String.format("ait1%040x", i + 1));
    String from = authority.address();
    Genesis g = Genesis.fromJson(Genesis.build("ait-inbox-bench", 1_700_000_000_000L,
        List.of(new Genesis.Authority(authority.address(), authority.publicKey())), Map.of(), 1000, 1));
    String sig = "00".repeat(64);
    Random rnd = new Random(42);
    try (ChainStore store = ChainStore.open(dir.resolve("chain"), g)) {
      int written = 0;
      long t0 = System.nanoTime();
      org.aitbc.chain.rpc.NodeApi api = queryApi(store);
      for (int step : steps) {
        int target = Math.min(step, total);
        while (written < target) {
          int n = Math.min(blockTxs, target - written);
          List<Transaction> txs = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            int k = written + i;
            Map<String, JsonValue> m = new LinkedHashMap<>(Json.obj("amount", 0L, "chain_id", g.chainId(), "fee", 1L,
                "from", from, "nonce", (long) k, "payload", "message " + k, "to", recipient(to, k), "type", "transfer",
                "signature", sig).members());
            txs.add(TxCodec.parse(new JsonValue.JsonObject(m), 1 << 16).tx());
          }
          Block parent = store.head();
          StateCommitment.Update u = store.commitment().prepare(Map.of(), store);
          Header h = new Header(g.chainId(), parent.height() + 1, parent.hash(), parent.header().timestampMs() + 1000,
              authority.address(), n, MerkleTree.root(txs.stream().map(Transaction::hash).toList()), u.root());
          store.commitBlock(Block.sealed(h, Bytes.wrap(authority.sign(h.signingBytes())), txs), Map.of(), u);
          written += n;
        }
        System.out.printf("stored %,d messages (%,d per recipient) in %.1f s, store %d MiB%n", written,
            written / recipients, (System.nanoTime() - t0) / 1e9,
            store.sizes().values().stream().mapToLong(Long::longValue).sum() >> 20);
        measure(api, to, rnd, "first page (limit 100)", c -> Cursor.START);
        measure(api, to, rnd, "page after a random cursor", c -> new Cursor(1, rnd.nextInt(10_000)));
        if (written >= total) break;
      }
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  /**
   * The first 10,000 messages go to 100 "hot" agents (100 each); the rest spread over the other
   * recipients. Queries read the hot agents' inboxes, so every measurement does the same work (a full
   * page of 100) and only the store's size changes between steps.
   */
  static String recipient(List<String> to, int k) {
    return k < 10_000 ? to.get(k % 100) : to.get(100 + k % (to.size() - 100));
  }

  private void measure(org.aitbc.chain.rpc.NodeApi api, List<String> to, Random rnd, String what,
      java.util.function.Function<String, Cursor> cursor) {
    for (int i = 0; i < 500; i++) api.messages(to.get(rnd.nextInt(100)), "", 100, 0).join(); // warm up
    long[] ns = new long[queries];
    int found = 0;
    for (int i = 0; i < queries; i++) {
      String a = to.get(rnd.nextInt(100));
      Cursor c = cursor.apply(a);
      long t = System.nanoTime();
      var resp = api.messages(a, c.toString(), 100, 0).join();
      var page = ((org.aitbc.chain.core.json.JsonValue.JsonArray) ((org.aitbc.chain.core.json.JsonValue.JsonObject) resp.json())
          .members().get("messages")).elements();
      ns[i] = System.nanoTime() - t;
      found += page.size();
    }
    Arrays.sort(ns);
    System.out.printf("  %-26s p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%.0f messages/page)%n", what, ns[queries / 2] / 1e6,
        ns[(int) (queries * 0.99)] / 1e6, ns[queries - 1] / 1e6, (double) found / queries);
  }
}
