package org.aitbc.chain.wallet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.wallet.Keystore;
import org.aitbc.chain.wallet.KeystoreTest;

/** Runs the commands in-process with picocli, capturing stdout and stderr. */
final class CliHarness {
  static final String PW = "s3cret pass";

  final Path home;
  final Path keystore;
  final Map<String, String> env = new HashMap<>();
  final ScriptedTerminal terminal = new ScriptedTerminal();
  LongSupplier clock = System::currentTimeMillis;
  final List<Run> runs = new ArrayList<>();

  CliHarness(Path tmp) {
    this.home = tmp.resolve("home");
    this.keystore = tmp.resolve("ks");
  }

  record Run(int exit, String out, String err) {
    /** A failure: the expected code and exactly one line on stderr. */
    Run fails(ExitCode code) {
      assertEquals(code.code(), exit, () -> "exit code; stdout=" + out + " stderr=" + err);
      assertOneLine();
      return this;
    }

    Run ok() {
      assertEquals(0, exit, () -> "stderr: " + err + " stdout: " + out);
      assertEquals("", err, "nothing on stderr on success");
      return this;
    }

    void assertOneLine() {
      assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1 && err.startsWith("error: "),
          () -> "exactly one 'error: ' line on stderr, got: [" + err + "]");
    }

    String line() {
      return out.strip();
    }
  }

  CliEnv cliEnv() {
    return new CliEnv(env, home, () -> clock.getAsLong(), KeystoreTest.seeded(99), terminal, Duration.ofMillis(20));
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = WalletCli.run(cliEnv(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    Run r = new Run(code, out.toString(), err.toString());
    runs.add(r);
    return r;
  }

  /** Runs a wallet subcommand with --keystore set. */
  Run wallet(String sub, String... args) {
    List<String> a = new ArrayList<>(List.of("wallet", sub, "--keystore", keystore.toString()));
    a.addAll(List.of(args));
    return run(a.toArray(String[]::new));
  }

  /** A wallet file written directly with a small iteration count, so that tests stay quick. */
  KeyPair fastWallet(String name, int keyNumber) throws Exception {
    KeyPair k = KeystoreTest.key(keyNumber);
    Keystore.write(keystore.resolve(name + ".json"), Keystore.encrypt(k, PW.toCharArray(), 1000, KeystoreTest.seeded(keyNumber)));
    return k;
  }

  /** Answers prompts from a script; null (no terminal) when the script is empty. */
  static final class ScriptedTerminal implements CliEnv.Terminal {
    final Deque<String> answers = new ArrayDeque<>();
    final List<String> prompts = new ArrayList<>();

    @Override
    public char[] readPassword(String prompt) {
      prompts.add(prompt);
      String a = answers.poll();
      return a == null ? null : a.toCharArray();
    }

    @Override
    public String readLine(String prompt) {
      prompts.add(prompt);
      return answers.poll();
    }
  }
}
