package org.aitbc.chain.wallet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.wallet.Keystore;
import org.aitbc.chain.wallet.KeystoreTest;
import org.aitbc.chain.wallet.StandInNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed never appears in what the commands print (stdout and stderr, successes and failures) nor in
 * what they send to the node; only {@code wallet export} prints it, which shows the search works.
 */
class NoSecretInOutputTest {
  @TempDir Path tmp;

  static List<String> forms(byte[] seed) {
    String hex = HexFormat.of().formatHex(seed);
    return List.of(hex, hex.toUpperCase(Locale.ROOT), Base64.getEncoder().encodeToString(seed),
        hex.substring(0, 32), hex.substring(32));
  }

  @Test
  void createImportSendListShowBalanceAndTheirFailuresNeverPrintTheSeed() throws Exception {
    CliHarness h = new CliHarness(tmp);
    Path pw = tmp.resolve("pw");
    Files.writeString(pw, CliHarness.PW + "\n");
    String pwf = pw.toString();

    String created = h.wallet("create", "--name", "made", "--password-file", pwf).ok().line();
    byte[] madeSeed = Keystore.decrypt(Files.readString(h.keystore.resolve("made.json")), CliHarness.PW.toCharArray()).seed();
    assertEquals(KeyPair.fromSeed(madeSeed).address(), created);

    KeyPair imported = KeystoreTest.key(42);
    Path keyFile = tmp.resolve("key.hex");
    Files.writeString(keyFile, HexFormat.of().formatHex(imported.seed()));
    h.wallet("import", "--name", "imp", "--private-key-file", keyFile.toString(), "--password-file", pwf).ok();

    try (StandInNode node = new StandInNode("dev", 1, Map.of(created, 500L, imported.address(), 500L))) {
      String url = node.url().toString();
      node.sealAfterPolls = 2;
      for (String from : new String[] {"made", "imp"}) {
        h.wallet("send", "--from", from, "--to", KeystoreTest.key(3).address(), "--amount", "5", "--payload", "hi",
            "--wait", "--password-file", pwf, "--rpc-url", url).ok();
        h.wallet("send", "--from", from, "--to", KeystoreTest.key(3).address(), "--amount", "5", "-o", "json",
            "--password-file", pwf, "--rpc-url", url).ok();
        h.wallet("send", "--from", from, "--to", KeystoreTest.key(3).address(), "--amount", "99999",
            "--password-file", pwf, "--rpc-url", url).fails(ExitCode.REFUSED);
        h.wallet("send", "--from", from, "--to", "nobody", "--amount", "1", "--password-file", pwf, "--rpc-url", url)
            .fails(ExitCode.BAD_ADDRESS);
        h.wallet("balance", "--name", from, "--rpc-url", url).ok();
        h.wallet("transactions", "--name", from, "--rpc-url", url, "-o", "json").ok();
        h.wallet("transactions", "--name", from, "--rpc-url", url).ok();
        h.wallet("show", "--name", from).ok();
        h.wallet("show", "--name", from, "-o", "json").ok();
      }
      h.wallet("list").ok();
      h.wallet("list", "-o", "json").ok();
      h.env.put("AITBC_PASSWORD", "not the password");
      h.wallet("send", "--from", "made", "--to", KeystoreTest.key(3).address(), "--amount", "1", "--rpc-url", url)
          .fails(ExitCode.WRONG_PASSWORD);
      h.wallet("export", "--name", "made").fails(ExitCode.CANCELLED);
      h.wallet("export", "--name", "made", "--yes").fails(ExitCode.WRONG_PASSWORD);
      h.wallet("import", "--name", "imp", "--private-key-file", keyFile.toString()).fails(ExitCode.WALLET_EXISTS);
      h.wallet("import", "--name", "x", "--private-key", HexFormat.of().formatHex(imported.seed()) + "00")
          .fails(ExitCode.USAGE);

      List<String> printed = new ArrayList<>();
      for (CliHarness.Run r : h.runs) {
        printed.add(r.out());
        printed.add(r.err());
      }
      List<String> sentToNode = new ArrayList<>(node.bodies);
      sentToNode.addAll(node.requests);
      for (byte[] seed : new byte[][] {madeSeed, imported.seed()}) {
        for (String secret : forms(seed)) {
          for (String s : printed) assertFalse(s.contains(secret), "a form of the seed was printed: " + s);
          for (String s : sentToNode) assertFalse(s.contains(secret), "a form of the seed went to the node: " + s);
        }
      }
      for (String s : printed) assertFalse(s.contains(CliHarness.PW), "the password was printed: " + s);
      assertTrue(node.height() >= 2, "the sends really happened");
    }

    h.env.put("AITBC_PASSWORD", CliHarness.PW);
    String exported = h.wallet("export", "--name", "made", "--yes").ok().line();
    assertEquals(HexFormat.of().formatHex(madeSeed), exported, "export prints it, so the search above can find it");
  }
}
