package org.aitbc.chain.node;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/aitbc}: sets up the command tree, runs one command, exits with its code. */
@Command(name = "aitbc", mixinStandardHelpOptions = true, version = "aitbc-chain 0.1.0",
    description = "A Proof-of-Authority chain node whose transactions carry messages between AI agents.",
    subcommands = {NodeCommand.class, GenesisCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The root command line with the house's error style: one line on stderr, a non-zero code. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      PrintWriter err = line.getErr();
      String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
      err.println("aitbc: " + msg.lines().findFirst().orElse(msg));
      err.flush();
      return ex instanceof CliException c ? c.exitCode() : 1;
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("aitbc: " + ex.getMessage() + " (see: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
      err.flush();
      return 2;
    });
    return cl;
  }
}
