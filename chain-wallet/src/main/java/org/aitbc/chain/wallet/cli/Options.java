package org.aitbc.chain.wallet.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.aitbc.chain.wallet.KeystoreDir;
import org.aitbc.chain.wallet.RpcClient;
import org.aitbc.chain.wallet.RpcException;
import picocli.CommandLine.Option;

/** The option groups the commands share (picocli mixins). */
public final class Options {
  private Options() {}

  /** {@code --keystore DIR}. */
  public static final class Keystore {
    @Option(names = "--keystore", paramLabel = "DIR",
        description = "Keystore folder (default: $AITBC_KEYSTORE, else $AITBC_HOME/keystore, else ~/.aitbc/keystore).")
    String keystore;

    public KeystoreDir dir(CliEnv env) {
      return new KeystoreDir(KeystoreDir.locate(keystore, env.env(), env.home()));
    }
  }

  /** {@code --password-file F}, else {@code AITBC_PASSWORD}, else a prompt without echo. */
  public static final class Password {
    public static final String ENV = "AITBC_PASSWORD";
    /** Longest password file read. */
    static final int MAX_FILE_BYTES = 4096;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "File whose first line is the password (default: $AITBC_PASSWORD, else a prompt without echo).")
    Path passwordFile;

    /** The password; {@code confirm} asks twice at a prompt (for new keys) and refuses an empty one. */
    public char[] read(CliEnv env, boolean confirm) {
      char[] pw = fromFileOrEnv(env);
      if (pw == null) pw = prompt(env, confirm);
      if (confirm && pw.length == 0) throw CliFailure.usage("the password must not be empty");
      return pw;
    }

    private char[] fromFileOrEnv(CliEnv env) {
      if (passwordFile != null) {
        byte[] b;
        try {
          if (Files.size(passwordFile) > MAX_FILE_BYTES) {
            throw CliFailure.usage("password file " + passwordFile + " is larger than " + MAX_FILE_BYTES + " bytes");
          }
          b = Files.readAllBytes(passwordFile);
        } catch (NoSuchFileException e) {
          throw CliFailure.usage("password file " + passwordFile + " does not exist");
        } catch (IOException e) {
          throw new CliFailure(ExitCode.IO_ERROR, "cannot read password file " + passwordFile + " (" + e.getMessage() + ")");
        }
        String s = new String(b, StandardCharsets.UTF_8);
        Arrays.fill(b, (byte) 0);
        int end = s.indexOf('\n');
        if (end < 0) end = s.length();
        if (end > 0 && s.charAt(end - 1) == '\r') end--;
        return s.substring(0, end).toCharArray();
      }
      String e = env.getenv(ENV);
      return e == null ? null : e.toCharArray();
    }

    private static char[] prompt(CliEnv env, boolean confirm) {
      char[] pw = env.terminal().readPassword("Password: ");
      if (pw == null) {
        throw CliFailure.usage("no password: give --password-file FILE, set " + ENV + " or run in a terminal");
      }
      if (confirm) {
        char[] again = env.terminal().readPassword("Password again: ");
        boolean same = again != null && Arrays.equals(pw, again);
        if (again != null) Arrays.fill(again, '\0');
        if (!same) {
          Arrays.fill(pw, '\0');
          throw CliFailure.usage("the passwords do not match");
        }
      }
      return pw;
    }
  }

  /** {@code --rpc-url U}, else {@code NODE_URL}, else http://127.0.0.1:8006; {@code --rpc-timeout}. */
  public static final class Rpc {
    @Option(names = "--rpc-url", paramLabel = "URL",
        description = "Node HTTP API (default: $NODE_URL, else " + RpcClient.DEFAULT_URL + ").")
    String rpcUrl;

    @Option(names = "--rpc-timeout", paramLabel = "SECONDS", defaultValue = "10",
        description = "Seconds to wait for each answer of the node (default: ${DEFAULT-VALUE}).")
    int rpcTimeoutSeconds;

    public RpcClient client(CliEnv env) {
      if (rpcTimeoutSeconds < 1) throw CliFailure.usage("--rpc-timeout must be at least 1 second");
      try {
        URI u = RpcClient.locate(rpcUrl, env.env());
        return RpcClient.create(u, Duration.ofSeconds(rpcTimeoutSeconds));
      } catch (RpcException e) {
        throw CliFailure.of(e);
      }
    }
  }

  /** {@code --output text|json}. */
  public static final class Output {
    public enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
        description = "text (for people) or json (one line, for scripts). Default: ${DEFAULT-VALUE}.")
    Format output;

    public boolean json() {
      return output == Format.json;
    }
  }
}
