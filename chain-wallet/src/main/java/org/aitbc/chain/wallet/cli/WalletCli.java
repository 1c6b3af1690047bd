package org.aitbc.chain.wallet.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * How a root command uses the {@code wallet} and {@code blockchain} commands:
 *
 * <pre>
 * CommandLine cl = new CommandLine(new Aitbc());          // root, with its own subcommands
 * for (Object c : WalletCli.commands(CliEnv.system())) cl.addSubcommand(c);
 * WalletCli.configure(cl);                                // one-line usage errors, exit codes, help
 * System.exit(cl.execute(args));
 * </pre>
 *
 * (Listing {@code WalletCommand.class} and {@code BlockchainCommand.class} in the root's
 * {@code subcommands} works as well; they then use the real environment.)
 */
public final class WalletCli {
  private WalletCli() {}

  /** The {@code wallet} and {@code blockchain} command objects, sharing {@code env}. */
  public static List<Object> commands(CliEnv env) {
    return List.of(new WalletCommand(env), new BlockchainCommand(env));
  }

  /**
   * Makes usage errors one line on stderr with exit code {@link ExitCode#USAGE} (picocli's own default,
   * 2, is our WRONG_PASSWORD), and adds the exit code table to every command's help. Call it on the root
   * after all subcommands are added.
   */
  public static CommandLine configure(CommandLine root) {
    root.setParameterExceptionHandler((ex, args) -> {
      CommandLine cl = ex.getCommandLine();
      String msg = ex.getMessage() == null ? "invalid arguments" : ex.getMessage().replace('\n', ' ');
      if (msg.startsWith("Error: ")) msg = msg.substring("Error: ".length());
      PrintWriter err = cl.getErr();
      err.println("error: " + msg + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return ExitCode.USAGE.code();
    });
    root.setExecutionExceptionHandler((ex, cl, parsed) -> {
      PrintWriter err = cl.getErr();
      err.println("error: internal error: " + String.valueOf(ex).replace('\n', ' '));
      err.flush();
      return ExitCode.INTERNAL.code();
    });
    addExitCodes(root);
    return root;
  }

  private static void addExitCodes(CommandLine cl) {
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
    for (CommandLine sub : cl.getSubcommands().values()) addExitCodes(sub);
  }

  /** Runs {@code args} against a root holding only {@code wallet} and {@code blockchain}; for tests and tools. */
  public static int run(CliEnv env, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Root());
    for (Object c : commands(env)) cl.addSubcommand(c);
    configure(cl);
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  /** "-V": the jar's Implementation-Version when packaged, else "development build". */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = WalletCli.class.getPackage().getImplementationVersion();
      return new String[] {"aitbc " + (v == null ? "(development build)" : v)};
    }
  }

  /** A stand-in root ("aitbc") for {@link #run}. */
  @CommandLine.Command(name = "aitbc", mixinStandardHelpOptions = true, versionProvider = Version.class, synopsisSubcommandLabel = "COMMAND",
      description = "AITBC chain command line (wallet and blockchain commands).")
  static final class Root implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
  }
}
