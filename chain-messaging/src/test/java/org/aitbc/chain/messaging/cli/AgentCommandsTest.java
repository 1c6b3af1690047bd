package org.aitbc.chain.messaging.cli;

import static org.aitbc.chain.messaging.cli.AgentHarness.addr;
import static org.aitbc.chain.messaging.cli.AgentHarness.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.messaging.Envelope;
import org.aitbc.chain.messaging.InboxMessage;
import org.aitbc.chain.messaging.LiveNode;
import org.aitbc.chain.messaging.MessageCrypto;
import org.aitbc.chain.messaging.MessageSender;
import org.aitbc.chain.messaging.MessagingClient;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.wallet.cli.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent commands against a real node core sealing a block every 200 ms. */
class AgentCommandsTest {
  static final Duration T = Duration.ofSeconds(30);

  @TempDir Path dir;
  LiveNode node;
  AgentHarness h;
  MessagingClient client;

  @BeforeEach
  void start() throws Exception {
    node = new LiveNode(dir.resolve("chain"), 5, 200);
    h = new AgentHarness(dir, node, 5);
    client = node.client();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  String state() {
    return dir.resolve("state").toString();
  }

  List<InboxMessage> inbox(int key) throws Exception {
    return client.messages(addr(key), "", 1000, 0).messages();
  }

  void awaitInbox(int key, int atLeast) {
    Await.until(atLeast + " messages for key" + key, T, () -> {
      try {
        return inbox(key).size() >= atLeast;
      } catch (Exception e) {
        return false;
      }
    });
  }

  AgentHarness.Background startListener(String... extra) {
    List<String> a = new java.util.ArrayList<>(List.of("listen", "--wallet", "key2", "--state-dir", state()));
    a.addAll(List.of(extra));
    AgentHarness.Background l = h.background(a.toArray(String[]::new));
    l.awaitOutput("listening as " + addr(2), T);
    return l;
  }

  // ---- ping / pong -------------------------------------------------------------------------------

  @Test
  void aPingIsAnsweredWithAPongByAListenerRunningInAThread() throws Exception {
    try (AgentHarness.Background listener = startListener("--reply", "ping=pong")) {
      JsonObject sent = h.agent("message", "--wallet", "key1", "--to", addr(2), "--kind", "ping", "--output", "json").ok().json();
      String id = str(sent, "message_id");
      AgentHarness.Run inbox = h.background("messages", "--address", addr(1), "--follow", "--count", "1", "--output", "json")
          .join(T).ok();
      JsonObject pong = inbox.json();
      assertEquals("pong", str(pong, "kind"));
      assertEquals(id, str(pong, "reply_to"));
      assertEquals("pong", str(pong, "text"), "the rule's text is the pong's body");
      assertEquals(addr(2), str(pong, "from"));
      listener.awaitOutput("replied", T);
      assertTrue(listener.out().contains(str(sent, "transaction_hash")), listener.out());
    }
  }

  @Test
  void aPlainPingFromAnOldClientGetsAPlainPong() throws Exception {
    try (AgentHarness.Background listener = startListener("--reply", "ping=pong")) {
      String hash = h.agent("message", "--wallet", "key1", "--to", addr(2), "--message", "ping", "--raw").ok().lines().get(0);
      assertTrue(hash.matches("0x[0-9a-f]{64}"), hash);
      awaitInbox(1, 1);
      InboxMessage m = inbox(1).get(0);
      assertEquals(JsonValue.str("pong"), m.payload(), "answered in the form it was asked: a plain string");
      AgentHarness.Run text = h.agent("messages", "--address", addr(1)).ok();
      assertTrue(text.lines().get(0).endsWith(addr(2) + "  raw  pong"), text.out());
      assertEquals("next: --cursor " + m.cursor(), text.lines().get(1));
    }
  }

  // ---- restart -----------------------------------------------------------------------------------

  @Test
  void aRestartedListenerNeitherReplaysNorMissesMessages() throws Exception {
    AgentHarness.Background first = startListener("--reply", "ping=pong", "--count", "1");
    String ping1 = h.agent("message", "--wallet", "key1", "--to", addr(2), "--kind", "ping").ok().lines().get(0);
    AgentHarness.Run r1 = first.join(T).ok();
    assertTrue(r1.out().contains(ping1) && r1.out().contains("stopped after 1 message"), r1.out());

    // sent while no listener runs
    String ping2 = h.agent("message", "--wallet", "key3", "--to", addr(2), "--kind", "ping").ok().lines().get(0);
    awaitInbox(2, 2);

    AgentHarness.Background second = startListener("--reply", "ping=pong", "--count", "1");
    AgentHarness.Run r2 = second.join(T).ok();
    assertTrue(r2.out().contains(ping2), "the message sent while stopped is handled: " + r2.out());
    assertFalse(r2.out().contains(ping1), "the first message is not handled again: " + r2.out());
    awaitInbox(3, 1);
    awaitInbox(1, 1);
    assertEquals(1, inbox(1).size(), "exactly one pong for the first ping");
    assertEquals(1, inbox(3).size(), "exactly one pong for the second ping");

    // and a third start, with nothing new, handles nothing old
    try (AgentHarness.Background third = startListener("--reply", "ping=pong")) {
      String ping3 = h.agent("message", "--wallet", "key1", "--to", addr(2), "--message", "third").ok().lines().get(0);
      third.awaitOutput(ping3, T);
      assertFalse(third.out().contains(ping1) || third.out().contains(ping2), third.out());
    }
  }

  // ---- acknowledgements ----------------------------------------------------------------------------

  @Test
  void aMessageWhoseFirstSendIsLostIsResentUntilAcked() throws Exception {
    AgentHarness.Background sender = h.background("message", "--wallet", "key1", "--to", addr(2), "--message", "hello",
        "--require-ack", "--ack-timeout", "25s", "--resend-every", "1500ms", "--output", "json");
    // the first send is sealed before any listener runs; the listener's first start begins after it
    awaitInbox(2, 1);
    String lost = inbox(2).get(0).txHash();
    try (AgentHarness.Background listener = startListener()) {
      JsonObject r = sender.join(T).ok().json();
      assertEquals("acked", str(r, "status"));
      long sends = Long.parseLong(str(r, "sends"));
      assertTrue(sends >= 2, "acked only after a resend: " + r);
      listener.awaitOutput("acked", T);
      assertFalse(listener.out().contains(lost), "the lost first send never reached the listener: " + listener.out());
      String ackHash = str(r, "ack_transaction_hash");
      assertTrue(inbox(1).stream().anyMatch(m -> m.txHash().equals(ackHash)));
    }
  }

  @Test
  void aMessageNobodyAcknowledgesFailsWithTheTimeoutCodeAfterResending() {
    AgentHarness.Run r = h.agent("message", "--wallet", "key1", "--to", addr(2), "--message", "anyone?", "--require-ack",
        "--ack-timeout", "1500ms", "--resend-every", "500ms").fails(ExitCode.TIMEOUT);
    assertTrue(r.lines().get(0).matches("0x[0-9a-f]{64}"), "the first hash is still printed: " + r.out());
    assertTrue(r.err().contains("was not acknowledged within 1.5 s"), r.err());
    assertTrue(r.err().matches("(?s).*\\([2-9] sends\\).*"), r.err());
  }

  @Test
  void aResentTaskIsRunOnceButAcknowledgedEachTime() throws Exception {
    Path runs = dir.resolve("runs.txt");
    try (AgentHarness.Background listener = startListener("--exec", "echo run >> '" + runs + "'; cat")) {
      MessageSender s = new MessageSender(client.rpc(), TestKeys.key(1), System::currentTimeMillis, null);
      Envelope task = Envelope.task("count", JsonValue.num(7), new SecureRandom()).withRequireAck(true);
      String first = s.send(addr(2), task).txHash();
      String again = s.send(addr(2), task).txHash();
      listener.awaitOutput(again, T);
      listener.awaitOutput(first, T);
      awaitInbox(1, 3);
      assertEquals(1, Files.readAllLines(runs).size(), "the command ran once");
      assertEquals(1, listener.count("duplicate"), listener.out());
      List<InboxMessage> back = inbox(1);
      long acks = back.stream().filter(m -> m.parsed() instanceof Envelope.Structured st && st.envelope().kind() == Envelope.Kind.ACK).count();
      long results = back.stream().filter(m -> m.parsed() instanceof Envelope.Structured st && st.envelope().kind() == Envelope.Kind.RESULT).count();
      assertEquals(2, acks);
      assertEquals(1, results);
    }
  }

  // ---- tasks -------------------------------------------------------------------------------------

  @Test
  void aTaskRunsThroughExecAndItsResultComesBack() throws Exception {
    String script = "if [ \"$AITBC_TASK_ACTION\" = fail ]; then echo broken >&2; exit 3; fi; cat";
    try (AgentHarness.Background listener = startListener("--exec", script)) {
      AgentHarness.Run r = h.agent("task", "--wallet", "key1", "--to", addr(2), "--action", "echo", "--input",
          "{\"x\": [1, 2], \"s\": \"\u00e9\"}", "--wait", "20s").ok();
      assertEquals("{\"x\":[1,2],\"s\":\"\\u00e9\"}", r.out().strip(), "the command's stdout, read as JSON");

      AgentHarness.Run failed = h.agent("task", "--wallet", "key1", "--to", addr(2), "--action", "fail", "--wait", "20s")
          .fails(AgentExit.TASK_FAILED);
      assertTrue(failed.err().contains("task fail failed: the command exited with 3: broken"), failed.err());

      // B has sent transactions now, so the node knows its key: an encrypted task, answered encrypted
      JsonObject enc = h.agent("task", "--wallet", "key1", "--to", addr(2), "--action", "echo", "--input", "\"secret\"",
          "--encrypt", "--wait", "20s", "--output", "json").ok().json();
      assertEquals("ok", str(enc, "status"));
      assertEquals("secret", str((JsonObject) enc.get("result").orElseThrow(), "output"));
      InboxMessage result = inbox(1).stream().filter(m -> m.txHash().equals(str(enc, "result_transaction_hash"))).findFirst().orElseThrow();
      assertTrue(((Envelope.Structured) result.parsed()).envelope().encrypted(), "the result travelled encrypted");
      assertFalse(PyJson.compact(result.payload()).contains("secret"));
      assertEquals(3, listener.count("ran_task"), listener.out());
    }
  }

  @Test
  void aTaskForwardedToALocalEndpointReturnsItsAnswer() throws Exception {
    com.sun.net.httpserver.HttpServer tool = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    tool.createContext("/run", ex -> {
      byte[] in = ex.getRequestBody().readAllBytes();
      byte[] out = ("{\"seen\":" + new String(in, java.nio.charset.StandardCharsets.UTF_8) + "}")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    tool.start();
    try (AgentHarness.Background listener = startListener("--forward",
        "http://127.0.0.1:" + tool.getAddress().getPort() + "/run")) {
      JsonObject r = h.agent("task", "--wallet", "key1", "--to", addr(2), "--action", "lookup", "--input", "[1]",
          "--wait", "20s", "--output", "json").ok().json();
      JsonObject seen = (JsonObject) ((JsonObject) ((JsonObject) r.get("result").orElseThrow()).get("output").orElseThrow())
          .get("seen").orElseThrow();
      assertEquals("lookup", str(seen, "action"));
      assertEquals(addr(1), str(seen, "from"));
      assertEquals(str(r, "task_id"), str(seen, "id"));
      assertEquals("[1]", str(seen, "input"));
    } finally {
      tool.stop(0);
    }
  }

  @Test
  void aTaskWithoutAnAnswerTimesOutAndAListenerWithoutExecSaysSo() throws Exception {
    h.agent("task", "--wallet", "key1", "--to", addr(2), "--action", "x", "--wait", "1s").fails(ExitCode.TIMEOUT);
    try (AgentHarness.Background listener = startListener()) {
      AgentHarness.Run r = h.agent("task", "--wallet", "key1", "--to", addr(2), "--action", "x", "--wait", "20s")
          .fails(AgentExit.TASK_FAILED);
      assertTrue(r.err().contains("this agent does not run tasks"), r.err());
    }
  }

  // ---- encryption --------------------------------------------------------------------------------

  @Test
  void encryptedMessagesAreReadableOnlyWithTheRecipientsWallet() throws Exception {
    // key4 never sent a transaction: the node does not know its key yet
    AgentHarness.Run noKey = h.agent("message", "--wallet", "key1", "--to", addr(4), "--message", "psst", "--encrypt")
        .fails(AgentExit.NO_RECIPIENT_KEY);
    assertTrue(noKey.err().contains("--recipient-key HEX"), noKey.err());
    h.agent("message", "--wallet", "key1", "--to", addr(4), "--message", "psst", "--encrypt", "--recipient-key",
        TestKeys.key(3).publicKey().hex()).fails(ExitCode.USAGE);

    h.agent("message", "--wallet", "key1", "--to", addr(4), "--message", "psst \u00e9", "--encrypt", "--recipient-key",
        TestKeys.key(4).publicKey().hex()).ok();
    awaitInbox(4, 1);
    JsonObject outside = h.agent("messages", "--address", addr(4), "--output", "json").ok().json();
    JsonObject m = (JsonObject) ((JsonValue.JsonArray) outside.get("messages").orElseThrow()).elements().get(0);
    assertEquals(JsonValue.JsonBool.TRUE, m.get("encrypted").orElseThrow());
    assertTrue(m.get("body").isEmpty() && !PyJson.compact(m).contains("psst"), m.toString());
    assertTrue(h.agent("messages", "--address", addr(4)).ok().lines().get(0).endsWith("text  (encrypted)"));
    // another wallet cannot read it either
    assertTrue(h.agent("messages", "--address", addr(4), "--wallet", "key3").ok().lines().get(0).endsWith("(encrypted)"));

    JsonObject mine = h.agent("messages", "--wallet", "key4", "--output", "json").ok().json();
    JsonObject opened = (JsonObject) ((JsonValue.JsonArray) mine.get("messages").orElseThrow()).elements().get(0);
    assertEquals("psst \u00e9", str(opened, "text"));
    assertTrue(h.agent("messages", "--wallet", "key4").ok().lines().get(0).endsWith("text  [encrypted] psst \u00e9"));
  }

  @Test
  void aMessageThatDoesNotDecryptIsNamedByItsTransactionHash() throws Exception {
    MessageSender s = new MessageSender(client.rpc(), TestKeys.key(1), System::currentTimeMillis, null);
    Envelope wrongKey = MessageCrypto.seal(Envelope.text("for someone else", new SecureRandom()), addr(1), addr(4),
        TestKeys.key(3).publicKey(), new SecureRandom()).envelope();
    String hash = s.send(addr(4), wrongKey).txHash();
    String fine = s.send(addr(4), Envelope.text("plain", new SecureRandom())).txHash();
    awaitInbox(4, 2);
    AgentHarness.Run r = h.agent("messages", "--wallet", "key4").fails(AgentExit.DECRYPT_FAILED);
    assertTrue(r.err().contains("cannot decrypt message " + hash + ": authentication failed"), r.err());
    assertTrue(r.out().contains("plain"), "the other messages are still listed: " + r.out());
    assertTrue(fine.startsWith("0x"));
  }

  // ---- bad input ---------------------------------------------------------------------------------

  @Test
  void badArgumentsFailWithOneLineAndTheUsageCode() {
    h.agent("message", "--wallet", "key1", "--to", "nobody", "--message", "x").fails(ExitCode.BAD_ADDRESS);
    h.agent("message", "--wallet", "key1", "--to", addr(2), "--message", "x", "--kind", "shout").fails(ExitCode.USAGE);
    h.agent("message", "--wallet", "key1", "--to", addr(2)).fails(ExitCode.USAGE);
    h.agent("message", "--wallet", "key1", "--to", addr(2), "--message", "x", "--raw", "--encrypt").fails(ExitCode.USAGE);
    h.agent("message", "--wallet", "key1", "--to", addr(2), "--message", "x", "--require-ack", "--amount", "5").fails(ExitCode.USAGE);
    h.agent("message", "--wallet", "key1", "--to", addr(2), "--message", "x", "--ack-timeout", "soon").fails(ExitCode.USAGE);
    h.agent("message", "--wallet", "nosuch", "--to", addr(2), "--message", "x").fails(ExitCode.NOT_FOUND);
    AgentHarness.Run big = h.agent("message", "--wallet", "key1", "--to", addr(2), "--message", "\"".repeat(40_000)).fails(ExitCode.USAGE);
    assertTrue(big.err().contains("the limit is 65536"), big.err());
    h.agent("messages").fails(ExitCode.USAGE);
    h.agent("messages", "--address", addr(2), "--limit", "0").fails(ExitCode.USAGE);
    AgentHarness.Run cursor = h.agent("messages", "--address", addr(2), "--cursor", "banana").fails(ExitCode.REFUSED);
    assertTrue(cursor.err().contains("INVALID_CURSOR"), cursor.err());
    h.agent("task", "--wallet", "key1", "--to", addr(2), "--action", "x", "--input", "{not json").fails(ExitCode.USAGE);
    h.agent("listen", "--wallet", "key2", "--exec", "cat", "--forward", "http://127.0.0.1:1/").fails(ExitCode.USAGE);
    h.agent("listen", "--wallet", "key2", "--forward", "ftp://x").fails(ExitCode.USAGE);
    h.run("agent", "message", "--wallet", "key1", "--to", addr(2), "--message", "x", "--keystore", h.keystore.toString(),
        "--password-file", h.passwordFile.toString(), "--rpc-url", "http://127.0.0.1:1").fails(ExitCode.NODE_UNREACHABLE);
  }
}
