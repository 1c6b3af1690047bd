package org.aitbc.chain.wallet.cli;

import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "announce", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = {"Make the chain learn a wallet's public key: a zero-amount transfer to itself that carries the key.",
        "Once it is in a block, the wallet's transactions may leave public_key out (the AITBC CLI's wallet send "
            + "always does). It costs the fee (default: the node's min_fee)."})
final class WalletAnnounce extends TransferCommand {
  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Wallet whose key to announce.")
  String name;

  @Option(names = "--fee", paramLabel = "N", description = "Fee (default: the node's min_fee).")
  Long fee;

  @Override
  protected void run() throws KeystoreException, RpcException {
    if (fee != null && fee < 0) throw CliFailure.usage("--fee must be 0 or more");
    transfer(name, null, 0, fee, null, null);
  }
}
