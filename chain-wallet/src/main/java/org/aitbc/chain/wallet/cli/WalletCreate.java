package org.aitbc.chain.wallet.cli;

import java.util.Arrays;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.wallet.KeystoreDir;
import org.aitbc.chain.wallet.KeystoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "create", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = {"Create a wallet with a new random key and print its address.",
        "The key is stored encrypted in <keystore>/NAME.json (mode 0600); an existing file is never replaced."})
final class WalletCreate extends BaseCommand {
  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Wallet name (letters, digits, . _ -).")
  String name;

  @Mixin Options.Keystore keystore;
  @Mixin Options.Password password;
  @Mixin Iterations iterations;
  @Mixin Options.Output output;

  @Override
  protected void run() throws KeystoreException {
    KeystoreDir dir = keystore.dir(env());
    if (dir.exists(name)) throw CliFailure.of(new KeystoreException(KeystoreException.Kind.ALREADY_EXISTS,
        "wallet '" + name + "' already exists in " + dir.dir() + "; nothing was changed"));
    char[] pw = password.read(env(), true);
    KeystoreDir.Entry e;
    try {
      e = dir.create(name, pw, iterations.value(), env().random());
    } finally {
      Arrays.fill(pw, '\0');
    }
    if (output.json()) printJson(Json.obj("name", e.name(), "address", e.address(), "file", e.file().toString()));
    else out().println(e.address());
  }

  /** {@code --kdf-iterations}: PBKDF2 count for new files, at least {@link #MIN}. */
  static final class Iterations {
    static final int MIN = org.aitbc.chain.wallet.Keystore.DEFAULT_ITERATIONS;

    @Option(names = "--kdf-iterations", paramLabel = "N", defaultValue = "600000",
        description = "PBKDF2-HMAC-SHA256 iterations for the new file, at least 600000 (default: ${DEFAULT-VALUE}).")
    int iterations;

    int value() {
      if (iterations < MIN || iterations > org.aitbc.chain.wallet.Keystore.MAX_ITERATIONS) {
        throw CliFailure.usage("--kdf-iterations must be from " + MIN + " to " + org.aitbc.chain.wallet.Keystore.MAX_ITERATIONS);
      }
      return iterations;
    }
  }
}
