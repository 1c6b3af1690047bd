package org.aitbc.chain.wallet.cli;

import java.io.Console;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the commands take from the world, so that tests can give their own: environment variables,
 * the home folder, the clock (milliseconds), randomness, the terminal, and how often {@code send --wait}
 * polls.
 */
public record CliEnv(Map<String, String> env, Path home, LongSupplier clockMs, SecureRandom random, Terminal terminal,
    Duration pollInterval) {

  /** The interactive terminal; both methods return null when there is none (not a TTY). */
  public interface Terminal {
    /** Reads a line without echo. */
    char[] readPassword(String prompt);

    /** Reads a line with echo. */
    String readLine(String prompt);

    Terminal NONE = new Terminal() {
      @Override
      public char[] readPassword(String prompt) {
        return null;
      }

      @Override
      public String readLine(String prompt) {
        return null;
      }
    };
  }

  public CliEnv {
    env = Map.copyOf(env);
  }

  /** The real process environment, System.console() and a 500 ms poll. */
  public static CliEnv system() {
    return new CliEnv(System.getenv(), Path.of(System.getProperty("user.home")), System::currentTimeMillis,
        new SecureRandom(), consoleTerminal(), Duration.ofMillis(500));
  }

  private static Terminal consoleTerminal() {
    return new Terminal() {
      @Override
      public char[] readPassword(String prompt) {
        Console c = System.console();
        return c == null ? null : c.readPassword("%s", prompt);
      }

      @Override
      public String readLine(String prompt) {
        Console c = System.console();
        return c == null ? null : c.readLine("%s", prompt);
      }
    };
  }

  public String getenv(String name) {
    return env.get(name);
  }
}
