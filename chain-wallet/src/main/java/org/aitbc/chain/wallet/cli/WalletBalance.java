package org.aitbc.chain.wallet.cli;

import java.util.List;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcClient;
import org.aitbc.chain.wallet.RpcException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "balance", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = "Print an account's balance and highest included nonce, as the node reports them.")
final class WalletBalance extends BaseCommand {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Who who;

  @Mixin Options.Keystore keystore;
  @Mixin Options.Rpc rpc;
  @Mixin Options.Output output;

  @Override
  protected void run() throws KeystoreException, RpcException {
    String address = who.resolve(keystore, env());
    RpcClient.AccountInfo a = rpc.client(env()).account(address);
    if (output.json()) {
      printJson(Json.obj("address", a.address(), "balance", a.balance(), "nonce", a.nonce(), "exists", a.exists()));
      return;
    }
    Text.keyValues(out(), List.of(
        new String[] {"address", a.address()},
        new String[] {"balance", Long.toString(a.balance())},
        new String[] {"nonce", a.nonce() == null ? "- (never sent)" : a.nonce().toString()}));
  }
}
