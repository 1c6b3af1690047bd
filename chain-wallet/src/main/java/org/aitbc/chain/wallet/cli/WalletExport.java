package org.aitbc.chain.wallet.cli;

import java.util.Arrays;
import java.util.HexFormat;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.wallet.KeystoreDir;
import org.aitbc.chain.wallet.KeystoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = {"Print a wallet's private key (the 32-byte Ed25519 seed, 64 hex characters).",
        "Anyone who sees it controls the wallet's funds. Asks for confirmation unless --yes."})
final class WalletExport extends BaseCommand {
  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Wallet name.")
  String name;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
  boolean yes;

  @Mixin Options.Keystore keystore;
  @Mixin Options.Password password;
  @Mixin Options.Output output;

  @Override
  protected void run() throws KeystoreException {
    KeystoreDir dir = keystore.dir(env());
    String address = dir.show(name).address();
    Confirm.orCancel(env(), yes, "Print the private key of wallet '" + name + "' (" + address + ")? "
        + "Anyone who sees it controls the funds.", "export");
    char[] pw = password.read(env(), false);
    byte[] seed = null;
    try {
      seed = dir.export(name, pw);
      String hex = HexFormat.of().formatHex(seed);
      if (output.json()) printJson(Json.obj("name", name, "address", address, "private_key", hex));
      else out().println(hex);
    } finally {
      Arrays.fill(pw, '\0');
      if (seed != null) Arrays.fill(seed, (byte) 0);
    }
  }
}
