package org.aitbc.chain.messaging.cli;

import org.aitbc.chain.wallet.cli.CliEnv;
import org.aitbc.chain.wallet.cli.WalletCli;
import picocli.CommandLine.Command;

/**
 * {@code aitbc agent ...}: messages between agents, carried by zero-amount transfers. The no-argument
 * constructor takes the real process environment; tests pass their own {@link CliEnv}.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = "Send, read and answer agent messages (versioned envelopes, optional HPKE encryption, "
        + "acknowledgements, tasks).",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {AgentMessage.class, AgentMessages.class, AgentListen.class, AgentTask.class,
        AgentRegistryCommands.Create.class, AgentRegistryCommands.Update.class, AgentRegistryCommands.Delete.class,
        AgentRegistryCommands.ListAgents.class, AgentRegistryCommands.Show.class},
    footerHeading = "%nEnvironment:%n",
    footer = {"  AITBC_KEYSTORE  keystore folder if no --keystore (else $AITBC_HOME/keystore, else ~/.aitbc/keystore)",
        "  AITBC_PASSWORD  password if no --password-file (else a prompt, no echo)",
        "  NODE_URL        node if no --rpc-url (else http://127.0.0.1:8006)",
        "%nAgent exit codes (with the ones above):",
        "   7   --require-ack: no ack in time; task: no result in time",
        "  20   a message did not decrypt with the wallet's key",
        "  21   task: the agent answered that the task failed",
        "  22   --encrypt: no public key known for the recipient (give --recipient-key)"})
public final class AgentCommand {
  private final CliEnv env;

  public AgentCommand() {
    this(CliEnv.system());
  }

  public AgentCommand(CliEnv env) {
    this.env = env;
  }

  CliEnv env() {
    return env;
  }
}
