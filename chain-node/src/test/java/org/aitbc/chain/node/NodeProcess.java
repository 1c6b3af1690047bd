package org.aitbc.chain.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.testing.Await;

/** The real {@code bin/aitbc} as a child process, as a user runs it; output goes to a log file. */
final class NodeProcess implements AutoCloseable {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final Process process;
  final Path log;
  final int rpcPort;
  final int p2pPort;

  private NodeProcess(Process p, Path log, int rpcPort, int p2pPort) {
    this.process = p;
    this.log = log;
    this.rpcPort = rpcPort;
    this.p2pPort = p2pPort;
  }

  static int freePort() throws IOException {
    return Scratch.freePort();
  }

  /** Runs {@code bin/aitbc args...} to completion; returns exit code, stdout+stderr in {@code out}. */
  static int run(Path home, List<String> args, StringBuilder out) throws Exception {
    ProcessBuilder pb = command(home, args).redirectErrorStream(true);
    Process p = pb.start();
    out.append(new String(p.getInputStream().readAllBytes()));
    return p.waitFor();
  }

  static final String KEYSTORE_ENV = "AITBC_KEYSTORE";

  static ProcessBuilder command(Path home, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ROOT.resolve("bin/aitbc").toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("AITBC_NO_BUILD", "1");
    pb.environment().put("AITBC_HOME", home.toString());
    pb.environment().put(KEYSTORE_ENV, home.resolve("keystore").toString());
    pb.environment().put("AITBC_JAVA_OPTS", "-Xmx640m"); // the default mempool limit fits: no start-up warning
    return pb;
  }

  /** Starts a node and waits until its HTTP API answers. {@code args} must not hold --rpc-port or --p2p-port. */
  static NodeProcess start(Path home, Path log, List<String> args) throws Exception {
    return start(home, log, args, java.util.Map.of());
  }

  /** As {@link #start(Path, Path, List)}, with extra environment variables (e.g. AITBC_LOG_LEVEL). */
  static NodeProcess start(Path home, Path log, List<String> args, java.util.Map<String, String> env) throws Exception {
    return start(home, log, args, env, List.of());
  }

  /** As {@link #start(Path, Path, List, java.util.Map)}, with the environment variables {@code unset} removed. */
  static NodeProcess start(Path home, Path log, List<String> args, java.util.Map<String, String> env, List<String> unset)
      throws Exception {
    int port = freePort();
    int p2p = freePort();
    List<String> all = new ArrayList<>(List.of("node", "start", "--rpc-port", Integer.toString(port),
        "--p2p-port", Integer.toString(p2p), "--grpc-port", Integer.toString(freePort())));
    all.addAll(args);
    ProcessBuilder pb = command(home, all);
    pb.environment().putAll(env);
    pb.environment().keySet().removeAll(unset);
    Process p = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    NodeProcess n = new NodeProcess(p, log, port, p2p);
    try {
      Await.until("node on port " + port + " to answer (log " + log + ")", Duration.ofSeconds(60), () -> {
        if (!p.isAlive()) throw new AssertionError("node exited with " + p.exitValue() + ": " + n.logText());
        try {
          return n.get("/health").isPresent();
        } catch (Exception e) {
          return false;
        }
      });
    } catch (AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
    return n;
  }

  String url() {
    return "http://127.0.0.1:" + rpcPort;
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  java.util.Optional<JsonObject> get(String path) throws Exception {
    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) return java.util.Optional.empty();
    return java.util.Optional.of((JsonObject) JsonParser.parse(r.body()));
  }

  long height() throws Exception {
    JsonObject h = get("/rpc/head").orElseThrow();
    return ((JsonValue.JsonNumber) h.members().get("height")).longValueExact().orElseThrow();
  }

  /** SIGKILL: no shutdown hook runs. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: the clean shutdown path. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("node did not stop within 30 s of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill9();
  }
}
