package org.aitbc.chain.wallet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.wallet.KeystoreTest;
import org.aitbc.chain.wallet.StandInNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** balance, send and transactions against a stand-in node on 127.0.0.1:0. */
class WalletNodeCommandTest {
  @TempDir Path tmp;
  CliHarness h;
  StandInNode node;
  KeyPair alice;
  final String bob = KeystoreTest.key(2).address();

  @BeforeEach
  void setUp() throws Exception {
    h = new CliHarness(tmp);
    alice = h.fastWallet("alice", 1);
    node = new StandInNode("dev-chain", 5, Map.of(alice.address(), 1_000L));
    h.env.put("AITBC_PASSWORD", CliHarness.PW);
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  CliHarness.Run walletAt(String sub, String... args) {
    List<String> a = new java.util.ArrayList<>(List.of(args));
    a.add("--rpc-url");
    a.add(node.url().toString());
    return h.wallet(sub, a.toArray(String[]::new));
  }

  static JsonObject json(CliHarness.Run r) throws Exception {
    return (JsonObject) JsonParser.parse(r.out().strip());
  }

  static long n(JsonObject o, String k) {
    return ((JsonValue.JsonNumber) o.get(k).get()).longValueExact().get();
  }

  @Test
  void balanceByNameOrAddressShowsBalanceAndNonce() throws Exception {
    String text = walletAt("balance", "--name", "alice").ok().out();
    assertTrue(text.contains("balance  1000") && text.contains("never sent"), text);
    JsonObject o = json(walletAt("balance", "--address", bob, "-o", "json").ok());
    assertEquals(0, n(o, "balance"));
    assertEquals(JsonValue.JsonNull.INSTANCE, o.get("nonce").get());
    assertEquals(JsonValue.JsonBool.FALSE, o.get("exists").get());
  }

  @Test
  void balanceFailuresHaveTheirExitCodes() {
    walletAt("balance", "--address", "ait1xyz").fails(ExitCode.BAD_ADDRESS);
    walletAt("balance", "--name", "ghost").fails(ExitCode.NOT_FOUND);
    h.wallet("balance", "--name", "alice", "--rpc-url", "localhost:8006").fails(ExitCode.USAGE);
  }

  @Test
  void sendSignsWithTheNodesMinimumFeeAndATimeNonceAndPrintsTheHash() throws Exception {
    long future = 4_102_444_800_000L; // 2100-01-01: above any real clock, so the nonce must come from it
    h.clock = () -> future;
    String hash = walletAt("send", "--from", "alice", "--to", bob, "--amount", "25", "--payload", "ping").ok().line();
    assertTrue(hash.matches("0x[0-9a-f]{64}"), hash);
    node.seal();
    assertEquals(1_000 - 25 - 5, node.account(alice.address()).balance());
    assertEquals(future, node.account(alice.address()).nonce());
    assertEquals(25, node.account(bob).balance());
    // The chain's nonce is now above the clock: the next send goes above the chain.
    h.clock = () -> future - 10_000;
    walletAt("send", "--from", "alice", "--to", bob, "--amount", "1", "--fee", "7").ok();
    node.seal();
    assertEquals(future + 1, node.account(alice.address()).nonce());
    assertEquals(1_000 - 30 - 1 - 7, node.account(alice.address()).balance());
  }

  @Test
  void sendWaitPrintsTheBlockThatIncludesIt() throws Exception {
    node.sealAfterPolls = 3;
    CliHarness.Run r = walletAt("send", "--from", "alice", "--to", bob, "--amount", "1", "--wait").ok();
    String[] lines = r.out().strip().split("\n");
    assertEquals(2, lines.length, r.out());
    assertTrue(lines[0].matches("0x[0-9a-f]{64}"));
    assertEquals("included in block 1", lines[1]);
    node.sealAfterPolls = 1;
    JsonObject o = json(walletAt("send", "--from", "alice", "--to", bob, "--amount", "1", "--wait", "-o", "json").ok());
    assertEquals(JsonValue.str("included"), o.get("status").get());
    assertEquals(2, n(o, "block_height"));
  }

  @Test
  void sendWaitGivesUpAfterTheTimeoutWithExit7AndStillPrintsTheHash() {
    CliHarness.Run r = walletAt("send", "--from", "alice", "--to", bob, "--amount", "1", "--wait", "--timeout", "1")
        .fails(ExitCode.TIMEOUT);
    assertTrue(r.out().strip().matches("0x[0-9a-f]{64}"), r.out());
    assertTrue(r.err().contains(r.out().strip()) && r.err().contains("pending"), r.err());
    assertEquals(1, node.pendingCount(), "the transaction was submitted");
  }

  @Test
  void aRefusalPrintsTheNodesCodeAndExits6() {
    CliHarness.Run r = walletAt("send", "--from", "alice", "--to", bob, "--amount", "5000").fails(ExitCode.REFUSED);
    assertTrue(r.err().startsWith("error: node refused: INSUFFICIENT_FUNDS: "), r.err());
    assertEquals("", r.out());
    walletAt("send", "--from", "alice", "--to", bob, "--amount", "1", "--fee", "1").fails(ExitCode.REFUSED);
    assertTrue(h.runs.get(h.runs.size() - 1).err().contains("FEE_TOO_LOW"));
  }

  @Test
  void aWrongPasswordOrABadAddressSubmitsNothing() {
    h.env.put("AITBC_PASSWORD", "wrong");
    walletAt("send", "--from", "alice", "--to", bob, "--amount", "1").fails(ExitCode.WRONG_PASSWORD);
    h.env.put("AITBC_PASSWORD", CliHarness.PW);
    walletAt("send", "--from", "alice", "--to", "bob", "--amount", "1").fails(ExitCode.BAD_ADDRESS);
    walletAt("send", "--from", "ghost", "--to", bob, "--amount", "1").fails(ExitCode.NOT_FOUND);
    walletAt("send", "--from", "alice", "--to", bob, "--amount", "-1").fails(ExitCode.USAGE);
    assertTrue(node.requests.stream().noneMatch(s -> s.startsWith("POST")), node.requests.toString());
  }

  @Test
  void withoutFileOrEnvironmentSendAsksForThePasswordOnce() {
    h.env.remove("AITBC_PASSWORD");
    h.terminal.answers.add(CliHarness.PW);
    walletAt("send", "--from", "alice", "--to", bob, "--amount", "1").ok();
    assertEquals(List.of("Password: "), h.terminal.prompts);
    assertEquals(1, node.pendingCount());
  }

  @Test
  void aBadNodeUrlFailsBeforeAnyPasswordPrompt() {
    h.env.remove("AITBC_PASSWORD");
    h.wallet("send", "--from", "alice", "--to", bob, "--amount", "1", "--rpc-url", "ftp://x").fails(ExitCode.USAGE);
    assertTrue(h.terminal.prompts.isEmpty());
  }

  @Test
  void anUnreachableNodeExits5() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CliHarness.Run r = h.wallet("send", "--from", "alice", "--to", bob, "--amount", "1", "--rpc-url",
        "http://127.0.0.1:" + port).fails(ExitCode.NODE_UNREACHABLE);
    assertTrue(r.err().contains("127.0.0.1:" + port), r.err());
  }

