package org.aitbc.chain.wallet.cli;

import java.util.List;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.wallet.KeystoreDir;
import org.aitbc.chain.wallet.KeystoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = "Show a wallet's address, public key, file and key derivation (no password needed).")
final class WalletShow extends BaseCommand {
  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Wallet name.")
  String name;

  @Mixin Options.Keystore keystore;
  @Mixin Options.Output output;

  @Override
  protected void run() throws KeystoreException {
    KeystoreDir dir = keystore.dir(env());
    KeystoreDir.Entry e = dir.show(name);
    JsonObject file;
    try {
      file = (JsonObject) JsonParser.parse(dir.json(name));
    } catch (JsonParseException | ClassCastException ex) {
      throw new CliFailure(ExitCode.BAD_KEYSTORE, "not a valid keystore: " + e.file());
    }
    JsonObject crypto = file.get("crypto").filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
        .orElse(Json.obj());
    JsonObject kdfParams = crypto.get("kdfparams").filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
        .orElse(Json.obj());
    JsonValue publicKey = file.get("public_key").orElse(JsonValue.JsonNull.INSTANCE);
    String kdf = Text.field(crypto, "kdf") + " (" + Text.field(kdfParams, "prf") + ", " + Text.field(kdfParams, "c")
        + " iterations), " + Text.field(crypto, "cipher");
    if (output.json()) {
      printJson(Json.obj("name", name, "address", e.address(), "public_key", publicKey, "file", e.file().toString(),
          "kdf", crypto.get("kdf").orElse(null), "iterations", kdfParams.get("c").orElse(null),
          "cipher", crypto.get("cipher").orElse(null)));
      return;
    }
    Text.keyValues(out(), List.of(
        new String[] {"name", name},
        new String[] {"address", e.address()},
        new String[] {"public_key", Text.of(publicKey)},
        new String[] {"file", e.file().toString()},
        new String[] {"encryption", kdf}));
  }
}
