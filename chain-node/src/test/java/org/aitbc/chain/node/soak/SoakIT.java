package org.aitbc.chain.node.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aitbc.chain.node.Main;
import org.aitbc.chain.node.soak.SoakPlan.Kind;
import org.aitbc.chain.node.soak.SoakPlan.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short soak of CI: {@code aitbc soak} with real {@code bin/aitbc node start} processes, three kill -9
 * cycles of the authority (one of each kind, mid-seal among them) and two of the follower (mid-sync among
 * them), under load; nothing sealed may be lost, the heads must agree, and no node may outlive the soak.
 */
class SoakIT {
  static final long SEED = 1;
  static final int LAG = 40;

  @TempDir Path tmp;

  @Test
  void fiveKillCyclesOfTheAuthorityAndAFollowerUnderLoadLoseNoSealedTransaction() throws Exception {
    SoakPlan plan = SoakPlan.of(SEED, 5, List.of(Role.AUTHORITY, Role.FOLLOWER), LAG);
    assertTrue(plan.cycles().stream().anyMatch(c -> c.kind() == Kind.MID_SYNC), "the seed gives a mid-sync kill: " + plan);
    assertTrue(plan.cycles().stream().anyMatch(c -> c.kind() == Kind.MID_SEAL), "the seed gives a mid-seal kill: " + plan);
    Path home = tmp.resolve("soak");
    StringWriter text = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(text, true));
    int code = cl.execute("soak", "--cycles", "5", "--seed", Long.toString(SEED), "--sync-lag-blocks", Integer.toString(LAG),
        "--load-rate", "50", "--home", home.toString());
    String out = text.toString();
    assertEquals(0, code, out);
    assertEquals(5, out.lines().filter(l -> l.startsWith("cycle ")).count(), out);
    Matcher m = Pattern.compile("summary: cycles 5 of 5, kill -9 (\\d+), txs sealed (\\d+), lost 0, blocks differing 0").matcher(out);
    assertTrue(m.find(), out);
    assertTrue(Integer.parseInt(m.group(1)) >= 7, "a start-up and a mid-sync cycle kill twice: " + out);
    assertTrue(Long.parseLong(m.group(2)) > 50, "transactions were sealed: " + out);
    assertTrue(out.contains("one by one on both nodes: all there; heads agree at"), out);
    assertTrue(out.contains("result: OK"), out);
    List<ProcessHandle> left = ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(home.toString())).orElse(false)).toList();
    assertEquals(List.of(), left, "no node outlives the soak");
  }
}
