package org.aitbc.chain.wallet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.wallet.KeystoreTest;
import org.aitbc.chain.wallet.PythonInteropTest;
import org.aitbc.chain.wallet.StandInNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A keystore written by the AITBC algorithm in Python is imported with the command line and used to send. */
class PythonKeystoreCliTest {
  @TempDir Path tmp;

  @BeforeAll
  static void python() throws Exception {
    PythonInteropTest.locateScriptAndCheckPython();
  }

  @Test
  void aPythonKeystoreIsImportedAndSendsATransactionThatIsIncluded() throws Exception {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    String address = KeyPair.fromSeed(seed).address();
    Path file = tmp.resolve("py.json");
    Path pw = PythonInteropTest.passwordFile(tmp, "py password");
    PythonInteropTest.Result r = PythonInteropTest.run(List.of(PythonInteropTest.PYTHON, PythonInteropTest.script.toString(),
        "write", HexFormat.of().formatHex(seed), pw.toString(), file.toString()));
    assertEquals(0, r.exit(), r.err());

    CliHarness h = new CliHarness(tmp);
    assertEquals(address, h.wallet("import", "--name", "py", "--keystore-file", file.toString(),
        "--password-file", pw.toString()).ok().line());
    try (StandInNode node = new StandInNode("dev", 1, Map.of(address, 100L))) {
      node.sealAfterPolls = 1;
      String out = h.wallet("send", "--from", "py", "--to", KeystoreTest.key(2).address(), "--amount", "10",
          "--wait", "--password-file", pw.toString(), "--rpc-url", node.url().toString()).ok().out();
      assertEquals("included in block 1", out.strip().split("\n")[1]);
      assertEquals(100 - 10 - 1, node.account(address).balance());
    }
  }
}
