package org.aitbc.chain.wallet.cli;

import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.wallet.KeystoreDir;
import org.aitbc.chain.wallet.KeystoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "delete", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = {"Delete a wallet's keystore file. Without a copy of the file or the key, its funds are lost.",
        "Asks for confirmation unless --yes."})
final class WalletDelete extends BaseCommand {
  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Wallet name.")
  String name;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
  boolean yes;

  @Mixin Options.Keystore keystore;
  @Mixin Options.Output output;

  @Override
  protected void run() throws KeystoreException {
    KeystoreDir dir = keystore.dir(env());
    String address;
    try {
      address = dir.show(name).address();
    } catch (KeystoreException e) {
      if (e.kind() == KeystoreException.Kind.NOT_FOUND) throw e;
      address = "unreadable file";
    }
    Confirm.orCancel(env(), yes, "Delete wallet '" + name + "' (" + address + ") from " + dir.dir() + "?", "delete");
    dir.delete(name);
    if (output.json()) printJson(Json.obj("deleted", name, "address", address));
    else out().println("deleted wallet '" + name + "' (" + address + ")");
  }
}
