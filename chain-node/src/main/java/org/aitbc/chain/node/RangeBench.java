package org.aitbc.chain.node;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.wallet.Keystore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code GET /rpc/blocks-range} benchmark, as a program (not a test): an authority node in this JVM seals
 * {@code --blocks} full blocks of {@code --block-txs} signed transfers; then the real {@code bin/aitbc node start}
 * (its default heap flags) serves that chain as a separate process, and this program asks it for the whole range
 * in one request, {@code --rounds} times. Each answer is read as a stream (never held whole here), checked to
 * hold every height in order with {@code count} and no {@code next}, and timed; a probe asks {@code /health}
 * meanwhile. Prints time, MB/s, the probe's slowest answer, and the node's resident memory now and at its peak
 * ({@code VmRSS}, {@code VmHWM} of /proc/PID/status) against its heap flags.
 *
 * <pre>
 * java -Xmx2g -cp 'chain-node/target/chain-node.jar:chain-node/target/lib/*' org.aitbc.chain.node.RangeBench [--blocks 100 --block-txs 10000]
 * </pre>
 */
@Command(name = "RangeBench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Time and peak memory of a node process answering blocks-range for 100 full blocks.")
public final class RangeBench implements Callable<Integer> {
  private static final byte[] BLOCK_START = "{\"height\":".getBytes(StandardCharsets.US_ASCII);

  @Option(names = "--blocks", defaultValue = "100", description = "Blocks in the chain and in the range (1..100, default ${DEFAULT-VALUE})")
  int blocks;

  @Option(names = "--block-txs", defaultValue = "10000", description = "Transfers per block (default ${DEFAULT-VALUE})")
  int blockTxs;

  @Option(names = "--senders", defaultValue = "1000", description = "Distinct funded senders (default ${DEFAULT-VALUE})")
  int senders;

  @Option(names = "--payload-bytes", defaultValue = "64", description = "Message payload size (default ${DEFAULT-VALUE})")
  int payloadBytes;

  @Option(names = "--rounds", defaultValue = "3", description = "Range requests, one after the other (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--node-java-opts", paramLabel = "OPTS",
      description = "JVM options of the node process (AITBC_JAVA_OPTS) instead of the launcher's defaults for a node")
  String nodeJavaOpts;

