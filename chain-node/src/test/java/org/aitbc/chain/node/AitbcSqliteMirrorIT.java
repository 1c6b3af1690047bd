package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as an AITBC operator runs it: a real {@code bin/aitbc node start --aitbc-sqlite FILE} and Python's
 * sqlite3 reading FILE with exactly the queries of AITBC's agent tools ({@code agent messages}, and the agent
 * daemon's ping/pong loop answering through {@code /rpc/transaction}); then kill -9 and restart, then the file
 * deleted while the node runs.
 */
class AitbcSqliteMirrorIT {
  static final String CHAIN = "ait-mainnet";

  @TempDir Path home;

  @Test
  void agentToolsReadTheMirrorAndItSurvivesKillNineAndDeletion() throws Exception {
    Path db = home.resolve("chain.db");
    List<String> args = List.of("--chain-id", CHAIN, "--aitbc-sqlite", db.toString());
    NodeProcess node = NodeProcess.start(home, home.resolve("node.log"), args);
    try {
      String password = home.resolve("devnet-" + CHAIN + "/password").toString();
      String exported = aitbc("wallet", "export", "--yes", "--name", "dev-" + CHAIN, "--password-file", password);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b[0-9a-f]{64}\\b").matcher(exported);
      assertTrue(m.find(), exported);
      String devSeed = m.group();
      String dev = python("address", "--seed", devSeed).strip();
      String agentSeed = Bytes.wrap(TestKeys.key(71).seed()).hex();
      String agent = TestKeys.key(71).address();
      JsonObject fund = obj(python("cli-send", "--url", node.url(), "--seed", devSeed, "--to", agent, "--amount", "10000",
          "--chain-id", CHAIN).strip());
      assertEquals(200, num(fund, "status"), fund::toString);

      // bin/aitbc agent message, enveloped and --raw: both in `agent messages`, at the height the chain put them.
      String enveloped = aitbc("agent", "message", "--wallet", "dev-" + CHAIN, "--to", agent, "--message", "hello mirror",
          "--password-file", password, "--rpc-url", node.url()).strip();
      String raw = aitbc("agent", "message", "--raw", "--wallet", "dev-" + CHAIN, "--to", agent, "--message", "plain hello",
          "--password-file", password, "--rpc-url", node.url()).strip();
      for (String hash : List.of(enveloped, raw)) {
        long height = includedAt(node, hash);
        JsonObject row = awaitMessage(db, agent, hash, Duration.ofSeconds(10));
        assertEquals(height, num(row, "block_height"), row::toString);
        assertEquals(dev, str(row, "sender"));
        assertTrue(node.height() <= height + 1, "seen within one block of its own");
      }
      assertEquals("plain hello", str(awaitMessage(db, agent, raw, Duration.ofSeconds(1)), "message"));
      assertTrue(str(awaitMessage(db, agent, enveloped, Duration.ofSeconds(1)), "message").contains("hello mirror"));

      // The agent daemon's loop: polls the mirror, answers a ping from someone else with a pong.
      Process daemon = new ProcessBuilder("/usr/bin/python3", NodeProcessIT.CLIENT.toString(), "db-daemon", "--db", db.toString(),
          "--url", node.url(), "--seed", agentSeed, "--chain-id", CHAIN, "--timeout", "60").start();
      String ping = aitbc("agent", "message", "--raw", "--wallet", "dev-" + CHAIN, "--to", agent, "--message", "ping 42",
          "--password-file", password, "--rpc-url", node.url()).strip();
      assertTrue(daemon.waitFor(90, TimeUnit.SECONDS), "daemon answered");
      String reply = new String(daemon.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String daemonErr = new String(daemon.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, daemon.exitValue(), () -> reply + daemonErr);
      JsonObject answer = obj(reply.strip().split("\n")[0]);
      assertEquals(ping, str(answer, "answered"));
      assertEquals(200, num(answer, "status"), answer::toString);
      JsonObject pong = awaitMessage(db, dev, str(answer, "hash"), Duration.ofSeconds(15));
      assertEquals("pong", str(pong, "message"));
      assertEquals(agent, str(pong, "sender"));

      // Load, kill -9, restart: every row once.
      python("submit", "--url", node.url(), "--seed", devSeed, "--to", agent, "--count", "60", "--chain-id", CHAIN);
      node.kill9();
      node = NodeProcess.start(home, home.resolve("node2.log"), args);
      awaitComplete(node, db);

      // The file deleted while the node runs: it keeps sealing, the mirror is rebuilt with every row.
      long before = node.height();
      Files.delete(db);
      python("submit", "--url", node.url(), "--seed", devSeed, "--to", agent, "--count", "20", "--chain-id", CHAIN);
      NodeProcess n = node;
      Await.until("the chain to go on", Duration.ofSeconds(30), () -> height(n) > before);
      awaitComplete(node, db);
      assertTrue(metrics(node).contains("aitbc_mirror_rebuilds_total 1"), () -> metrics(n));
    } finally {
      node.close();
    }
  }

  /** Every block and transaction of the chain (RPC) in the mirror (Python sqlite3), none twice. */
  private static void awaitComplete(NodeProcess node, Path db) throws Exception {
    Await.until("the mirror to hold the whole chain", Duration.ofSeconds(60), () -> {
      try {
        long head = node.height();
        JsonObject c = obj(python("db-counts", "--db", db.toString(), "--chain-id", CHAIN));
        return num(c, "max_height") == head && num(c, "transactions") == chainTxCount(node, head)
            && num(c, "blocks") == head + 1;
      } catch (Exception | AssertionError e) {
        return false;
      }
    });
    JsonObject c = obj(python("db-counts", "--db", db.toString(), "--chain-id", CHAIN));
    assertEquals(0, num(c, "doubled"), c::toString);
    assertTrue(num(c, "transactions") >= 4, c::toString);
  }

  private static long chainTxCount(NodeProcess node, long head) throws Exception {
    long total = 0;
    for (long start = 0; start <= head; ) {
      JsonArray blocks = (JsonArray) node.get("/rpc/blocks-range?include_tx=false&start=" + start + "&end=" + head)
          .orElseThrow().members().get("blocks");
      for (JsonValue b : blocks.elements()) total += num((JsonObject) b, "tx_count");
      start += blocks.elements().size();
    }
    return total;
  }

  private static long includedAt(NodeProcess node, String hash) {
    long[] h = {-1};
    Await.until(hash + " included", Duration.ofSeconds(30), () -> {
      try {
        JsonObject t = node.get("/rpc/transaction/" + hash).orElse(null);
        if (t == null || !"included".equals(str(t, "status"))) return false;
        h[0] = num(t, "block_height");
        return true;
      } catch (Exception e) {
        return false;
      }
    });
    return h[0];
  }

  /** The row of {@code hash} among what `aitbc-cli agent messages --agent to` shows. */
  private static JsonObject awaitMessage(Path db, String to, String hash, Duration timeout) {
    JsonObject[] found = {null};
    Await.until(hash + " in the mirror's messages to " + to, timeout, () -> {
      try {
        for (JsonValue v : ((JsonArray) JsonParser.parse(python("db-messages", "--db", db.toString(), "--to", to))).elements()) {
          if (hash.equals(str((JsonObject) v, "tx_hash"))) found[0] = (JsonObject) v;
        }
      } catch (Exception | AssertionError e) {
        return false;
      }
      return found[0] != null;
    });
    return found[0];
  }

  private static long height(NodeProcess n) {
    try {
      return n.height();
    } catch (Exception e) {
      return -1;
    }
  }

  private static String metrics(NodeProcess n) {
    try {
      var r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(n.url() + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private String aitbc(String... a) throws Exception {
    StringBuilder out = new StringBuilder();
    int code = NodeProcess.run(home, List.of(a), out);
    assertEquals(0, code, () -> "bin/aitbc " + String.join(" ", a) + ": " + out);
    return out.toString();
  }

  private static String python(String... a) throws Exception {
    return NodeProcessIT.python(new ArrayList<>(List.of(a)));
  }

  private static JsonObject obj(String json) throws Exception {
    return (JsonObject) JsonParser.parse(json.strip());
  }

  private static String str(JsonObject o, String key) {
    return ((JsonValue.JsonString) o.members().get(key)).value();
  }

  private static long num(JsonObject o, String key) {
    return ((JsonValue.JsonNumber) o.members().get(key)).longValueExact().orElseThrow();
  }
}
