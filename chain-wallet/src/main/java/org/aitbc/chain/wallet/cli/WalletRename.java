package org.aitbc.chain.wallet.cli;

import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.wallet.KeystoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rename", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = "Rename a wallet (its keystore file). An existing wallet of the new name is never replaced.")
final class WalletRename extends BaseCommand {
  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Current name.")
  String name;

  @Option(names = "--new-name", required = true, paramLabel = "NEW", description = "New name.")
  String newName;

  @Mixin Options.Keystore keystore;
  @Mixin Options.Output output;

  @Override
  protected void run() throws KeystoreException {
    keystore.dir(env()).rename(name, newName);
    if (output.json()) printJson(Json.obj("renamed", name, "to", newName));
    else out().println("renamed wallet '" + name + "' to '" + newName + "'");
  }
}