  @Option(names = "--keep", description = "Keep the bench folder (chain and node log)")
  boolean keep;

  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(new CommandLine(new RangeBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (blocks < 1 || blocks > 100 || blockTxs < 1 || blockTxs > 1_000_000 || senders < 1 || rounds < 1) {
      System.err.println("RangeBench: --blocks 1..100, --block-txs 1..1,000,000, --senders and --rounds >= 1");
      return 2;
    }
    System.out.printf("machine: %d cores, java %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    Path dir = Files.createTempDirectory("aitbc-rangebench");
    try {
      Path genesis = buildChain(dir);
      serveAndRead(dir, genesis);
      return 0;
    } finally {
      if (keep) System.out.println("kept " + dir);
      else Scratch.deleteTree(dir);
    }
  }

  /** Seals the chain with an in-JVM authority node (closed again before the node process starts). */
  private Path buildChain(Path dir) throws Exception {
    String chainId = "ait-rangebench";
    KeyPair authority = KeyPair.generate(new SecureRandom());
    List<KeyPair> keys = IntStream.range(0, senders).parallel().mapToObj(SyncBench::senderKey).toList();
    Path genesis = SyncBench.writeGenesis(dir, chainId, authority, keys, blockTxs, 3_600_000);
    Path ks = dir.resolve("authority.json");
    Keystore.write(ks, Keystore.encrypt(authority, "bench".toCharArray(), 1000, new SecureRandom()));
    Path pw = dir.resolve("password");
    Files.writeString(pw, "bench");
    MempoolConfig pool = new MempoolConfig(Math.max(2 * blockTxs, 200_000), 1L << 30, Math.max(10_000, blockTxs), 3_600_000);
    String payload = "m".repeat(Math.max(0, payloadBytes));
    long[] nonces = new long[senders];
    long t0 = System.nanoTime();
    try (Node a = new Node(new NodeConfig(genesis, dir.resolve("data"), "127.0.0.1", 0, "127.0.0.1", 0, 0, List.of(), ks, pw, pool, 0))) {
      // A quiet chain seals its first transaction at once, then not before block_time_ms (an hour) has passed:
      // one opening block, and then every block of the range is a full one the bench sealed.
      var opening = a.api().submit(SyncBench.transfer(keys, 0, ++nonces[0], chainId, payload));
      if (opening.status() != 200) throw new IllegalStateException("the authority refused a bench transfer: " + opening.json());
      while (a.store().head().height() < 1) Thread.sleep(2);
      for (int b = 1; b <= blocks; b++) {
        long[] nonce = new long[blockTxs];
        for (int i = 0; i < blockTxs; i++) nonce[i] = ++nonces[i % senders];
        List<Transaction> txs = IntStream.range(0, blockTxs).parallel()
            .mapToObj(i -> SyncBench.transfer(keys, i % senders, nonce[i], chainId, payload)).toList();
        // Each sender's transfers in nonce order, senders in parallel.
        IntStream.range(0, Math.min(senders, blockTxs)).parallel().forEach(s -> {
          for (int i = s; i < blockTxs; i += senders) {
            var r = a.api().submit(txs.get(i));
            if (r.status() != 200) throw new IllegalStateException("the authority refused a bench transfer: " + r.json());
          }
        });
        while (a.mempool().hasExecutable()) a.engine().onEngineThread(a.engine()::sealNow);
        if (b % 10 == 0) System.out.printf("sealed %d blocks (%.0f s)%n", a.store().head().height(), (System.nanoTime() - t0) / 1e9);
      }
      long top = a.store().head().height();
      if (top != blocks + 1) throw new IllegalStateException("expected " + blocks + " full blocks after the opening one, sealed " + (top - 1));
      System.out.printf("chain: %d blocks of %d txs after an opening block, built in %.1f s%n", blocks, blockTxs,
          (System.nanoTime() - t0) / 1e9);
    }
    return genesis;
  }

  /** Starts the node process on the chain and reads the range from it {@code rounds} times. */
  private void serveAndRead(Path dir, Path genesis) throws Exception {
    int port = Scratch.freePort();
    List<String> cmd = new ArrayList<>(List.of(NodeCommandPaths.launcher().toString(), "node", "start", "--genesis",
        genesis.toString(), "--data-dir", dir.resolve("data").toString(), "--rpc-port", Integer.toString(port),
        "--p2p-port", Integer.toString(Scratch.freePort()), "--grpc-port", Integer.toString(Scratch.freePort())));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile());
    pb.environment().put("AITBC_NO_BUILD", "1");
    pb.environment().put("AITBC_HOME", dir.toString());
    pb.environment().put("AITBC_LOG_LEVEL", "warn");
    if (nodeJavaOpts == null) pb.environment().remove("AITBC_JAVA_OPTS"); // the launcher's default heap flags for a node
    else pb.environment().put("AITBC_JAVA_OPTS", nodeJavaOpts);
    Process node = pb.start();
    try {
      BenchCommand.waitForNode(port, node);
      long pid = node.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst()
          .map(ProcessHandle::pid).orElse(node.pid());
      String flags = String.join(" ", node.info().arguments().orElse(new String[0]));
      System.out.printf("node process pid %d, heap flags: %s%n", pid, heapFlags(pid, flags));
      System.out.printf("node resident after start: %d MiB (peak %d MiB)%n", BenchCommand.statusKb(pid, "VmRSS") / 1024,
          BenchCommand.statusKb(pid, "VmHWM") / 1024);
      for (int r = 1; r <= rounds; r++) {
        Probe probe = new Probe(port);
        probe.start();
        long t0 = System.nanoTime();
        Read read;
        try {
          read = readRange(port);
        } finally {
          probe.stop();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("round %d: %d blocks, %.1f MB in %.2f s (%.0f MB/s), first byte after %.0f ms; /health meanwhile: %d answers, slowest %.0f ms%n",
            r, read.blocks, read.bytes / 1e6, s, read.bytes / 1e6 / s, (read.firstByteNs - t0) / 1e6, probe.answers.get(),
            probe.slowestNs.get() / 1e6);
        System.out.printf("  node resident: %d MiB now, peak (VmHWM) %d MiB%n", BenchCommand.statusKb(pid, "VmRSS") / 1024,
            BenchCommand.statusKb(pid, "VmHWM") / 1024);
      }
    } finally {
      node.destroy();
      node.waitFor();
    }
  }

  private static String heapFlags(long pid, String launcherArgs) {
    try {
      String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
      return String.join(" ", java.util.Arrays.stream(cmdline.split(" ")).filter(a -> a.startsWith("-X")).toList());
    } catch (IOException e) {
      return "? (" + launcherArgs + ")";
    }
  }

  record Read(int blocks, long bytes, long firstByteNs) {}

  /** One GET of the range of full blocks (2..blocks+1), read chunk by chunk; checks every height in order, the count and no next. */
  private Read readRange(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(120_000);
      s.getOutputStream().write(("GET /rpc/blocks-range?start=2&end=" + (blocks + 1) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
      String status = line(in);
      long firstByte = System.nanoTime();
      if (!status.startsWith("HTTP/1.1 200")) throw new IOException("blocks-range answered " + status);
      boolean chunked = false;
      for (String h = line(in); !h.isEmpty(); h = line(in)) chunked |= h.equalsIgnoreCase("transfer-encoding: chunked");
      if (!chunked) throw new IOException("the answer is not chunked");
      Scan scan = new Scan();
      for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
        for (int i = 0; i < size; i++) {
          int c = in.read();
          if (c < 0) throw new IOException("the answer ended inside a chunk");
          scan.accept(c);
        }
        line(in);
      }
      String end = scan.tail();
      if (scan.blocks != blocks || !end.endsWith("\"count\":" + blocks + "}") || end.contains("next")) {
        throw new IOException("expected blocks 2.." + (blocks + 1) + " and no next; got " + scan.blocks + " ending " + end);
      }
      return new Read(scan.blocks, scan.bytes, firstByte);
    }
  }

  /** Finds each block's {@code {"height":N} in the stream, checks N follows the one before (from 2); keeps the tail. */
  private static final class Scan {
    int matched;
    long height = -1;
    int blocks;
    long bytes;
    final byte[] tail = new byte[64];

    void accept(int c) {
      tail[(int) (bytes++ % tail.length)] = (byte) c;
      if (height >= 0) {
        if (c >= '0' && c <= '9') {
          height = height * 10 + (c - '0');
          return;
        }
        if (height != blocks + 2) throw new IllegalStateException("block " + height + " where " + (blocks + 2) + " belongs");
        blocks++;
        height = -1;
      }
      matched = c == BLOCK_START[matched] ? matched + 1 : (c == BLOCK_START[0] ? 1 : 0);
      if (matched == BLOCK_START.length) {
        matched = 0;
        height = 0;
      }
    }

    String tail() {
      StringBuilder sb = new StringBuilder();
      for (long i = Math.max(0, bytes - tail.length); i < bytes; i++) sb.append((char) tail[(int) (i % tail.length)]);
      return sb.toString();
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new IOException("the connection ended inside a line");
      if (c != '\r') sb.append((char) c);
    }
    return sb.toString();
  }

  /** Asks {@code /health} over and over on its own connection while the range streams; keeps the slowest answer. */
  private static final class Probe {
    final AtomicLong answers = new AtomicLong();
    final AtomicLong slowestNs = new AtomicLong();
    final AtomicBoolean running = new AtomicBoolean(true);
    final Thread thread;

    Probe(int port) {
      thread = new Thread(() -> {
        try (BenchCommand.HttpConn c = new BenchCommand.HttpConn(port)) {
          while (running.get()) {
            long t = System.nanoTime();
            c.get("/health");
            slowestNs.accumulateAndGet(System.nanoTime() - t, Math::max);
            answers.incrementAndGet();
            Thread.sleep(50);
          }
        } catch (IOException | InterruptedException e) {
          if (running.get()) System.out.println("probe failed: " + e);
        }
      }, "health-probe");
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }
}
