package org.aitbc.chain.node;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.messaging.InboxMessage;
import org.aitbc.chain.messaging.MessageSender;
import org.aitbc.chain.messaging.MessagingClient;
import org.aitbc.chain.wallet.Keystore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aitbc demo}: two agents on two nodes. Starts a genesis (authority) node and a follower as
 * processes, funds agent A and agent B in the genesis, runs B as a real {@code aitbc agent listen
 * --reply ping=pong} process on the genesis node, and has A (on the follower) send "ping" and wait for
 * "pong" in its inbox, {@code --exchanges} times. Prints each round trip and p50/p99.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Ping/pong between two agents across two node processes; prints the round trips.",
        "Agent B listens on the genesis node, agent A sends from a follower: every ping and pong crosses the P2P network."})
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--exchanges", defaultValue = "5", description = "Ping/pong round trips (default ${DEFAULT-VALUE})")
  int exchanges;

  @Option(names = "--block-time-ms", defaultValue = "1000", description = "Block interval of the demo chain (default ${DEFAULT-VALUE})")
  long blockTimeMs;

  @Option(names = "--pause-ms", defaultValue = "-1",
      description = "Pause between exchanges (default: one block time, like agents that do not talk back to back; 0 = back to back)")
  long pauseMs;

  @Option(names = "--keep", description = "Keep the demo's directory (logs, chains)")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("aitbc-demo");
    SecureRandom rnd = new SecureRandom();
    KeyPair authority = KeyPair.generate(rnd);
    KeyPair a = KeyPair.generate(rnd);
    KeyPair b = KeyPair.generate(rnd);
    Map<String, Long> alloc = new LinkedHashMap<>();
    alloc.put(a.address(), 1_000_000L);
    alloc.put(b.address(), 1_000_000L);
    Path genesis = dir.resolve("genesis.json");
    GenesisCommand.writeGenesis(genesis, Genesis.build("ait-demo", System.currentTimeMillis(),
        List.of(new Genesis.Authority(authority.address(), authority.publicKey())), alloc, blockTimeMs, 1));
    Path keystores = dir.resolve("keystore");
    Files.createDirectories(keystores);
    Path pw = dir.resolve("password");
    Files.writeString(pw, "demo");
    Keystore.write(dir.resolve("authority.json"), Keystore.encrypt(authority, "demo".toCharArray(), 1000, rnd));
    Keystore.write(keystores.resolve("agent-b.json"), Keystore.encrypt(b, "demo".toCharArray(), 1000, rnd));
    System.out.println("demo chain in " + dir + " (block time " + blockTimeMs + " ms)");
    System.out.println("agent A " + a.address() + " (on the follower), agent B " + b.address() + " (on the genesis node)");

    List<Process> processes = new ArrayList<>();
    try {
      int rpcG = Scratch.freePort();
      int p2pG = Scratch.freePort();
      processes.add(start(dir, "genesis-node.log", List.of("node", "start", "--genesis", genesis.toString(), "--data-dir",
          dir.resolve("genesis-node").toString(), "--rpc-port", "" + rpcG, "--p2p-port", "" + p2pG, "--grpc-port",
          "" + Scratch.freePort(), "--authority-keystore", dir.resolve("authority.json").toString(), "--password-file",
          pw.toString())));
      int rpcF = Scratch.freePort();
      processes.add(start(dir, "follower.log", List.of("node", "start", "--genesis", genesis.toString(), "--data-dir",
          dir.resolve("follower").toString(), "--rpc-port", "" + rpcF, "--p2p-port", "" + Scratch.freePort(),
          "--grpc-port", "" + Scratch.freePort(), "--peer", "127.0.0.1:" + p2pG)));
      MessagingClient genesisNode = MessagingClient.create(URI.create("http://127.0.0.1:" + rpcG), Duration.ofSeconds(40));
      MessagingClient follower = MessagingClient.create(URI.create("http://127.0.0.1:" + rpcF), Duration.ofSeconds(40));
      waitUp(genesisNode, processes.get(0), "genesis node");
      waitUp(follower, processes.get(1), "follower");
      // A tx posted to a follower before it has a peer stays in its pool (pending txs are not yet re-announced
      // to peers that connect later), so wait until the follower is connected.
      long peersBy = System.nanoTime() + 60_000_000_000L;
      while (!(follower.rpc().health().get("peers").orElse(null) instanceof JsonValue.JsonNumber n
          && n.longValueExact().orElse(0L) > 0)) {
        if (System.nanoTime() > peersBy) throw new CliException(1, "the follower did not connect to the genesis node in 60 s");
        Thread.sleep(50);
      }
      System.out.println("genesis node http://127.0.0.1:" + rpcG + ", follower http://127.0.0.1:" + rpcF);
      processes.add(start(dir, "agent-b.log", List.of("agent", "listen", "--wallet", "agent-b", "--password-file",
          pw.toString(), "--reply", "ping=pong", "--rpc-url", "http://127.0.0.1:" + rpcG, "--state-dir",
          dir.resolve("agent-b-state").toString())));
      Path listenerLog = dir.resolve("agent-b.log");
      long until = System.nanoTime() + 60_000_000_000L;
      while (!Files.readString(listenerLog).contains("listening as")) { // it takes its first cursor, then listens
        if (!processes.get(2).isAlive() || System.nanoTime() > until) {
          throw new CliException(1, "agent B's listener did not start: " + Files.readString(listenerLog).strip());
        }
        Thread.sleep(50);
      }

      MessageSender sender = new MessageSender(follower.rpc(), a, System::currentTimeMillis, null);
      String cursor = "";
      long[] rtt = new long[exchanges];
      long pause = pauseMs < 0 ? blockTimeMs : pauseMs;
      for (int i = 0; i < exchanges; i++) {
        if (i > 0 && pause > 0) Thread.sleep(pause);
        long t0 = System.nanoTime();
        sender.send(b.address(), JsonValue.str("ping"), 0);
        boolean pong = false;
        while (!pong) {
          if ((System.nanoTime() - t0) > 60_000_000_000L) throw new CliException(1, "no pong within 60 s; see the logs in " + dir);
          InboxMessage.Page page = follower.messages(a.address(), cursor, 100, 30_000);
          cursor = page.nextCursor();
          for (InboxMessage m : page.messages()) {
            if (m.from().equals(b.address()) && isPong(m.payload())) pong = true;
          }
        }
        rtt[i] = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("ping -> pong %d: %d ms%n", i + 1, rtt[i]);
      }
      long[] sorted = rtt.clone();
      Arrays.sort(sorted);
      System.out.printf("round trip over %d exchanges: p50 %d ms, p99 %d ms, max %d ms (block time %d ms, pause %d ms;"
          + " the old node: ~10 s)%n", exchanges, sorted[exchanges / 2], sorted[Math.min(exchanges - 1, (int) (exchanges * 0.99))],
          sorted[exchanges - 1], blockTimeMs, pause);
    } finally {
      for (Process p : processes) p.destroy();
      for (Process p : processes) p.waitFor();
      if (!keep) {
        try (var s = Files.walk(dir)) {
          s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    return 0;
  }

  static boolean isPong(JsonValue payload) {
    if (payload instanceof JsonValue.JsonString s) {
      String v = s.value();
      return v.equals("pong") || v.contains("\"kind\":\"pong\"") || v.contains("\"kind\": \"pong\"");
    }
    return false;
  }

  private static Process start(Path dir, String log, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(NodeCommandPaths.launcher().toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
    pb.environment().put("AITBC_NO_BUILD", "1");
    pb.environment().put("AITBC_HOME", dir.toString());
    pb.environment().put("AITBC_KEYSTORE", dir.resolve("keystore").toString());
    pb.environment().put("AITBC_JAVA_OPTS", "-Xmx384m");
    return pb.start();
  }

  private static void waitUp(MessagingClient c, Process p, String what) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) throw new CliException(1, "the " + what + " exited with code " + p.exitValue());
      try {
        c.rpc().health();
        return;
      } catch (Exception e) {
        Thread.sleep(100);
      }
    }
    throw new CliException(1, "the " + what + " did not answer within 60 s");
  }
}
