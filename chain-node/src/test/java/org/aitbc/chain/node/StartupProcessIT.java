package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.aitbc.chain.wallet.Keystore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Start-up of the real {@code bin/aitbc node start} is all or nothing: with any one of its ports taken it
 * prints one line naming the flag and the port, exits non-zero, never answers {@code /health} meanwhile and
 * leaves nothing running; and two dev chains with different {@code AITBC_HOME} live side by side, each with
 * its dev wallet in its own {@code $AITBC_HOME/keystore}.
 */
class StartupProcessIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"--grpc-port", "--p2p-port", "--rpc-port"})
  void aTakenPortStopsTheStartWithOneLineAndNothingLeftRunning(String flag) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int busy = taken.getLocalPort();
      Map<String, Integer> ports = new LinkedHashMap<>();
      for (String f : List.of("--rpc-port", "--p2p-port", "--grpc-port")) ports.put(f, f.equals(flag) ? busy : NodeProcess.freePort());
      List<String> args = new ArrayList<>(List.of("node", "start", "--p2p-host", "127.0.0.1"));
      ports.forEach((f, p) -> args.addAll(List.of(f, Integer.toString(p))));
      Path home = tmp.resolve("home");
      Path out = tmp.resolve("stdout");
      Path err = tmp.resolve("stderr");
      ProcessBuilder pb = NodeProcess.command(home, args);
      pb.environment().put("HOME", tmp.resolve("user").toString());
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();

      HealthWatch health = new HealthWatch(ports.get("--rpc-port"), p);
      health.start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the node exits by itself");
      health.join(10_000);
      assertFalse(health.isAlive(), "the /health poller stops with the process");

      assertNotEquals(0, p.exitValue(), "non-zero exit");
      List<String> errLines = Files.readAllLines(err);
      assertEquals(List.of("error: " + flag + " " + busy + " is in use (Address already in use)"), errLines,
          "exactly one line on stderr; stdout: " + Files.readString(out));
      assertTrue(health.polls.get() > 0, "/health was polled while the node ran");
      assertFalse(health.answered.get(), "/health never answered during the failed start");
      assertTrue(ProcessHandle.allProcesses().noneMatch(ph -> ph.info().arguments()
          .map(a -> String.join(" ", a).contains("--rpc-port " + ports.get("--rpc-port"))).orElse(false)),
          "no process of this start is left");
      for (Map.Entry<String, Integer> e : ports.entrySet()) {
        if (e.getKey().equals(flag)) continue;
        try (ServerSocket again = new ServerSocket(e.getValue(), 50, InetAddress.getLoopbackAddress())) {
          assertEquals(e.getValue(), again.getLocalPort(), e.getKey() + " was released");
        }
      }
    }
  }

  @Test
  void twoDevChainsWithTheirOwnAitbcHomeRunSideBySideEachWithItsOwnKeystore() throws Exception {
    Path user = tmp.resolve("user");
    Path homeA = tmp.resolve("a");
    Path homeB = tmp.resolve("b");
    Map<String, String> envA = Map.of("HOME", user.toString());
    try (NodeProcess a = startWithoutKeystoreVariable(homeA, envA);
        NodeProcess b = startWithoutKeystoreVariable(homeB, envA)) {
      assertTrue(a.get("/health").isPresent() && b.get("/health").isPresent(), "both nodes answer");
      String walletA = devWallet(homeA);
      String walletB = devWallet(homeB);
      assertNotEquals(walletA, walletB, "each dev chain made its own dev wallet");
      assertTrue(a.logText().contains(homeA.resolve("keystore/dev.json").toString()), a.logText());
      assertTrue(b.logText().contains(homeB.resolve("keystore/dev.json").toString()), b.logText());
      assertFalse(Files.exists(user.resolve(".aitbc")), "nothing in the user's home");
    }
  }

  private NodeProcess startWithoutKeystoreVariable(Path home, Map<String, String> env) throws Exception {
    Files.createDirectories(home);
    return NodeProcess.start(home, home.resolve("node.log"), List.of(), env, List.of(NodeProcess.KEYSTORE_ENV));
  }

  private static String devWallet(Path home) throws Exception {
    return Keystore.address(Files.readString(home.resolve("keystore/dev.json")));
  }

  /** Polls {@code /health} of a starting node until its process ends; records whether it ever answered 200. */
  private static final class HealthWatch extends Thread {
    final AtomicBoolean answered = new AtomicBoolean();
    final AtomicInteger polls = new AtomicInteger();
    private final URI uri;
    private final Process process;

    HealthWatch(int port, Process process) {
      super("health-watch");
      setDaemon(true);
      this.uri = URI.create("http://127.0.0.1:" + port + "/health");
      this.process = process;
    }

    @Override
    public void run() {
      try {
        do {
          polls.incrementAndGet();
          try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(500)).build(),
                HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) answered.set(true);
          } catch (IOException e) {
            // not listening (or not answering): what a failed start must look like
          }
        } while (!process.waitFor(20, TimeUnit.MILLISECONDS)); // the pause between polls waits for the exit
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
