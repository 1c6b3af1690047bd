package org.aitbc.chain.node;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The bash completion script for {@code bin/aitbc}, made by picocli's {@link AutoComplete} from the
 * command tree of {@link Main#commandLine()}. Usable as a main class and, once listed in Main's
 * subcommands, as {@code aitbc completion}:
 *
 * <pre>
 * java -cp "chain-node/target/chain-node.jar:chain-node/target/lib/*" org.aitbc.chain.node.Completion \
 *     &gt; bin/aitbc-completion.bash
 * source bin/aitbc-completion.bash        # or copy it to /etc/bash_completion.d/aitbc
 * </pre>
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Print a bash completion script for aitbc.",
        "Use it with: source <(bin/aitbc completion)   (or save it in /etc/bash_completion.d/aitbc)."})
public final class Completion implements Callable<Integer> {
  /** The command that regenerates the committed script; written into its header. */
  static final String REGENERATE = "java -cp \"chain-node/target/chain-node.jar:chain-node/target/lib/*\" "
      + "org.aitbc.chain.node.Completion > bin/aitbc-completion.bash";

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, false, java.nio.charset.StandardCharsets.UTF_8);
    out.print(script(Main.commandLine()));
    out.flush();
  }

  /** The script for the tree under {@code root}, with a header (after picocli's #! line) saying how it was made. */
  static String script(CommandLine root) {
    String header = "# bash completion for aitbc: source this file, or copy it to /etc/bash_completion.d/aitbc.\n"
        + "# Generated from the command tree by picocli's AutoComplete; do not edit. Regenerate it from the\n"
        + "# repository root, after 'mvn -B -ntp -DskipTests package', with:\n"
        + "#   " + REGENERATE + "\n";
    String bash = AutoComplete.bash("aitbc", root);
    int firstLine = bash.startsWith("#!") ? bash.indexOf('\n') + 1 : 0;
    return bash.substring(0, firstLine) + header + bash.substring(firstLine);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(script(spec.root().commandLine()));
    out.flush();
    return 0;
  }
}
