package org.aitbc.chain.messaging.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.aitbc.chain.messaging.MessagingClient;
import org.aitbc.chain.wallet.RpcClient;
import org.aitbc.chain.wallet.RpcException;
import org.aitbc.chain.wallet.cli.CliEnv;
import org.aitbc.chain.wallet.cli.CliFailure;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Option groups of the agent commands that the wallet's {@code Options} do not cover. */
final class AgentOptions {
  private AgentOptions() {}

  /** {@code --rpc-url U} (else {@code NODE_URL}, else http://127.0.0.1:8006) and {@code --rpc-timeout}. */
  static final class Rpc {
    @Option(names = "--rpc-url", paramLabel = "URL",
        description = "Node HTTP API (default: $NODE_URL, else " + RpcClient.DEFAULT_URL + ").")
    String rpcUrl;

    @Option(names = "--rpc-timeout", paramLabel = "SECONDS", defaultValue = "10",
        description = "Seconds to wait for each answer of the node, beyond a long poll's own wait (default: ${DEFAULT-VALUE}).")
    int rpcTimeoutSeconds;

    MessagingClient client(CliEnv env) {
      if (rpcTimeoutSeconds < 1) throw CliFailure.usage("--rpc-timeout must be at least 1 second");
      try {
        URI u = RpcClient.locate(rpcUrl, env.env());
        return MessagingClient.create(u, Duration.ofSeconds(rpcTimeoutSeconds));
      } catch (RpcException e) {
        throw CliFailure.of(e);
      }
    }
  }

  /** Durations as {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, or a bare number of seconds. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = parse(value);
      if (d == null) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (say 30s, 500ms, 2m or 1h)");
      }
      return d;
    }

    static Duration parse(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      String[][] units = {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}};
      long mult = 1000;
      for (String[] u : units) {
        if (v.endsWith(u[0]) && !(u[0].equals("s") && v.endsWith("ms"))) {
          v = v.substring(0, v.length() - u[0].length());
          mult = Long.parseLong(u[1]);
          break;
        }
      }
      try {
        long n = Long.parseLong(v.strip());
        if (n < 0 || n > Long.MAX_VALUE / mult) return null;
        return Duration.ofMillis(n * mult);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
