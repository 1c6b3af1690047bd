package org.aitbc.chain.wallet.cli;

import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.wallet.KeystoreDir;
import org.aitbc.chain.wallet.KeystoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = "List the wallets of the keystore folder with their addresses (no password needed).")
final class WalletList extends BaseCommand {
  @Mixin Options.Keystore keystore;
  @Mixin Options.Output output;

  @Override
  protected void run() throws KeystoreException {
    KeystoreDir dir = keystore.dir(env());
    List<KeystoreDir.Entry> entries = dir.list();
    if (output.json()) {
      List<JsonValue> items = new ArrayList<>();
      for (KeystoreDir.Entry e : entries) {
        items.add(e.readable()
            ? Json.obj("name", e.name(), "address", e.address(), "file", e.file().toString())
            : Json.obj("name", e.name(), "address", null, "file", e.file().toString(), "problem", e.problem()));
      }
      printJson(Json.arr(items));
      return;
    }
    if (entries.isEmpty()) {
      out().println("(no wallets in " + dir.dir() + ")");
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "ADDRESS"});
    for (KeystoreDir.Entry e : entries) {
      rows.add(new String[] {e.name(), e.readable() ? e.address() : "(unreadable: " + e.problem() + ")"});
    }
    Text.table(out(), rows);
  }
}
