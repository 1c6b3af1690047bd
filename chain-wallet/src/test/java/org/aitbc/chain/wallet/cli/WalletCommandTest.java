package org.aitbc.chain.wallet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.wallet.Keystore;
import org.aitbc.chain.wallet.KeystoreTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keystore-only wallet commands (no node needed). */
class WalletCommandTest {
  @TempDir Path tmp;
  CliHarness h;
  Path pwFile;

  @BeforeEach
  void setUp() throws Exception {
    h = new CliHarness(tmp);
    pwFile = tmp.resolve("pw");
    Files.writeString(pwFile, CliHarness.PW + "\n");
  }

  static JsonValue json(String s) throws Exception {
    return JsonParser.parse(s.strip());
  }

  @Test
  void createPrintsTheAddressOfA0600FileThatThePasswordOpens() throws Exception {
    CliHarness.Run r = h.wallet("create", "--name", "alice", "--password-file", pwFile.toString()).ok();
    Path f = h.keystore.resolve("alice.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    String file = Files.readString(f);
    assertEquals(Keystore.decrypt(file, CliHarness.PW.toCharArray()).address(), r.line());
    assertTrue(file.contains("\"c\": 600000"), "new files use 600,000 iterations");
  }

  @Test
  void createAsksForThePasswordTwiceAtThePrompt() throws Exception {
    h.terminal.answers.add("typed once");
    h.terminal.answers.add("typed twice");
    h.wallet("create", "--name", "bob").fails(ExitCode.USAGE);
    assertEquals(2, h.terminal.prompts.size());
    assertFalse(Files.exists(h.keystore.resolve("bob.json")));

    h.terminal.answers.add("same");
    h.terminal.answers.add("same");
    String address = h.wallet("create", "--name", "bob", "--output", "json").ok().out();
    JsonObject o = (JsonObject) json(address);
    assertEquals(JsonValue.str("bob"), o.get("name").get());
    assertEquals(Keystore.decrypt(Files.readString(h.keystore.resolve("bob.json")), "same".toCharArray()).address(),
        ((JsonValue.JsonString) o.get("address").get()).value());
  }

  @Test
  void createWithoutFileEnvironmentOrTerminalFailsWithUsage() {
    CliHarness.Run r = h.wallet("create", "--name", "x").fails(ExitCode.USAGE);
    assertTrue(r.err().contains("--password-file"), r.err());
  }

  @Test
  void createRefusesAnExistingNameAndChangesNothing() throws Exception {
    h.fastWallet("alice", 1);
    String before = Files.readString(h.keystore.resolve("alice.json"));
    h.env.put("AITBC_PASSWORD", "x");
    h.wallet("create", "--name", "alice").fails(ExitCode.WALLET_EXISTS);
    assertEquals(before, Files.readString(h.keystore.resolve("alice.json")));
  }

  @Test
  void createRefusesTooFewIterationsAndBadNames() {
    h.env.put("AITBC_PASSWORD", "x");
    h.wallet("create", "--name", "w", "--kdf-iterations", "100000").fails(ExitCode.USAGE);
    h.wallet("create", "--name", "../escape").fails(ExitCode.USAGE);
  }

  @Test
  void theKeystoreFolderIsTheFlagElseAitbcKeystoreElseAitbcHomeElseTheHomeFolder() throws Exception {
    h.env.put("AITBC_PASSWORD", "pw");
    Path envDir = tmp.resolve("env-ks");
    h.env.put("AITBC_KEYSTORE", envDir.toString());
    h.run("wallet", "create", "--name", "e").ok();
    assertTrue(Files.exists(envDir.resolve("e.json")));
    Path aitbcHome = tmp.resolve("aitbc-home");
    h.env.put("AITBC_HOME", aitbcHome.toString());
    h.run("wallet", "create", "--name", "f", "--keystore", tmp.resolve("flag-ks").toString()).ok();
    assertTrue(Files.exists(tmp.resolve("flag-ks/f.json")));
    h.env.remove("AITBC_KEYSTORE");
    h.run("wallet", "create", "--name", "a").ok();
    assertTrue(Files.exists(aitbcHome.resolve("keystore/a.json")));
    h.env.remove("AITBC_HOME");
    h.run("wallet", "create", "--name", "d").ok();
    assertTrue(Files.exists(h.home.resolve(".aitbc/keystore/d.json")));
  }

  @Test
  void importTakesAPrivateKeyAndNeverEchoesIt() throws Exception {
    KeyPair k = KeystoreTest.key(5);
    String hex = HexFormat.of().formatHex(k.seed());
    h.env.put("AITBC_PASSWORD", "pw");
    assertEquals(k.address(), h.wallet("import", "--name", "imp", "--private-key", "0x" + hex).ok().line());
    assertArrayEquals(k.seed(), Keystore.decrypt(Files.readString(h.keystore.resolve("imp.json")), "pw".toCharArray()).seed());
    CliHarness.Run bad = h.wallet("import", "--name", "bad", "--private-key", hex.substring(2) + "zz").fails(ExitCode.USAGE);
    assertFalse(bad.err().contains(hex.substring(2, 40)), "the key is not repeated in the error");
  }

  @Test
  void importReadsTheKeyFromAFileAndFromAKeystoreFile() throws Exception {
    h.env.put("AITBC_PASSWORD", "pw");
    KeyPair k = KeystoreTest.key(6);
    Path keyFile = tmp.resolve("key.hex");
    Files.writeString(keyFile, HexFormat.of().formatHex(k.seed()) + "\n");
    assertEquals(k.address(), h.wallet("import", "--name", "f", "--private-key-file", keyFile.toString()).ok().line());
    Path ks = tmp.resolve("other.json");
    Keystore.write(ks, Keystore.encrypt(KeystoreTest.key(7), "pw".toCharArray(), 1000, KeystoreTest.seeded(7)));
    assertEquals(KeystoreTest.key(7).address(), h.wallet("import", "--name", "k", "--keystore-file", ks.toString()).ok().line());
    h.env.put("AITBC_PASSWORD", "wrong");
    h.wallet("import", "--name", "k2", "--keystore-file", ks.toString()).fails(ExitCode.WRONG_PASSWORD);
    h.wallet("import", "--name", "k3").fails(ExitCode.USAGE);
  }

  @Test
  void listShowsNamesAndAddressesAsATableAndAsJson() throws Exception {
    KeyPair a = h.fastWallet("alice", 1);
    KeyPair b = h.fastWallet("bob", 2);
    String text = h.wallet("list").ok().out();
    assertTrue(text.startsWith("NAME "), text);
    assertTrue(text.contains("alice  " + a.address()), text);
    JsonArray arr = (JsonArray) json(h.wallet("list", "-o", "json").ok().out());
    assertEquals(2, arr.elements().size());
    assertEquals(JsonValue.str(b.address()), ((JsonObject) arr.elements().get(1)).get("address").get());
    assertEquals("(no wallets in " + tmp.resolve("none") + ")",
        h.run("wallet", "list", "--keystore", tmp.resolve("none").toString()).ok().line());
  }

  @Test
  void showNeedsNoPassword() throws Exception {
    KeyPair a = h.fastWallet("alice", 1);
    String text = h.wallet("show", "--name", "alice").ok().out();
    assertTrue(text.contains(a.address()) && text.contains(a.publicKey().hex()) && text.contains("1000 iterations"), text);
    JsonObject o = (JsonObject) json(h.wallet("show", "--name", "alice", "--output", "json").ok().out());
    assertEquals(JsonValue.num(1000), o.get("iterations").get());
    h.wallet("show", "--name", "ghost").fails(ExitCode.NOT_FOUND);
  }

  @Test
  void exportPrintsTheSeedOnlyWhenConfirmed() throws Exception {
    KeyPair a = h.fastWallet("alice", 1);
    String seed = HexFormat.of().formatHex(a.seed());
    h.env.put("AITBC_PASSWORD", CliHarness.PW);
    CliHarness.Run noTerminal = h.wallet("export", "--name", "alice").fails(ExitCode.CANCELLED);
    assertFalse(noTerminal.out().contains(seed) || noTerminal.err().contains(seed));
    h.terminal.answers.add("n");
    assertFalse(h.wallet("export", "--name", "alice").fails(ExitCode.CANCELLED).out().contains(seed));
    h.terminal.answers.add("y");
    assertEquals(seed, h.wallet("export", "--name", "alice").ok().line());
    assertEquals(seed, h.wallet("export", "--name", "alice", "--yes").ok().line());
    JsonObject o = (JsonObject) json(h.wallet("export", "--name", "alice", "--yes", "-o", "json").ok().out());
    assertEquals(JsonValue.str(seed), o.get("private_key").get());
  }

  @Test
  void exportWithTheWrongPasswordExitsWith2() throws Exception {
    h.fastWallet("alice", 1);
    h.env.put("AITBC_PASSWORD", "wrong");
    h.wallet("export", "--name", "alice", "--yes").fails(ExitCode.WRONG_PASSWORD);
  }

  @Test
  void passwordFileWinsOverTheEnvironmentAndOnlyItsFirstLineCounts() throws Exception {
    KeyPair a = h.fastWallet("alice", 1);
    h.env.put("AITBC_PASSWORD", "wrong");
    Path crlf = tmp.resolve("pw-crlf");
    Files.writeString(crlf, CliHarness.PW + "\r\nsecond line\n");
    String seed = HexFormat.of().formatHex(a.seed());
    assertEquals(seed, h.wallet("export", "--name", "alice", "--yes", "--password-file", crlf.toString()).ok().line());
    h.wallet("export", "--name", "alice", "--yes", "--password-file", tmp.resolve("missing").toString())
        .fails(ExitCode.USAGE);
  }

  @Test
  void deleteAsksUnlessYesAndRenameNeverReplaces() throws Exception {
    h.fastWallet("a", 1);
    KeyPair b = h.fastWallet("b", 2);
    h.wallet("delete", "--name", "a").fails(ExitCode.CANCELLED);
    assertTrue(Files.exists(h.keystore.resolve("a.json")));
    h.wallet("rename", "--name", "a", "--new-name", "b").fails(ExitCode.WALLET_EXISTS);
    h.wallet("rename", "--name", "a", "--new-name", "c").ok();
    h.wallet("delete", "--name", "c", "--yes").ok();
    h.wallet("delete", "--name", "c", "--yes").fails(ExitCode.NOT_FOUND);
    assertEquals(Map.of("b", b.address()).keySet().iterator().next(),
        ((JsonObject) ((JsonArray) json(h.wallet("list", "-o", "json").ok().out())).elements().get(0)).get("name")
            .map(v -> ((JsonValue.JsonString) v).value()).get());
  }

  @Test
  void aDamagedKeystoreFileExitsWith9() throws Exception {
    Files.createDirectories(h.keystore);
    Files.writeString(h.keystore.resolve("bad.json"), "{\"version\": 1, \"crypto\": {\"kdf\": \"scrypt\", \"cipher\": \"aes-256-gcm\"}}");
    h.env.put("AITBC_PASSWORD", "pw");
    h.wallet("export", "--name", "bad", "--yes").fails(ExitCode.BAD_KEYSTORE);
    assertTrue(h.wallet("list").ok().out().contains("unreadable"));
  }

  @Test
  void usageErrorsAreOneLineWithExit1() {
    assertTrue(h.wallet("create").fails(ExitCode.USAGE).err().contains("--name"));
    h.wallet("list", "--bogus").fails(ExitCode.USAGE);
    h.run("wallet").fails(ExitCode.USAGE);
    h.run("wallet", "frobnicate").fails(ExitCode.USAGE);
    h.wallet("send", "--from", "a", "--to", "ait1" + "0".repeat(40), "--amount", "ten").fails(ExitCode.USAGE);
  }

  @Test
  void helpListsTheSubcommandsTheEnvironmentAndTheExitCodes() {
    String help = h.run("wallet", "--help").ok().out();
    for (String s : new String[] {"create", "import", "list", "show", "balance", "send", "transactions", "export",
        "delete", "rename", "NODE_URL", "AITBC_PASSWORD", "Exit codes:", "wrong password"}) {
      assertTrue(help.contains(s), s + " in\n" + help);
    }
    String send = h.run("wallet", "send", "--help").ok().out();
    assertTrue(send.contains("--wait") && send.contains("--rpc-url") && send.contains("Exit codes:"), send);
  }
}
