package org.aitbc.chain.wallet.cli;

import picocli.CommandLine.Command;

/**
 * {@code aitbc wallet ...}: keystore files (AITBC format) and transactions signed with them. The
 * no-argument constructor takes the real process environment, so a root command may list this class
 * in its {@code subcommands}; tests pass their own {@link CliEnv}.
 */
@Command(name = "wallet", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = "Create, import and use wallets (AITBC keystore files) and send transactions.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {WalletCreate.class, WalletImport.class, WalletList.class, WalletShow.class, WalletBalance.class,
        WalletSend.class, WalletAnnounce.class, WalletTransactions.class, WalletExport.class, WalletDelete.class, WalletRename.class},
    footerHeading = "%nEnvironment:%n",
    footer = {"  AITBC_KEYSTORE  keystore folder if no --keystore (else $AITBC_HOME/keystore, else ~/.aitbc/keystore)",
        "  AITBC_PASSWORD  password if no --password-file (else a prompt, no echo)",
        "  NODE_URL        node if no --rpc-url (else http://127.0.0.1:8006)"})
public final class WalletCommand implements BaseCommand.EnvHolder {
  private final CliEnv env;

  public WalletCommand() {
    this(CliEnv.system());
  }

  public WalletCommand(CliEnv env) {
    this.env = env;
  }

  @Override
  public CliEnv env() {
    return env;
  }
}
