package org.aitbc.chain.messaging.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.messaging.LiveNode;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.wallet.Keystore;
import org.aitbc.chain.wallet.cli.CliEnv;
import org.aitbc.chain.wallet.cli.ExitCode;

/**
 * Runs the agent commands in-process against a {@link LiveNode}, with wallets "key1".."keyN" (test keys
 * 1..N) in a keystore folder and one password file. Commands can run in the background (a listener).
 */
final class AgentHarness {
  static final String PW = "agent pass";

  final Path keystore;
  final Path passwordFile;
  final Path home;
  final LiveNode node;

  AgentHarness(Path tmp, LiveNode node, int wallets) throws Exception {
    this.node = node;
    this.keystore = tmp.resolve("ks");
    this.home = tmp.resolve("home");
    this.passwordFile = tmp.resolve("pw.txt");
    Files.writeString(passwordFile, PW + "\n", StandardCharsets.UTF_8);
    for (int i = 1; i <= wallets; i++) {
      KeyPair k = TestKeys.key(i);
      Keystore.write(keystore.resolve("key" + i + ".json"), Keystore.encrypt(k, PW.toCharArray(), 1000, new SecureRandom()));
    }
  }

  static String addr(int key) {
    return TestKeys.key(key).address();
  }

  CliEnv env() {
    return new CliEnv(Map.of(), home, System::currentTimeMillis, new SecureRandom(), CliEnv.Terminal.NONE, Duration.ofMillis(20));
  }

  record Run(int exit, String out, String err) {
    Run ok() {
      assertEquals(0, exit, () -> "exit code; stderr: " + err + " stdout: " + out);
      assertEquals("", err, "nothing on stderr on success");
      return this;
    }

    Run fails(int code) {
      assertEquals(code, exit, () -> "exit code; stdout=" + out + " stderr=" + err);
      assertTrue(err.startsWith("error: ") && err.indexOf('\n') == err.length() - 1,
          () -> "exactly one 'error: ' line on stderr, got: [" + err + "]");
      return this;
    }

    Run fails(ExitCode code) {
      return fails(code.code());
    }

    Run fails(AgentExit code) {
      return fails(code.code());
    }

    List<String> lines() {
      String s = out.strip();
      return s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    JsonObject json() {
      return jsonLines().get(0);
    }

    List<JsonObject> jsonLines() {
      List<JsonObject> l = new ArrayList<>();
      for (String line : lines()) {
        try {
          l.add((JsonObject) JsonParser.parse(line));
        } catch (Exception e) {
          throw new AssertionError("not a JSON line: " + line, e);
        }
      }
      return l;
    }
  }

  /** The standard options every wallet-using agent command gets. */
  List<String> withCommon(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--keystore", keystore.toString(), "--password-file", passwordFile.toString(), "--rpc-url", node.url()));
    return a;
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AgentCli.run(env(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code agent SUB args} with keystore, password file and node URL. */
  Run agent(String sub, String... args) {
    List<String> a = new ArrayList<>(List.of("agent", sub));
    a.addAll(withCommon(args));
    return run(a.toArray(String[]::new));
  }

  /** A command running in a thread; its stdout can be read while it runs. */
  final class Background implements AutoCloseable {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Thread thread;
    volatile Integer exit;

    Background(String... args) {
      List<String> a = new ArrayList<>(List.of("agent"));
      a.addAll(withCommon(args));
      String[] argv = a.toArray(String[]::new);
      thread = new Thread(() -> exit = AgentCli.run(env(), new PrintWriter(out, true), new PrintWriter(err, true), argv),
          "agent-" + args[0]);
      thread.setDaemon(true);
      thread.start();
    }

    String out() {
      return out.toString();
    }

    long count(String needle) {
      return out().lines().filter(l -> l.contains(needle)).count();
    }

    void awaitOutput(String needle, Duration timeout) {
      Await.until("output containing '" + needle + "'; so far: " + out() + err, timeout, () -> out().contains(needle));
    }

    Run join(Duration timeout) throws InterruptedException {
      thread.join(timeout.toMillis());
      if (thread.isAlive()) throw new AssertionError("still running after " + timeout + "; output: " + out() + err);
      return new Run(exit, out.toString(), err.toString());
    }

    @Override
    public void close() {
      if (thread.isAlive()) {
        thread.interrupt();
        try {
          thread.join(15_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  Background background(String... args) {
    return new Background(args);
  }

  static String str(JsonObject o, String k) {
    JsonValue v = o.get(k).orElseThrow(() -> new AssertionError("no '" + k + "' in " + o));
    if (v instanceof JsonValue.JsonString s) return s.value();
    return org.aitbc.chain.core.json.PyJson.compactUnsorted(v);
  }
}
