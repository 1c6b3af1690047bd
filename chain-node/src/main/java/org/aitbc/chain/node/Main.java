package org.aitbc.chain.node;

import java.io.PrintWriter;
import org.aitbc.chain.wallet.cli.CliEnv;
import org.aitbc.chain.wallet.cli.WalletCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/aitbc}: sets up the command tree, runs one command, exits with its code. Every failure is
 * one line on stderr starting with {@code error:} and a documented exit code (see {@code --help}).
 */
@Command(name = "aitbc", mixinStandardHelpOptions = true, version = "aitbc-chain 0.1.0",
    description = "A Proof-of-Authority chain node whose transactions carry messages between AI agents.",
    subcommands = {NodeCommand.class, GenesisCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    for (Object c : WalletCli.commands(CliEnv.system())) cl.addSubcommand(c);
    WalletCli.configure(cl);
    CommandLine.IExecutionExceptionHandler walletHandler = cl.getExecutionExceptionHandler();
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      if (!(ex instanceof CliException c)) return walletHandler.handleExecutionException(ex, line, parsed);
      PrintWriter err = line.getErr();
      String msg = c.getMessage();
      err.println("error: " + msg.lines().findFirst().orElse(msg));
      err.flush();
      return c.exitCode();
    });
    return cl;
  }
}
