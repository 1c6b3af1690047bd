package org.aitbc.chain.messaging.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.aitbc.chain.wallet.cli.CliEnv;
import org.junit.jupiter.api.Test;

class AgentHelpTest {
  static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnv env = new CliEnv(Map.of(), Path.of("/nonexistent-home"), System::currentTimeMillis, new SecureRandom(),
        CliEnv.Terminal.NONE, Duration.ofMillis(20));
    int code = AgentCli.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void theAgentCommandListsItsFourCommandsAndItsExtraExitCodes() {
    String[] r = run("agent", "--help");
    assertEquals("0", r[0], r[2]);
    for (String c : new String[] {"message", "messages", "listen", "task"}) assertTrue(r[1].contains("  " + c + " "), r[1]);
    assertTrue(r[1].contains("  20   a message did not decrypt"), r[1]);
    assertTrue(r[1].contains("NODE_URL"), r[1]);
  }

  @Test
  void everySubcommandHasHelpWithTheContractOptions() {
    assertTrue(run("agent", "message", "--help")[1].contains("--require-ack"));
    assertTrue(run("agent", "messages", "--help")[1].contains("--follow"));
    String listen = run("agent", "listen", "--help")[1];
    assertTrue(listen.contains("--reply=TEXT=REPLY") && listen.contains("--exec=CMD") && listen.contains("--state-dir"), listen);
    assertTrue(run("agent", "task", "--help")[1].contains("--action=NAME"));
  }

  @Test
  void anUnknownOptionIsOneUsageLine() {
    String[] r = run("agent", "message", "--frobnicate");
    assertEquals("1", r[0]);
    assertTrue(r[2].startsWith("error: ") && r[2].strip().indexOf('\n') < 0, r[2]);
  }

  @Test
  void theListenersStateDirFollowsAitbcHomeLikeTheNodesDevChain() {
    Path home = Path.of("/home/someone");
    CliEnv plain = new CliEnv(Map.of(), home, System::currentTimeMillis, new SecureRandom(), CliEnv.Terminal.NONE,
        Duration.ofMillis(20));
    assertEquals(home.resolve(".aitbc/agents"), AgentListen.defaultStateDir(plain));
    CliEnv withHome = new CliEnv(Map.of("AITBC_HOME", "/srv/aitbc"), home, System::currentTimeMillis, new SecureRandom(),
        CliEnv.Terminal.NONE, Duration.ofMillis(20));
    assertEquals(Path.of("/srv/aitbc/agents"), AgentListen.defaultStateDir(withHome));
  }
}
