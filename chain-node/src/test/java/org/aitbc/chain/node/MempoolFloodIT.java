package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, defect 2, end to end: a real follower with bin/aitbc's default heap (768 MiB) whose authority
 * is unreachable, so nothing is sealed, flooded over HTTP with 60 kB payloads, refuses with MEMPOOL_FULL
 * while its heap has room, keeps answering /health, and never runs out of memory. Prints the heap and
 * resident memory at the first refusal (the figures in docs/benchmarks.md).
 */
class MempoolFloodIT {
  static final String CHAIN = "ait-flood";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path tmp;
  final KeyPair sender = TestKeys.key(1);

  @Test
  void aFloodedNodeThatIsNotSealingRefusesWithMempoolFullLongBeforeItsHeapRunsOut() throws Exception {
    Path genesis = tmp.resolve("genesis.json");
    KeyPair authority = TestKeys.key(0);
    Files.writeString(genesis, org.aitbc.chain.core.json.PyJson.dumps(Genesis.build(CHAIN, System.currentTimeMillis(),
        List.of(new Genesis.Authority(authority.address(), authority.publicKey())), Map.of(sender.address(), 1_000_000_000L),
        500, 1)));
    List<String> args = List.of("--genesis", genesis.toString(), "--data-dir", tmp.resolve("data").toString(),
        "--peer", "127.0.0.1:" + NodeProcess.freePort());
    // Without AITBC_JAVA_OPTS, bin/aitbc node start runs with its own defaults: -Xms640m -Xmx640m.
    try (NodeProcess node = NodeProcess.start(tmp, tmp.resolve("node.log"), args, Map.of(), List.of("AITBC_JAVA_OPTS"))) {
      assertEquals(192L << 20, metric(node, "aitbc_mempool_max_bytes"), "the default limit fits the default heap");
      String big = "m".repeat(60_000);
      AtomicLong nonces = new AtomicLong();
      AtomicLong accepted = new AtomicLong();
      AtomicLong firstFullAt = new AtomicLong(-1);
      long[] atFull = new long[2];
      ExecutorService senders = Executors.newFixedThreadPool(2);
      try {
        Future<?> a = senders.submit(() -> flood(node, big, nonces, accepted, firstFullAt, atFull));
        Future<?> b = senders.submit(() -> flood(node, big, nonces, accepted, firstFullAt, atFull));
        a.get();
        b.get();
      } finally {
        senders.shutdownNow();
      }
      assertTrue(firstFullAt.get() > 0, "never refused");
      long poolBytes = metric(node, "aitbc_mempool_bytes");
      assertTrue(poolBytes <= 192L << 20, "pool holds " + poolBytes);
      assertTrue(node.get("/health").isPresent(), "/health answers after the flood");
      assertTrue(node.process.isAlive());
      assertFalse(node.logText().contains("OutOfMemoryError"), node.logText());
      System.out.printf("flood of 60 kB payloads on a non-sealing node (-Xmx640m): %d accepted, first MEMPOOL_FULL "
          + "after %d submissions with the heap at %d MiB and RSS %d MiB; pool %d MiB of its 192 MiB limit%n",
          accepted.get(), firstFullAt.get(), atFull[0] >> 20, atFull[1] >> 10, poolBytes >> 20);
    }
  }

  /** Submits until the node has refused with MEMPOOL_FULL and then 200 more, recording the first refusal. */
  private void flood(NodeProcess node, String big, AtomicLong nonces, AtomicLong accepted, AtomicLong firstFullAt,
      long[] atFull) {
    try {
      long after = 0;
      while (after < 200) {
        long n = nonces.incrementAndGet();
        if (n > 20_000) throw new AssertionError("no MEMPOOL_FULL after 20,000 submissions of 60 kB");
        String body = Txs.transfer(sender, CHAIN).nonce(n).payload(big + n).jsonText();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + "/rpc/transaction"))
            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          accepted.incrementAndGet();
        } else if (r.body().contains("MEMPOOL_FULL")) {
          if (firstFullAt.compareAndSet(-1, n)) {
            atFull[0] = metric(node, "aitbc_jvm_heap_used_bytes");
            atFull[1] = residentKib(node.process.pid());
          }
          after++;
        } else {
          throw new AssertionError("submission " + n + " answered " + r.statusCode() + ": " + r.body());
        }
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static long metric(NodeProcess node, String name) throws Exception {
    String text = HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ")) return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
    }
    throw new AssertionError("no metric " + name + " in /metrics");
  }

  static long residentKib(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    throw new AssertionError("no VmRSS for " + pid);
  }
}
