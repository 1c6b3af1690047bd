package org.aitbc.chain.node.soak;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.wallet.RpcClient;
import org.aitbc.chain.wallet.RpcException;

/**
 * One node of the soak as a child process of {@code bin/aitbc node start}, on fixed ports and a fixed data
 * directory, so that it can be killed and started again as the same node. The launcher {@code exec}s the
 * JVM, so the child's pid is the node's JVM: SIGKILL goes to the process that holds the store, never to a
 * wrapper shell that would leave it running. Output is appended to one log file over all its starts.
 */
final class ChildNode implements AutoCloseable {
  /** Poll interval while waiting for a node: short against a restart of a second or more. */
  private static final long POLL_MS = 20;

  final String name;
  final Path log;
  final RpcClient rpc;
  private final List<String> command;
  private final Map<String, String> env;
  private Process process;
  private long startedNs;

  /** {@code env} is put over the soak's own environment; a null value removes the variable. */
  ChildNode(String name, List<String> command, Map<String, String> env, Path log, int rpcPort) {
    this.name = name;
    this.command = List.copyOf(command);
    this.env = env;
    this.log = log;
    this.rpc = RpcClient.create(URI.create("http://127.0.0.1:" + rpcPort), Duration.ofSeconds(5));
  }

  /** Starts the node process; returns at once (see {@link #awaitReady} and {@link #awaitApi}). */
  synchronized void start() throws IOException {
    if (running()) throw new IllegalStateException(name + " is running");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    env.forEach((k, v) -> {
      if (v == null) pb.environment().remove(k);
      else pb.environment().put(k, v);
    });
    Files.writeString(log, "---- soak: starting " + name + " ----\n", java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    startedNs = System.nanoTime();
    process = pb.start();
  }

  synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /** Milliseconds since the last {@link #start()}. */
  long sinceStartMs() {
    return (System.nanoTime() - startedNs) / 1_000_000;
  }

  /**
   * SIGKILL to the node's JVM and anything it started; returns once it is gone. Returns the command the
   * signal hit ({@code java}, or the launcher's shell when the kill lands before it has exec'd the JVM).
   */
  synchronized String kill9() throws InterruptedException {
    if (process == null) return "none";
    String what = process.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("exited");
    List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException(name + " survived SIGKILL for 30 s");
    for (ProcessHandle c : children) c.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    return what;
  }

  /** Waits until the HTTP API answers /health; returns the ms since the start. */
  long awaitApi(Duration timeout) throws InterruptedException {
    return awaitReady(-1, timeout);
  }

  /**
   * Waits until /health answers and the head is at {@code minHeight} or above; returns the ms since the
   * start. Throws {@link SoakFailure} when the process exits or the deadline passes.
   */
  long awaitReady(long minHeight, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = -1;
    while (true) {
      Process p;
      synchronized (this) {
        p = process;
      }
      if (p == null || !p.isAlive()) {
        throw new SoakFailure(name + " exited with code " + (p == null ? "?" : p.exitValue()) + " while starting", this);
      }
      try {
        rpc.health();
        last = height();
        if (last >= minHeight) return sinceStartMs();
      } catch (RpcException e) {
        // not up yet
      }
      if (System.nanoTime() > deadline) {
        throw new SoakFailure(name + " not ready within " + timeout.toSeconds() + " s (head " + last + ", needs " + minHeight + ")", this);
      }
      Thread.sleep(POLL_MS);
    }
  }

  long height() throws RpcException {
    return ((JsonValue.JsonNumber) rpc.head().get("height").orElseThrow()).longValueExact().orElseThrow();
  }

  /** The head height, or -1 when the node does not answer. */
  long heightOrMinus1() {
    try {
      return height();
    } catch (RpcException e) {
      return -1;
    }
  }

  /**
   * Writes the running node's thread dump (from the JDK's {@code jcmd}) next to its log, for a failure report;
   * returns where, or why not. A node that stopped following while its API answers shows here what it waits on.
   */
  synchronized String dumpThreads() {
    if (!running()) return "no thread dump: " + name + " is not running";
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Path out = log.resolveSibling(name + "-threads.txt");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "no thread dump: jcmd took over 30 s";
      }
      return p.exitValue() == 0 ? "thread dump of " + name + " in " + out : "no thread dump: jcmd exited " + p.exitValue() + " (see " + out + ")";
    } catch (IOException e) {
      return "no thread dump: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "no thread dump: interrupted";
    }
  }

  /** The last {@code n} lines of the node's log, for a failure report. */
  String logTail(int n) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill9();
  }
}
