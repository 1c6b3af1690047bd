package org.aitbc.chain.wallet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.wallet.KeystoreDir;
import org.aitbc.chain.wallet.KeystoreException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = {"Import a key as a new wallet and print its address: a 32-byte Ed25519 private key (seed) "
        + "in hex, or an AITBC keystore file (kept as it is; the password must open it)."})
final class WalletImport extends BaseCommand {
  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Wallet name (letters, digits, . _ -).")
  String name;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--private-key", paramLabel = "HEX",
        description = "64 hex characters (0x allowed). Visible in process listings: prefer --private-key-file.")
    String privateKey;

    @Option(names = "--private-key-file", paramLabel = "FILE", description = "File holding the 64-hex private key.")
    Path privateKeyFile;

    @Option(names = "--keystore-file", paramLabel = "FILE", description = "An AITBC keystore file to copy in.")
    Path keystoreFile;
  }

  @Mixin Options.Keystore keystore;
  @Mixin Options.Password password;
  @Mixin WalletCreate.Iterations iterations;
  @Mixin Options.Output output;

  @Override
  protected void run() throws KeystoreException {
    KeystoreDir dir = keystore.dir(env());
    if (dir.exists(name)) throw CliFailure.of(new KeystoreException(KeystoreException.Kind.ALREADY_EXISTS,
        "wallet '" + name + "' already exists in " + dir.dir() + "; nothing was changed"));
    KeystoreDir.Entry e;
    if (source.keystoreFile != null) {
      char[] pw = password.read(env(), false);
      try {
        e = dir.importFile(name, source.keystoreFile, pw);
      } finally {
        Arrays.fill(pw, '\0');
      }
    } else {
      int count = iterations.value();
      byte[] seed = seed();
      char[] pw = null;
      try {
        pw = password.read(env(), true);
        e = dir.importSeed(name, seed, pw, count, env().random());
      } finally {
        Arrays.fill(seed, (byte) 0);
        if (pw != null) Arrays.fill(pw, '\0');
      }
    }
    if (output.json()) printJson(Json.obj("name", e.name(), "address", e.address(), "file", e.file().toString()));
    else out().println(e.address());
  }

  /** The seed from the option or file; messages never repeat the key. */
  private byte[] seed() {
    String hex = source.privateKey;
    if (source.privateKeyFile != null) {
      try {
        if (Files.size(source.privateKeyFile) > 1024) throw CliFailure.usage("private key file is larger than 1024 bytes");
        hex = Files.readString(source.privateKeyFile, StandardCharsets.UTF_8);
      } catch (NoSuchFileException ex) {
        throw CliFailure.usage("private key file " + source.privateKeyFile + " does not exist");
      } catch (IOException ex) {
        throw new CliFailure(ExitCode.IO_ERROR, "cannot read private key file " + source.privateKeyFile);
      }
    }
    hex = hex.strip();
    if (hex.startsWith("0x") || hex.startsWith("0X")) hex = hex.substring(2);
    if (hex.length() != 64) throw CliFailure.usage("the private key must be 64 hex characters (32 bytes)");
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException ex) {
      throw CliFailure.usage("the private key must be 64 hex characters (32 bytes)");
    }
  }
}
