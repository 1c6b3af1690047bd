package org.aitbc.chain.messaging.cli;

import java.io.PrintWriter;
import java.util.List;
import org.aitbc.chain.wallet.cli.CliEnv;
import org.aitbc.chain.wallet.cli.WalletCli;
import picocli.CommandLine;

/**
 * How a root command gets the {@code agent} command:
 *
 * <pre>
 * CommandLine cl = new CommandLine(new Aitbc());
 * for (Object c : WalletCli.commands(env)) cl.addSubcommand(c);
 * for (Object c : AgentCli.commands(env)) cl.addSubcommand(c);
 * WalletCli.configure(cl);
 * </pre>
 */
public final class AgentCli {
  private AgentCli() {}

  /** The {@code agent} command object, using {@code env}. */
  public static List<Object> commands(CliEnv env) {
    return List.of(new AgentCommand(env));
  }

  /** Runs {@code args} against a root holding the wallet, blockchain and agent commands; for tests and tools. */
  public static int run(CliEnv env, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Root());
    for (Object c : WalletCli.commands(env)) cl.addSubcommand(c);
    for (Object c : commands(env)) cl.addSubcommand(c);
    WalletCli.configure(cl);
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  @CommandLine.Command(name = "aitbc", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
      synopsisSubcommandLabel = "COMMAND", description = "AITBC chain command line (wallet, blockchain and agent commands).")
  static final class Root implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
  }
}
