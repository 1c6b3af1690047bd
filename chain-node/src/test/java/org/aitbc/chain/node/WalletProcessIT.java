package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.Address;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.wallet.Keystore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end for the wallet command line: every {@code bin/aitbc wallet|blockchain ...} is a real process
 * talking to a real node process ({@code bin/aitbc node start}) over HTTP. One node serves the whole class;
 * each test uses its own recipients, so the tests do not depend on their order.
 *
 * <p>Every command's stdout and stderr, and the node's log (at debug level), are checked for every seed
 * and password the test knows; only {@code wallet export} may print a seed.
 *
 * <p>Time: the CLI refuses fewer than 600,000 PBKDF2 iterations for new files, so only one wallet is
 * made with {@code wallet create} (alice: create, export, one send); the other signing wallet comes from
 * a Python keystore with AITBC's 100,000.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalletProcessIT {
  static final Path PY_KEYSTORE = NodeProcess.ROOT.resolve("chain-wallet/src/test/resources/interop/aitbc_keystore.py");
  static final String CHAIN = "ait-wallet-e2e";
  static final long ALICE_FUNDS = 1_000_000;
  static final long PY_FUNDS = 50_000;
  static final long MIN_FEE = 3;
  /** A short-lived CLI JVM starts faster with C1 only and the serial collector (bin/aitbc honours this variable). */
  static final String CLI_JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto";
  static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");

  @TempDir static Path tmp;
  final SecureRandom random = new SecureRandom();
  /** Strings that may appear in no output but {@code wallet export}'s: seeds (hex, base64) and passwords. */
  final List<String> secrets = new ArrayList<>();
  final List<Run> runs = new ArrayList<>();
  NodeProcess node;
  Path password;
  Path wrongPassword;
  Path pyPassword;
  Path pyFile;
  String alice;
  String aliceSeedHex;
  String py;
  Run create;
  Run export;
  Run importPy;
  int runCount;

  /** One finished command: its arguments, exit code, stdout and stderr. */
  record Run(List<String> args, int exit, String out, String err) {
    /** The only line on stdout. */
    String line() {
      List<String> l = out.lines().toList();
      assertEquals(1, l.size(), () -> "one line on stdout expected: " + this);
      return l.get(0);
    }

    boolean isExport() {
      return args.size() >= 2 && args.get(0).equals("wallet") && args.get(1).equals("export");
    }

    void assertOk() {
      assertEquals(0, exit, () -> "exit code of " + this);
      assertEquals("", err, () -> "stderr of " + this);
    }

    /** Exit code {@code code}, nothing on stdout, exactly one line on stderr starting with "error:"; returns it. */
    String assertFails(int code) {
      assertEquals(code, exit, () -> "exit code of " + this);
      assertEquals("", out, () -> "stdout of " + this);
      List<String> l = err.lines().toList();
      assertEquals(1, l.size(), () -> "one line on stderr expected: " + this);
      assertTrue(l.get(0).startsWith("error: "), () -> "stderr line: " + l.get(0));
      return l.get(0);
    }

    @Override
    public String toString() {
      return "aitbc " + String.join(" ", args) + " -> exit " + exit + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
  }

  @BeforeAll
  void createWalletsWriteGenesisAndStartNode() throws Exception {
    password = secretFile("password", "pw-" + hex(12));
    wrongPassword = secretFile("wrong-password", "not-it-" + hex(12));
    pyPassword = secretFile("py-password", "py pw " + hex(12));

    create = aitbc(Map.of(), "wallet", "create", "--name", "alice", "--password-file", password.toString());
    create.assertOk();
    alice = create.line();
    export = aitbc(Map.of(), "wallet", "export", "--name", "alice", "--yes", "--password-file", password.toString());
    export.assertOk();
    aliceSeedHex = export.line();
    addSeed(HexFormat.of().parseHex(aliceSeedHex));

    byte[] pySeed = new byte[32];
    random.nextBytes(pySeed);
    addSeed(pySeed);
    pyFile = tmp.resolve("from-python.json");
    Process p = new ProcessBuilder("/usr/bin/python3", PY_KEYSTORE.toString(), "write", HexFormat.of().formatHex(pySeed),
        pyPassword.toString(), pyFile.toString()).redirectErrorStream(true).start();
    String pyOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), () -> "python keystore writer failed (needs Debian's python3-cryptography): " + pyOut);
    py = pyOut.strip();
    assertEquals(KeyPair.fromSeed(pySeed).address(), py);
    importPy = aitbc(Map.of(), "wallet", "import", "--name", "py", "--keystore-file", pyFile.toString(), "--password-file",
        pyPassword.toString());
    importPy.assertOk();

    KeyPair authority = TestKeys.key(0);
    addSeed(authority.seed());
    Path authorityPassword = secretFile("authority-password", "auth-" + hex(12));
    Path authorityKeystore = tmp.resolve("authority.json");
    Keystore.write(authorityKeystore, Keystore.encrypt(authority, Files.readString(authorityPassword).strip().toCharArray(),
        1000, random));
    Map<String, Long> alloc = new LinkedHashMap<>();
    alloc.put(alice, ALICE_FUNDS);
    alloc.put(py, PY_FUNDS);
    Path genesis = tmp.resolve("genesis.json");
    Files.writeString(genesis, PyJson.dumps(Genesis.build(CHAIN, System.currentTimeMillis(),
        List.of(new Genesis.Authority(authority.address(), authority.publicKey())), alloc, 500, MIN_FEE)));
    node = NodeProcess.start(tmp, tmp.resolve("node.log"), List.of("--genesis", genesis.toString(), "--data-dir",
        tmp.resolve("data").toString(), "--authority-keystore", authorityKeystore.toString(), "--password-file",
        authorityPassword.toString()), Map.of("AITBC_LOG_LEVEL", "debug"));
  }

  @AfterEach
  void theNodeLogHoldsNoSecret() {
    assertNoSecret("the node log", node.logText());
  }

  @AfterAll
  void stopTheNodeAndCheckEveryOutputAgain() throws Exception {
    if (node == null) return;
    node.stop();
    assertNoSecret("the node log after shutdown", node.logText());
    for (Run r : runs) if (!r.isExport()) assertNoSecret(r.toString(), r.out + r.err);
  }

  @Test
  void createWritesAnAitbcKeystoreOfMode0600UnderAitbcKeystoreAndPrintsOnlyTheAddress() throws Exception {
    assertTrue(Address.isValid(alice), alice);
    Path file = tmp.resolve("keystore/alice.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String json = Files.readString(file);
    assertEquals(alice, Keystore.address(json));
    JsonObject crypto = (JsonObject) obj(json).get("crypto").orElseThrow();
    JsonObject kdf = (JsonObject) crypto.get("kdfparams").orElseThrow();
    assertEquals(600_000, num(kdf, "c"), "new files use at least 600,000 PBKDF2 iterations");
    // export printed the seed of this very key: the secret check below looks for the right string
    assertEquals(alice, KeyPair.fromSeed(HexFormat.of().parseHex(aliceSeedHex)).address());
    assertTrue(aliceSeedHex.matches("[0-9a-f]{64}"), aliceSeedHex);
  }

  @Test
  void sendWithWaitHonoursNodeUrlPrintsTheHashAndTheBlockAndBalanceTransactionsAndBlockShowIt() throws Exception {
    String bob = TestKeys.key(11).address();
    Run send = aitbc(Map.of("NODE_URL", node.url()), "wallet", "send", "--from", "alice", "--to", bob, "--amount", "1234",
        "--payload", "hello bob", "--wait", "--password-file", password.toString());
    send.assertOk();
    List<String> lines = send.out.lines().toList();
    assertEquals(2, lines.size(), send::toString);
    String hash = lines.get(0);
    assertTrue(HASH.matcher(hash).matches(), hash);
    Matcher m = Pattern.compile("included in block (\\d+)").matcher(lines.get(1));
    assertTrue(m.matches(), lines.get(1));
    long block = Long.parseLong(m.group(1));

    JsonObject tx = node.get("/rpc/transaction/" + hash).orElseThrow(() -> new AssertionError("node does not know " + hash));
    assertEquals("included", str(tx, "status"));
    assertEquals(block, num(tx, "block_height"));
    assertEquals(alice, str(tx, "from"));
    assertEquals(bob, str(tx, "to"));
    assertEquals(1234, num(tx, "amount"));
    assertEquals(MIN_FEE, num(tx, "fee"), "the fee defaults to the node's min_fee");
    assertEquals("hello bob", str(tx, "payload"));
    assertEquals(CHAIN, str(tx, "chain_id"));
    long nonce = num(tx, "nonce");

    Run balance = aitbc(Map.of(), "wallet", "balance", "--name", "alice", "--rpc-url", node.url());
    balance.assertOk();
    Map<String, String> kv = keyValues(balance.out);
    assertEquals(alice, kv.get("address"));
    assertEquals(Long.toString(ALICE_FUNDS - 1234 - MIN_FEE), kv.get("balance"));
    assertEquals(Long.toString(nonce), kv.get("nonce"));

    Run bobBalance = aitbc(Map.of(), "wallet", "balance", "--address", bob, "--rpc-url", node.url(), "--output", "json");
    bobBalance.assertOk();
    JsonObject b = obj(bobBalance.line());
    assertEquals(1234, num(b, "balance"));
    assertEquals(0, num(b, "nonce"), "bob never sent: 0, as AITBC answered");

    Run txs = aitbc(Map.of(), "wallet", "transactions", "--name", "alice", "--rpc-url", node.url());
    txs.assertOk();
    String row = txs.out.lines().filter(l -> l.contains(hash)).findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + hash + ": " + txs));
    List<String> cells = List.of(row.trim().split("\\s+"));
    assertEquals(List.of("out", "1234", Long.toString(MIN_FEE), bob, Long.toString(block), hash), cells.subList(0, 6), row);
    assertFalse(txs.out.contains("more:"), () -> "one transaction is not a page that has more: " + txs);

    Run blk = aitbc(Map.of(), "blockchain", "block", Long.toString(block), "--rpc-url", node.url());
    blk.assertOk();
    Map<String, String> header = keyValues(blk.out);
    JsonObject stored = node.get("/rpc/blocks/" + block).orElseThrow();
    assertEquals(Long.toString(block), header.get("height"));
    assertEquals(str(stored, "hash"), header.get("hash"));
    assertEquals(str(stored, "proposer"), header.get("proposer"));
    assertTrue(blk.out.lines().anyMatch(l -> l.contains(hash) && l.contains(alice) && l.contains(bob)),
        () -> "the block's table lists the transaction: " + blk);
  }

  @Test
  void blockchainHeightInfoAndBlockReadTheNodeThatNodeUrlNamesAndRpcUrlWinsOverIt() throws Exception {
    Map<String, String> env = Map.of("NODE_URL", node.url());
    long height = node.height();
    Run h = aitbc(env, "blockchain", "height");
    h.assertOk();
    assertEquals(Long.toString(height), h.line());

    Run info = aitbc(env, "blockchain", "info");
    info.assertOk();
    Map<String, String> kv = keyValues(info.out);
    assertTrue(kv.get("node").startsWith(node.url()), () -> "info names the node it asked: " + info);
    assertEquals(CHAIN, kv.get("chain_id"));
    assertEquals(Long.toString(height), kv.get("height"));
    assertEquals(Long.toString(MIN_FEE), kv.get("min_fee"));

    String dead = "http://127.0.0.1:" + NodeProcess.freePort();
    Run genesis = aitbc(Map.of("NODE_URL", dead), "blockchain", "block", "0", "--rpc-url", node.url());
    genesis.assertOk();
    assertEquals(str(node.get("/rpc/blocks/0").orElseThrow(), "hash"), keyValues(genesis.out).get("hash"));

    Run beyond = aitbc(env, "blockchain", "block", "999999");
    String line = beyond.assertFails(3);
    assertTrue(line.contains("999999"), line);
  }

  @Test
  void aKeystoreWrittenByPythonWithTheAitbcAlgorithmIsImportedAsItIsAndSendsWithWait() throws Exception {
    assertEquals(py, importPy.line());
    assertEquals(Files.readString(pyFile), Files.readString(tmp.resolve("keystore/py.json")), "kept as Python wrote it");
    String carol = TestKeys.key(12).address();
    Run send = aitbc(Map.of(), "wallet", "send", "--from", "py", "--to", carol, "--amount", "500", "--wait",
        "--password-file", pyPassword.toString(), "--rpc-url", node.url(), "--output", "json");
    send.assertOk();
    JsonObject r = obj(send.line());
    assertEquals("included", str(r, "status"));
    String hash = str(r, "transaction_hash");
    assertEquals(num(r, "block_height"), num(node.get("/rpc/transaction/" + hash).orElseThrow(), "block_height"));
    assertEquals(500, num(node.get("/rpc/accounts/" + carol).orElseThrow(), "balance"));

    Run balance = aitbc(Map.of(), "wallet", "balance", "--name", "py", "--rpc-url", node.url(), "--output", "json");
    balance.assertOk();
    assertEquals(PY_FUNDS - 500 - MIN_FEE, num(obj(balance.line()), "balance"));
  }

  @Test
  void aWrongPasswordExitsWith2AndSubmitsNothing() throws Exception {
    Optional<JsonObject> before = node.get("/rpc/accounts/" + py);
    Run r = aitbc(Map.of(), "wallet", "send", "--from", "py", "--to", TestKeys.key(13).address(), "--amount", "1",
        "--password-file", wrongPassword.toString(), "--rpc-url", node.url());
    String line = r.assertFails(2);
    assertTrue(line.toLowerCase().contains("password"), line);
    assertEquals(0, num(node.get("/rpc/mempool").orElseThrow(), "count"));
    assertEquals(before, node.get("/rpc/accounts/" + py));
  }

  @Test
  void aMissingWalletExitsWith3() throws Exception {
    Run r = aitbc(Map.of(), "wallet", "send", "--from", "nobody", "--to", TestKeys.key(13).address(), "--amount", "1",
        "--password-file", password.toString(), "--rpc-url", node.url());
    String line = r.assertFails(3);
    assertTrue(line.contains("nobody"), line);
  }

  @Test
  void aBadAddressExitsWith4() throws Exception {
    Run r = aitbc(Map.of(), "wallet", "send", "--from", "py", "--to", "ait1not-an-address", "--amount", "1",
        "--password-file", pyPassword.toString(), "--rpc-url", node.url());
    String line = r.assertFails(4);
    assertTrue(line.contains("ait1not-an-address"), line);
  }

  @Test
  void anUnreachableNodeNamedByNodeUrlExitsWith5() throws Exception {
    String dead = "http://127.0.0.1:" + NodeProcess.freePort();
    Run r = aitbc(Map.of("NODE_URL", dead), "wallet", "balance", "--address", py);
    String line = r.assertFails(5);
    assertTrue(line.contains(dead), () -> "the line names the URL taken from NODE_URL: " + line);
  }

  @Test
  void aTransferAboveTheBalanceIsRefusedWith6AndTheNodesCodeOnStderr() throws Exception {
    Run r = aitbc(Map.of(), "wallet", "send", "--from", "py", "--to", TestKeys.key(14).address(), "--amount",
        Long.toString(PY_FUNDS * 10), "--password-file", pyPassword.toString(), "--rpc-url", node.url());
    String line = r.assertFails(6);
    assertTrue(line.contains("INSUFFICIENT_FUNDS"), line);
  }

  @Test
  void noOutputAndNotTheNodeLogHoldsASeedOrAPasswordWhileExportPrintsTheSeed() {
    assertTrue(export.out.contains(aliceSeedHex), "export prints the seed (so the check looks for the right text)");
    assertTrue(runs.size() >= 3, "commands ran: " + runs.size());
    for (Run r : runs) if (!r.isExport()) assertNoSecret(r.toString(), r.out + r.err);
    String log = node.logText();
    assertTrue(log.contains("DEBUG") && log.contains("node up"), "the node logs at debug level: " + log.lines().limit(5).toList());
    assertNoSecret("the node log", log);
  }

  // --- helpers ---

  /** Runs {@code bin/aitbc args} with the test's keystore folder, no NODE_URL or AITBC_PASSWORD unless in {@code env}. */
  Run aitbc(Map<String, String> env, String... args) throws Exception {
    List<String> list = List.of(args);
    ProcessBuilder pb = NodeProcess.command(tmp, list);
    pb.environment().remove("NODE_URL");
    pb.environment().remove(org.aitbc.chain.wallet.cli.Options.Password.ENV);
    pb.environment().put("AITBC_JAVA_OPTS", CLI_JAVA_OPTS);
    pb.environment().putAll(env);
    int n = ++runCount;
    Path out = tmp.resolve("run-" + n + ".out");
    Path err = tmp.resolve("run-" + n + ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    p.getOutputStream().close(); // no terminal, no stdin: nothing can prompt
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("aitbc " + String.join(" ", list) + " did not finish within 120 s");
    }
    Run r = new Run(list, p.exitValue(), Files.readString(out), Files.readString(err));
    runs.add(r);
    if (!r.isExport()) assertNoSecret(r.toString(), r.out + r.err);
    return r;
  }

  void assertNoSecret(String where, String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    for (String s : secrets) {
      if (lower.contains(s.toLowerCase(java.util.Locale.ROOT))) {
        fail("a secret (" + s.length() + " characters starting " + s.substring(0, 3) + "…) appears in " + where);
      }
    }
  }

  Path secretFile(String name, String value) throws Exception {
    secrets.add(value);
    Path f = tmp.resolve(name);
    Files.writeString(f, value + "\n");
    return f;
  }

  void addSeed(byte[] seed) {
    secrets.add(HexFormat.of().formatHex(seed));
    secrets.add(Base64.getEncoder().encodeToString(seed));
  }

  String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** "key   value" lines as printed for people. */
  static Map<String, String> keyValues(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String l : text.lines().toList()) {
      String[] kv = l.strip().split("\\s+", 2);
      if (kv.length == 2) m.putIfAbsent(kv[0], kv[1]);
    }
    return m;
  }

  static JsonObject obj(String json) {
    try {
      return (JsonObject) JsonParser.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (org.aitbc.chain.core.json.JsonParseException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  static String str(JsonObject o, String key) {
    return ((JsonValue.JsonString) o.get(key).orElseThrow(() -> new AssertionError("no " + key + " in " + o))).value();
  }

  static long num(JsonObject o, String key) {
    return ((JsonValue.JsonNumber) o.get(key).orElseThrow(() -> new AssertionError("no " + key + " in " + o)))
        .longValueExact().orElseThrow();
  }
}