  @Test
  void nodeUrlIsHonouredWhenThereIsNoFlag() {
    h.env.put("NODE_URL", node.url().toString());
    assertTrue(h.wallet("balance", "--name", "alice").ok().out().contains("1000"));
    assertFalse(node.requests.isEmpty());
  }

  @Test
  void transactionsListsWhatTheAccountSentAndReceived() throws Exception {
    walletAt("send", "--from", "alice", "--to", bob, "--amount", "3", "--payload", "hello bob").ok();
    node.seal();
    String text = walletAt("transactions", "--name", "alice").ok().out();
    assertTrue(text.contains("out") && text.contains(bob) && text.contains("\"hello bob\""), text);
    String in = walletAt("transactions", "--address", bob).ok().out();
    assertTrue(in.contains("in ") && in.contains(alice.address()), in);
    JsonObject o = json(walletAt("transactions", "--address", bob, "-o", "json").ok());
    assertEquals(1, ((JsonValue.JsonArray) o.get("transactions").get()).elements().size());
  }

  @Test
  void transactionsSaysThereIsMoreOnlyAfterAFullPageAndAllFollowsTheCursorToTheEnd() throws Exception {
    for (int i = 1; i <= 3; i++) {
      walletAt("send", "--from", "alice", "--to", bob, "--amount", Integer.toString(i), "--nonce", Integer.toString(i)).ok();
    }
    node.seal();
    String firstPage = walletAt("transactions", "--name", "alice", "--limit", "2").ok().out();
    assertEquals(1 + 2, firstPage.lines().filter(l -> !l.startsWith("more:")).count(), firstPage);
    assertTrue(firstPage.contains("more: --cursor "), firstPage);
    String all = walletAt("transactions", "--name", "alice", "--limit", "2", "--all").ok().out();
    assertEquals(1 + 3, all.lines().count(), all);
    String onePage = walletAt("transactions", "--name", "alice", "--limit", "5").ok().out();
    assertEquals(1 + 3, onePage.lines().count(), "a page that is not full has nothing after it: " + onePage);
  }

  @Test
  void aChainIdFromTheHeadAndTheDefaultFeeWhenHealthHasNoMinFee() throws Exception {
    node.close();
    node = new StandInNode("dev-chain", 1, Map.of(alice.address(), 1_000L), false);
    walletAt("send", "--from", "alice", "--to", bob, "--amount", "2").ok();
    node.seal();
    assertEquals(1_000 - 2 - 1, node.account(alice.address()).balance());
  }
}
