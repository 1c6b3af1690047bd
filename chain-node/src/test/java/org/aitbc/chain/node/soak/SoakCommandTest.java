package org.aitbc.chain.node.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.aitbc.chain.node.Main;
import org.aitbc.chain.node.soak.SoakPlan.Role;
import org.junit.jupiter.api.Test;

/** {@code aitbc soak} as a command, without starting nodes: the schedule it prints and the options it refuses. */
class SoakCommandTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void planOnlyPrintsTheScheduleOfTheSeedLineByLine() {
    assertEquals(0, run("soak", "--plan-only", "--cycles", "6", "--seed", "42", "--sync-lag-blocks", "80"));
    List<String> expected = SoakPlan.of(42, 6, List.of(Role.AUTHORITY, Role.FOLLOWER), 80).cycles().stream().map(c -> c.title(6)).toList();
    assertEquals(expected, out.toString().lines().toList());
    assertTrue(expected.get(0).startsWith("cycle 1/6 authority "), expected.get(0));
  }

  @Test
  void oneRoleKillsOnlyThatNode() {
    assertEquals(0, run("soak", "--plan-only", "--cycles", "5", "--role", "follower"));
    assertTrue(out.toString().lines().allMatch(l -> l.matches("cycle \\d/5 follower .*")), out.toString());
  }

  @Test
  void noCyclesOrNoLoadIsAUsageErrorWithOneLine() {
    assertEquals(2, run("soak", "--cycles", "0"));
    assertEquals("error: --cycles must be at least 1", err.toString().strip());
    err.getBuffer().setLength(0);
    assertEquals(2, run("soak", "--load-rate", "0"));
    assertEquals("error: --senders and --load-rate must be above 0", err.toString().strip());
  }
}
