package org.aitbc.chain.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * {@code bench --aitbc-sqlite}: after the load, how far the AITBC SQLite mirror is behind the head (blocks and
 * block-seconds, from the node's /metrics) and how long it takes to catch up.
 */
final class BenchMirror {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private BenchMirror() {}

  static void report(int port, Duration timeout) throws Exception {
    String m = metrics(port);
    double lagBlocks = gauge(m, "aitbc_mirror_lag_blocks").orElse(-1);
    double lagSeconds = gauge(m, "aitbc_mirror_lag_seconds").orElse(-1);
    System.out.printf("AITBC SQLite mirror at the end of load: %.0f blocks behind (%.1f s of blocks), height %.0f%n",
        lagBlocks, lagSeconds, gauge(m, "aitbc_mirror_height").orElse(-1));
    long t0 = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    while (lagBlocks != 0 && System.nanoTime() < deadline) {
      Thread.sleep(50); // polling a separate process's metrics
      lagBlocks = gauge(metrics(port), "aitbc_mirror_lag_blocks").orElse(-1);
    }
    m = metrics(port);
    System.out.printf("mirror caught up in %.2f s (lag %.0f blocks); %.0f SQLite transactions, %.0f failures%n",
        (System.nanoTime() - t0) / 1e9, lagBlocks, gauge(m, "aitbc_mirror_batches_total").orElse(-1), failures(m));
  }

  private static String metrics(int port) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static OptionalDouble gauge(String metrics, String name) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ")) return OptionalDouble.of(Double.parseDouble(line.substring(name.length() + 1).strip()));
    }
    return OptionalDouble.empty();
  }

  private static double failures(String metrics) {
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("aitbc_mirror_failures_total{")) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
    return sum;
  }
}
