package org.aitbc.chain.wallet.cli;

import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "send", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = {"Sign a transfer with a wallet's key, submit it and print its hash.",
        "The nonce is above the chain's nonce for the sender and at least the current time in milliseconds; "
            + "the fee defaults to the node's minimum. With --wait, also wait until a block includes it and print "
            + "the block height."})
final class WalletSend extends TransferCommand {
  @Option(names = "--from", required = true, paramLabel = "NAME", description = "Wallet that signs and pays.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "Recipient address.")
  String to;

  @Option(names = "--amount", required = true, paramLabel = "N", description = "Whole units to transfer (0 for a message).")
  long amount;

  @Option(names = "--fee", paramLabel = "N", description = "Fee (default: the node's min_fee).")
  Long fee;

  @Option(names = "--payload", paramLabel = "TEXT", description = "A message for the recipient (a JSON string).")
  String payload;

  @Option(names = "--nonce", paramLabel = "N", description = "Use this nonce instead of the automatic one.")
  Long nonce;

  @Override
  protected void run() throws KeystoreException, RpcException {
    Text.address(to, "--to");
    if (amount < 0) throw CliFailure.usage("--amount must be 0 or more");
    if (fee != null && fee < 0) throw CliFailure.usage("--fee must be 0 or more");
    if (nonce != null && nonce < 0) throw CliFailure.usage("--nonce must be 0 or more");
    transfer(from, to, amount, fee, payload, nonce);
  }
}
