package org.aitbc.chain.node;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.block.Timestamps;
import org.aitbc.chain.core.crypto.Ed25519;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.tx.ChainParams;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.wallet.Keystore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aitbc bench}: the load generator. Starts a node as a separate process (the real
 * {@code bin/aitbc node start}) on a fresh chain whose genesis funds many senders, pre-signs transfers,
 * posts them over keep-alive HTTP connections, follows the sealed blocks, and prints accepted and
 * sealed tx/s, submit-to-sealed latency, the node's resident memory, and this machine's raw Ed25519
 * verify rate (one thread and all cores) measured in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Load-test a fresh node process over HTTP and print throughput, latency and memory.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--duration", defaultValue = "60", description = "Seconds of submission (default ${DEFAULT-VALUE})")
  int durationSeconds;

  @Option(names = "--warmup", defaultValue = "10",
      description = "Seconds of submission before the measured window, not counted: the node's JIT compiles its hot code then (default ${DEFAULT-VALUE})")
  int warmupSeconds;

  @Option(names = "--rate", defaultValue = "0", description = "Target submissions per second; 0 = as fast as possible")
  int rate;

  @Option(names = "--max-txs", defaultValue = "0", description = "Measured txs to pre-sign; submission stops when they run out (0 = duration x rate, or 15,000/s if rate is 0; the warm-up gets its own)")
  int maxTxs;

  @Option(names = "--senders", defaultValue = "2000", description = "Distinct funded senders (default ${DEFAULT-VALUE})")
  int senders;

  @Option(names = "--connections", defaultValue = "32", description = "Keep-alive HTTP connections (default ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--pipeline", defaultValue = "1",
      description = "Requests each connection sends before reading the answers (HTTP/1.1 pipelining; default ${DEFAULT-VALUE})")
  int pipeline;

  @Option(names = "--batch", defaultValue = "1",
      description = "Transactions per request: 1 posts to /rpc/transaction, more post arrays to /rpc/transactions (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--block-time-ms", defaultValue = "1000", description = "Block interval of the bench chain (default ${DEFAULT-VALUE})")
  long blockTimeMs;

  @Option(names = "--block-txs", defaultValue = "20000",
      description = "max_block_txs of the bench chain (default ${DEFAULT-VALUE}; max_block_bytes is 1 KiB per tx). "
          + "A chain's genesis default, 10,000, caps it at 10,000 tx/s with 1 s blocks: the bench measures the node, not that cap")
  int blockTxs;

  @Option(names = "--payload-bytes", defaultValue = "64", description = "Message payload size (default ${DEFAULT-VALUE})")
  int payloadBytes;

  @Option(names = "--node-opts", defaultValue = "-Xms640m -Xmx640m -XX:+UseG1GC", description = "JVM options of the node process")
  String nodeOpts;

  @Option(names = "--keep", description = "Keep the bench chain's directory")
  boolean keep;

  @Option(names = "--aitbc-sqlite", description = "Run the node with the AITBC SQLite mirror (in the bench directory); report its lag")
  boolean aitbcSqlite;

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final Map<String, Long> refusedByCode = new ConcurrentHashMap<>();

  @Override
  public Integer call() throws Exception {
    if (warmupSeconds < 0 || durationSeconds < 1) throw new CliException(2, "--duration must be >= 1 and --warmup >= 0");
    if (blockTxs < 1 || blockTxs > 1_000_000) throw new CliException(2, "--block-txs must be 1 to 1,000,000");
    if (batch < 1 || batch > 1000) throw new CliException(2, "--batch must be 1..1000 (the node takes at most 1,000 per request)");
    if (pipeline < 1 || pipeline > 1000) throw new CliException(2, "--pipeline must be 1..1000");
    if (batch > 1 && pipeline > 1) throw new CliException(2, "use --batch or --pipeline, not both");
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf("machine: %d cores, java %s%n", cores, System.getProperty("java.version"));
    double verify1 = verifyRate(1);
    double verifyAll = verifyRate(cores);
    System.out.printf("ed25519 verify: %.0f/s one thread, %.0f/s all %d cores%n", verify1, verifyAll, cores);

    Path dir = Files.createTempDirectory("aitbc-bench");
    KeyPair authority = KeyPair.generate(new SecureRandom());
    List<KeyPair> keys = IntStream.range(0, senders).parallel().mapToObj(i -> {
      byte[] seed = new byte[32];
      Arrays.fill(seed, (byte) 7);
      seed[0] = (byte) i;
      seed[1] = (byte) (i >> 8);
      seed[2] = (byte) (i >> 16);
      return KeyPair.fromSeed(seed);
    }).toList();
    Map<String, Long> alloc = new LinkedHashMap<>();
    for (KeyPair k : keys) alloc.put(k.address(), 1_000_000_000_000L);
    String chainId = "ait-bench";
    Path genesis = dir.resolve("genesis.json");
    JsonObject g = Genesis.build(chainId, System.currentTimeMillis(),
        List.of(new Genesis.Authority(authority.address(), authority.publicKey())), alloc, blockTimeMs, 1);
    g = Genesis.withParam(g, "max_block_txs", blockTxs);
    g = Genesis.withParam(g, "max_block_bytes", Math.max(ChainParams.DEFAULT_MAX_BLOCK_BYTES, 1024L * blockTxs));
    GenesisCommand.writeGenesis(genesis, g);
    Path ks = dir.resolve("authority.json");
    Keystore.write(ks, Keystore.encrypt(authority, "bench".toCharArray(), 1000, new SecureRandom()));
    Path pw = dir.resolve("password");
    Files.writeString(pw, "bench");

    int perSecond = rate > 0 ? rate : 15_000;
    int total = maxTxs > 0 ? maxTxs + perSecond * warmupSeconds : perSecond * (durationSeconds + warmupSeconds);
    System.out.printf("pre-signing %d transfers from %d senders...%n", total, senders);
    long t0 = System.nanoTime();
    byte[][] requests = new byte[total][];
    String[] hashes = new String[total];
    String payload = "m".repeat(Math.max(0, payloadBytes));
    long baseNonce = System.currentTimeMillis();
    IntStream.range(0, total).parallel().forEach(i -> {
      KeyPair k = keys.get(i % senders);
      JsonObject body = Json.obj("amount", 1L, "chain_id", chainId, "fee", 1L, "from", k.address(),
          "nonce", baseNonce + i / senders, "payload", payload, "to", keys.get((i + 1) % senders).address(), "type", "transfer");
      byte[] signing = PyJson.dumps(body).getBytes(StandardCharsets.US_ASCII);
      Map<String, JsonValue> m = new LinkedHashMap<>(body.members());
      m.put("signature", JsonValue.str(Bytes.wrap(k.sign(signing)).hex()));
      m.put("public_key", JsonValue.str(k.publicKey().hex()));
      byte[] json = PyJson.compact(new JsonObject(m)).getBytes(StandardCharsets.US_ASCII);
      hashes[i] = Bytes.wrap(org.aitbc.chain.core.crypto.Hashes.sha256(signing)).hex0x();
      requests[i] = json;
    });
    System.out.printf("signed in %.1f s%n", (System.nanoTime() - t0) / 1e9);

    int port = Scratch.freePort();
    List<String> cmd = new ArrayList<>(List.of(NodeCommandPaths.launcher().toString(), "node", "start", "--genesis",
        genesis.toString(), "--data-dir", dir.resolve("data").toString(), "--rpc-port", Integer.toString(port),
        "--p2p-port", Integer.toString(Scratch.freePort()), "--grpc-port", Integer.toString(Scratch.freePort()),
        "--authority-keystore", ks.toString(), "--password-file", pw.toString(), "--submit-rate", "0",
        "--mempool-max-txs", Integer.toString(Math.max(200_000, total / 4))));
    if (aitbcSqlite) cmd.addAll(List.of("--aitbc-sqlite", dir.resolve("chain.db").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("node.log").toFile());
    pb.environment().put("AITBC_NO_BUILD", "1");
    pb.environment().put("AITBC_HOME", dir.toString());
    pb.environment().put("AITBC_JAVA_OPTS", nodeOpts);
    pb.environment().put("AITBC_LOG_LEVEL", "warn");
    Process node = pb.start();
    double sustained;
    try {
      waitForNode(port, node);
      long nodePid = node.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst()
          .map(ProcessHandle::pid).orElse(node.pid());
      sustained = runLoad(port, requests, hashes, total, nodePid);
      if (aitbcSqlite) BenchMirror.report(port, java.time.Duration.ofMinutes(5));
    } finally {
      node.destroy();
      node.waitFor();
      if (!keep) Scratch.deleteTree(dir);
      else System.out.println("kept " + dir);
    }
    // The verify rate of a shared machine drifts during a run: probe again now that the node has stopped and
    // divide by the mean of both readings.
    double verifyAfter = verifyRate(cores);
    System.out.printf("ed25519 verify after the run: %.0f/s all %d cores%n", verifyAfter, cores);
    System.out.printf("ratio sealed tx/s / all-core verify rate: %.2f (mean of %.0f/s before and %.0f/s after)%n",
        sustained / ((verifyAll + verifyAfter) / 2), verifyAll, verifyAfter);
    return 0;
  }

  /** Submits, follows the sealed blocks, prints the figures; returns the sealed tx/s sustained in the window. */
  private double runLoad(int port, byte[][] requests, String[] hashes, int total, long nodePid) throws Exception {
    long[] submitMs = new long[total];
    Map<String, Integer> index = new HashMap<>(total * 2);
    for (int i = 0; i < total; i++) index.put(hashes[i], i);
    AtomicInteger next = new AtomicInteger();
    long height = 0;
    int firstMeasured = 0;
    if (warmupSeconds > 0) {
      System.out.printf("warming up for %d s (not counted)...%n", warmupSeconds);
      long warmNs = System.nanoTime();
      for (Thread t : submitters(port, requests, submitMs, next, 0, warmNs, warmNs + warmupSeconds * 1_000_000_000L)) t.join();
      firstMeasured = next.get();
      // Let the node seal what the warm-up left pending, so the window starts from an empty mempool.
      try (HttpConn conn = new HttpConn(port)) {
        long until = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < until && !new String(conn.get("/rpc/mempool?limit=1"), StandardCharsets.US_ASCII).contains("\"count\":0")) {
          Thread.sleep(50);
        }
        JsonObject head = (JsonObject) JsonParser.parse(conn.get("/rpc/head"));
        height = ((JsonValue.JsonNumber) head.members().get("height")).longValueExact().orElseThrow();
      }
      accepted.set(0);
      refused.set(0);
      refusedByCode.clear();
    }
    final int measuredFrom = firstMeasured;
    long nodeCpu0 = cpuMillis(nodePid);
    long selfCpu0 = cpuMillis(ProcessHandle.current().pid());
    long startNs = System.nanoTime();
    long deadlineNs = startNs + durationSeconds * 1_000_000_000L;
    List<Thread> threads = submitters(port, requests, submitMs, next, measuredFrom, startNs, deadlineNs);
    // Follow sealed blocks until submission ends and every accepted tx is sealed (or 30 s pass).
    long sealed = 0;
    long sealedInWindow = 0;
    long firstBlockMs = 0;
    long lastSealMs = 0;
    long[] latencies = new long[total];
    int nLat = 0;
    long drainDeadline = Long.MAX_VALUE;
    try (HttpConn conn = new HttpConn(port)) {
      while (true) {
        boolean submitting = threads.stream().anyMatch(Thread::isAlive);
        if (!submitting && drainDeadline == Long.MAX_VALUE) drainDeadline = System.nanoTime() + 30_000_000_000L;
        if (!submitting && (sealed >= accepted.get() || System.nanoTime() > drainDeadline)) break;
        JsonObject head = (JsonObject) JsonParser.parse(conn.get("/rpc/head"));
        long h = ((JsonValue.JsonNumber) head.members().get("height")).longValueExact().orElseThrow();
        while (height < h) {
          // Only the timestamp and the tx hashes are needed: scan the text instead of parsing every
          // transaction, so that the generator leaves the shared cores to the node.
          String b = new String(conn.get("/rpc/blocks/" + (height + 1)), StandardCharsets.US_ASCII);
          height++;
          int tsAt = b.indexOf("\"timestamp\":\"") + 13;
          long ts = Timestamps.parse(b.substring(tsAt, b.indexOf('"', tsAt))).orElseThrow();
          if (firstBlockMs == 0) firstBlockMs = ts;
          lastSealMs = ts;
          for (int at = b.indexOf("\"tx_hash\":\""); at >= 0; at = b.indexOf("\"tx_hash\":\"", at + 1)) {
            String hash = b.substring(at + 11, at + 11 + 66);
            Integer i = index.get(hash);
            if (i == null || i < measuredFrom) continue;
            sealed++;
            if (ts <= startWallMs(startNs) + durationSeconds * 1000L) sealedInWindow++;
            latencies[nLat++] = ts - submitMs[i];
          }
        }
        Thread.sleep(100);
      }
    }
    long nodeCpuMs = cpuMillis(nodePid) - nodeCpu0;
    long selfCpuMs = cpuMillis(ProcessHandle.current().pid()) - selfCpu0;
    double windowS = durationSeconds;
    double submitS = (System.nanoTime() - startNs) / 1e9;
    long[] lat = Arrays.copyOf(latencies, nLat);
    Arrays.sort(lat);
    double sealSpanS = Math.max(0.001, (lastSealMs - startWallMs(startNs)) / 1000.0);
    long rssKb = statusKb(nodePid, "VmRSS");
    System.out.println();
    System.out.printf("submitted for %.1f s over %d connections%n", Math.min(submitS, windowS), connections);
    System.out.printf("accepted: %d (%.0f tx/s), refused: %d %s%n", accepted.get(), accepted.get() / windowS,
        refused.get(), refusedByCode);
    System.out.printf("sealed: %d, %.0f tx/s sustained (sealed within the %d s window / window), %.0f tx/s overall%n",
        sealed, sealedInWindow / windowS, durationSeconds, sealed / sealSpanS);
    if (nLat > 0) {
      System.out.printf("submit-to-sealed latency: p50 %d ms, p99 %d ms, max %d ms%n", lat[nLat / 2],
          lat[Math.min(nLat - 1, (int) (nLat * 0.99))], lat[nLat - 1]);
    }
    if (nodeCpuMs >= 0 && sealed > 0) {
      // CPU time, not wall time: a figure that other load on the machine barely moves.
      System.out.printf("CPU used: node %.1f s (%.0f us per sealed tx), load generator %.1f s (%.0f us per tx)%n",
          nodeCpuMs / 1000.0, nodeCpuMs * 1000.0 / sealed, selfCpuMs / 1000.0, selfCpuMs * 1000.0 / sealed);
    }
    System.out.printf("node resident memory: %d MiB (pid %d), chain height %d%n", rssKb / 1024, nodePid, height);
    return sealedInWindow / windowS;
  }

  private static long startWallMsCache = -1;

  private static synchronized long startWallMs(long startNs) {
    if (startWallMsCache < 0) startWallMsCache = System.currentTimeMillis() - (System.nanoTime() - startNs) / 1_000_000;
    return startWallMsCache;
  }

  private List<Thread> submitters(int port, byte[][] requests, long[] submitMs, AtomicInteger next, int firstIndex,
      long startNs, long deadlineNs) {
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Thread t = new Thread(() -> submitLoop(port, requests, submitMs, next, firstIndex, startNs, deadlineNs), "submit-" + c);
      t.start();
      threads.add(t);
    }
    return threads;
  }

  /**
   * One connection's submissions: takes the next {@code --batch} (or {@code --pipeline}) transactions, paces
   * them to {@code --rate}, and posts them as one array to /rpc/transactions, or as that many pipelined
   * POSTs to /rpc/transaction.
   */
  private void submitLoop(int port, byte[][] requests, long[] submitMs, AtomicInteger next, int firstIndex, long startNs,
      long deadlineNs) {
    int per = batch > 1 ? batch : pipeline;
    try (HttpConn conn = new HttpConn(port)) {
      while (System.nanoTime() < deadlineNs) {
        int first = next.getAndAdd(per);
        if (first >= requests.length) return;
        int n = Math.min(per, requests.length - first);
        if (rate > 0) {
          long wait = startNs + (long) ((first - firstIndex) * 1e9 / rate) - System.nanoTime();
          if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        long now = System.currentTimeMillis();
        for (int k = 0; k < n; k++) submitMs[first + k] = now;
        if (batch > 1) {
          countBatchAnswer(conn.postAll("/rpc/transactions", new byte[][] {jsonArray(requests, first, n)}, 0, 1).get(0), n);
        } else {
          for (HttpConn.Response r : conn.postAll("/rpc/transaction", requests, first, n)) {
            if (r.status() == 200) accepted.incrementAndGet();
            else countRefusals(r, 1);
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      System.err.println("submitter stopped: " + e);
    }
  }

  private static byte[] jsonArray(byte[][] requests, int first, int n) {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(n * 500);
    body.write('[');
    for (int k = 0; k < n; k++) {
      if (k > 0) body.write(',');
      body.writeBytes(requests[first + k]);
    }
    body.write(']');
    return body.toByteArray();
  }

  /** A batch answer: its "accepted" count, and the code of each refused transaction. */
  private void countBatchAnswer(HttpConn.Response r, int n) {
    if (r.status() != 200) {
      countRefusals(r, n);
      return;
    }
    String text = new String(r.body(), StandardCharsets.UTF_8);
    int at = text.indexOf("\"accepted\":") + 11;
    long ok = Long.parseLong(text.substring(at, text.indexOf(',', at)));
    accepted.addAndGet(ok);
    refused.addAndGet(n - ok);
    for (int c = text.indexOf("\"code\":\""); c >= 0; c = text.indexOf("\"code\":\"", c + 8)) {
      refusedByCode.merge(text.substring(c + 8, text.indexOf('"', c + 8)), 1L, Long::sum);
    }
  }

  /** An answer refusing {@code n} transactions at once, by its code (or its HTTP status when it has none). */
  private void countRefusals(HttpConn.Response r, int n) {
    refused.addAndGet(n);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    int c = body.indexOf("\"code\":\"");
    String code = c < 0 ? "HTTP" + r.status() : body.substring(c + 8, body.indexOf('"', c + 8));
    refusedByCode.merge(code, (long) n, Long::sum);
  }

  static double verifyRate(int threads) throws InterruptedException {
    KeyPair k = KeyPair.fromSeed(new byte[32]);
    byte[] msg = new byte[200];
    byte[] sig = k.sign(msg);
    byte[] pk = k.publicKey().toArray();
    for (int i = 0; i < 2000; i++) Ed25519.verify(pk, msg, sig); // warm up
    AtomicLong n = new AtomicLong();
    long end = System.nanoTime() + 2_000_000_000L;
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        long c = 0;
        while (System.nanoTime() < end) {
          if (!Ed25519.verify(pk, msg, sig)) throw new IllegalStateException();
          c++;
        }
        n.addAndGet(c);
      });
      th.start();
      ts.add(th);
    }
    for (Thread t : ts) t.join();
    return n.get() / 2.0;
  }

  static void waitForNode(int port, Process node) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!node.isAlive()) throw new CliException(1, "the bench node exited with code " + node.exitValue());
      try (HttpConn c = new HttpConn(port)) {
        c.get("/health");
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new CliException(1, "the bench node did not answer within 60 s");
  }

  /** User + system CPU time of a process from /proc (clock ticks of 10 ms), or -1 when unknown. */
  static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime, stime (fields 14 and 15)
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** A kB figure of /proc/PID/status ({@code VmRSS} resident now, {@code VmHWM} the peak), or -1 when unknown. */
  static long statusKb(long pid, String field) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith(field + ":")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** A minimal HTTP/1.1 keep-alive client over one socket (the load generator must not be the bottleneck). */
  static final class HttpConn implements AutoCloseable {
    record Response(int status, byte[] body) {}

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    HttpConn(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(60_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    byte[] get(String path) throws IOException {
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Response r = read();
      if (r.status != 200) throw new IOException("GET " + path + " answered " + r.status);
      return r.body;
    }

    /** Sends {@code n} POSTs back to back (pipelined), then reads the {@code n} answers in order. */
    List<Response> postAll(String path, byte[][] bodies, int first, int n) throws IOException {
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream(n * 600);
      for (int k = 0; k < n; k++) {
        byte[] body = bodies[first + k];
        all.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        all.write(body);
      }
      out.write(all.toByteArray());
      out.flush();
      List<Response> answers = new ArrayList<>(n);
      for (int k = 0; k < n; k++) answers.add(read());
      return answers;
    }

    private Response read() throws IOException {
      String status = line();
      int code = Integer.parseInt(status.split(" ")[1]);
      int len = 0;
      for (String l = line(); !l.isEmpty(); l = line()) {
        int c = l.indexOf(':');
        if (c > 0 && l.substring(0, c).equalsIgnoreCase("content-length")) len = Integer.parseInt(l.substring(c + 1).trim());
      }
      byte[] b = in.readNBytes(len);
      if (b.length != len) throw new IOException("connection closed mid-body");
      return new Response(code, b);
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') if (c != '\r') sb.append((char) c);
      if (c == -1) throw new IOException("connection closed");
      return sb.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
