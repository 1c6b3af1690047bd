package org.aitbc.chain.wallet.cli;

import org.aitbc.chain.wallet.KeystoreException;
import picocli.CommandLine.Option;

/** {@code --name NAME | --address A}: whose account (picocli exclusive group). */
final class Who {
  @Option(names = "--name", paramLabel = "NAME", description = "A wallet of the keystore folder.")
  String name;

  @Option(names = "--address", paramLabel = "ADDRESS", description = "Any address (ait1…).")
  String address;

  String resolve(Options.Keystore keystore, CliEnv env) throws KeystoreException {
    if (address != null) return Text.address(address, "--address");
    return keystore.dir(env).show(name).address();
  }
}
