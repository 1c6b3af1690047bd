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
    subcommands = {NodeCommand.class, GenesisCommand.class, BenchCommand.class, InboxBench.class, DemoCommand.class, org.aitbc.chain.node.soak.SoakCommand.class, Completion.class, CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    CommandLine cl = commandLine();
    try {
      configFile(args).ifPresent(f -> cl.setDefaultValueProvider(ConfigFile.read(f, nodeStart(cl))));
    } catch (CliException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(e.exitCode());
    }
    System.exit(cl.execute(args));
  }

  /**
   * {@code --config FILE} anywhere on the line: a properties file whose keys are option names without
   * dashes (e.g. {@code rpc-port = 8006}); flags given on the command line win. See config/*.properties
   * and {@link ConfigFile}.
   */
  static java.util.Optional<java.nio.file.Path> configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String f = args[i].startsWith("--config=") ? args[i].substring(9) : args[i].equals("--config") && i + 1 < args.length ? args[i + 1] : null;
      if (f == null) continue;
      java.nio.file.Path p = java.nio.file.Path.of(f);
      if (!java.nio.file.Files.isReadable(p)) throw new CliException(1, "config file " + f + " cannot be read");
      return java.util.Optional.of(p);
    }
    return java.util.Optional.empty();
  }

  /** The {@code node start} command, the one {@code --config} belongs to. */
  static CommandLine.Model.CommandSpec nodeStart(CommandLine root) {
    return root.getSubcommands().get("node").getSubcommands().get("start").getCommandSpec();
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    for (Object c : WalletCli.commands(CliEnv.system())) cl.addSubcommand(c);
    for (Object c : org.aitbc.chain.messaging.cli.AgentCli.commands(CliEnv.system())) cl.addSubcommand(c);
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
