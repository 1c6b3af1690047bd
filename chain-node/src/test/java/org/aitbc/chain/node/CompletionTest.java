package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed bash completion script is what the generator makes today, and bash completes with it. */
class CompletionTest {
  static final Path SCRIPT = NodeProcess.ROOT.resolve("bin/aitbc-completion.bash");

  @Test
  void theCommittedScriptIsTheOneTheGeneratorMakesFromTodaysCommandTree() throws Exception {
    String fresh = Completion.script(Main.commandLine());
    assertEquals(fresh, Files.readString(SCRIPT), "bin/aitbc-completion.bash is stale; regenerate it with: "
        + Completion.REGENERATE);
    assertTrue(fresh.contains(Completion.REGENERATE), "the header says how the script was made");
  }

  @Test
  void bashCompletesCommandsSubcommandsOptionsAndEnumValuesWithTheScript() throws Exception {
    assertEquals("wallet", complete("aitbc wal"));
    assertEquals("send", complete("aitbc wallet se"));
    assertEquals("--password-file --payload", complete("aitbc wallet send --pa"));
    assertEquals("height info head block blocks-range", complete("bin/aitbc blockchain "));
    assertEquals("text json", complete("aitbc wallet balance --output "));
  }

  /** What bash's completion function offers for {@code line} (the cursor at its end). */
  static String complete(String line) throws Exception {
    String program = "source \"$1\" 2>/dev/null; line=\"$2\"; read -ra COMP_WORDS <<< \"$line\"; "
        + "[ \"${line: -1}\" = ' ' ] && COMP_WORDS+=(''); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); "
        + "COMP_LINE=\"$line\"; COMP_POINT=${#line}; COMPREPLY=(); _complete_aitbc 2>/dev/null; echo \"${COMPREPLY[*]}\"";
    Process p = new ProcessBuilder(List.of("bash", "-c", program, "bash", SCRIPT.toString(), line))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.strip();
  }
}
