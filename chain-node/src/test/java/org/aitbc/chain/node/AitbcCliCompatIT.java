package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as an AITBC operator who switches: a real {@code bin/aitbc node start --chain-id ait-mainnet}
 * (a dev chain with the id the AITBC CLI hard-codes) and a Python client that posts exactly what
 * {@code aitbc-cli wallet send} posts: no {@code type}, no {@code public_key}, {@code nonce: 0},
 * payload {@code "0x"}. The sender's key is known from the genesis (the dev wallet), from an earlier
 * transaction that carried it ({@code aitbc-cli agent message}), or from {@code bin/aitbc wallet announce}.
 */
class AitbcCliCompatIT {
  static final String CHAIN = "ait-mainnet";

  @TempDir Path home;

  @Test
  void walletSendAsTheAitbcCliSignsItIsSealedOnceWhateverTheWayTheChainLearnedTheKey() throws Exception {
    Path log = home.resolve("node.log");
    try (NodeProcess node = NodeProcess.start(home, log, List.of("--chain-id", CHAIN))) {
      JsonObject health = node.get("/health").orElseThrow();
      assertEquals(CHAIN, str(health, "chain_id"));
      assertTrue(node.logText().contains("dev chain " + CHAIN), node::logText);
      String exported = aitbc("wallet", "export", "--yes", "--name", "dev-" + CHAIN, "--password-file",
          home.resolve("devnet-" + CHAIN + "/password").toString());
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b[0-9a-f]{64}\\b").matcher(exported);
      assertTrue(m.find(), exported);
      String devSeed = m.group();
      String dev = python("address", "--seed", devSeed).strip();
      String bob = TestKeys.key(61).address();
      assertEquals(0, num(node.get("/rpc/accounts/" + bob).orElseThrow(), "nonce"), "an account that never sent: nonce 0");

      // The dev wallet's key is in the genesis: its very first send may leave public_key out.
      JsonObject five = cliSend(node, devSeed, bob, 5, 1).get(0);
      JsonObject seven = cliSend(node, devSeed, bob, 7, 1).get(0);
      for (JsonObject a : List.of(five, seven)) {
        assertEquals(200, num(a, "status"), a::toString);
        assertEquals(str(a, "hash"), str(obj(a, "response"), "transaction_hash"));
      }
      List<JsonObject> again = cliSend(node, devSeed, bob, 5, 2); // the same signed bytes, twice more
      for (JsonObject a : again) {
        assertEquals(200, num(a, "status"), a::toString);
        assertEquals(str(five, "hash"), str(obj(a, "response"), "transaction_hash"));
      }
      awaitIncluded(node, str(five, "hash"));
      awaitIncluded(node, str(seven, "hash"));
      JsonObject replay = cliSend(node, devSeed, bob, 5, 1).get(0);
      assertEquals(200, num(replay, "status"), replay::toString);
      assertEquals("already included", str(obj(replay, "response"), "message"));
      assertEquals(12, num(node.get("/rpc/accounts/" + bob).orElseThrow(), "balance"), "each send sealed exactly once");

      // A wallet the chain has no key for: refused with a detail that says how the key gets known ...
      KeyPair carolKey = TestKeys.key(62);
      String carolSeed = Bytes.wrap(carolKey.seed()).hex();
      awaitIncluded(node, str(cliSend(node, devSeed, carolKey.address(), 10_000, 1).get(0), "hash"));
      JsonObject unknown = cliSend(node, carolSeed, bob, 3, 1).get(0);
      assertEquals(400, num(unknown, "status"), unknown::toString);
      assertEquals("UNKNOWN_PUBLIC_KEY", str(obj(unknown, "response"), "code"));
      assertTrue(str(obj(unknown, "response"), "detail").contains("wallet announce"), unknown::toString);
      // ... then one agent message (it carries public_key), and wallet send goes through.
      JsonObject hello = obj(python("cli-message", "--url", node.url(), "--seed", carolSeed, "--to", bob,
          "--payload", "hello", "--chain-id", CHAIN));
      assertEquals(200, num(hello, "status"), hello::toString);
      awaitIncluded(node, str(hello, "hash"));
      JsonObject three = cliSend(node, carolSeed, bob, 3, 1).get(0);
      assertEquals(200, num(three, "status"), three::toString);
      awaitIncluded(node, str(three, "hash"));

      // The third way: bin/aitbc wallet announce.
      KeyPair daveKey = TestKeys.key(63);
      String daveSeed = Bytes.wrap(daveKey.seed()).hex();
      Path pw = home.resolve("dave.password");
      Files.writeString(pw, "dave-pw\n");
      aitbc("wallet", "import", "--name", "dave", "--private-key", daveSeed, "--password-file", pw.toString());
      awaitIncluded(node, str(cliSend(node, devSeed, daveKey.address(), 10_000, 1).get(0), "hash"));
      aitbc("wallet", "announce", "--name", "dave", "--wait", "--password-file", pw.toString(), "--rpc-url", node.url());
      JsonObject fromDave = cliSend(node, daveSeed, bob, 4, 1).get(0);
      assertEquals(200, num(fromDave, "status"), fromDave::toString);
      awaitIncluded(node, str(fromDave, "hash"));
      assertEquals(19, num(node.get("/rpc/accounts/" + bob).orElseThrow(), "balance"));
      assertEquals(0, num(node.get("/rpc/accounts/" + dev).orElseThrow(), "nonce"), "unordered sends leave the nonce at 0");

      // aitbc-cli wallet transactions reads each row's "hash" and "value": no "N/A", no "Amount: 0" for a transfer.
      List<JsonObject> rows = new ArrayList<>();
      for (String line : python("cli-transactions", "--url", node.url(), "--to", bob).strip().split("\n")) rows.add(obj(line));
      assertTrue(rows.stream().noneMatch(r -> str(r, "hash").equals("N/A")), rows::toString);
      List<Long> amounts = rows.stream().map(r -> num(r, "amount")).filter(a -> a > 0).sorted().toList();
      assertEquals(List.of(3L, 4L, 5L, 7L), amounts, "the four transfers to bob: " + rows);
      assertTrue(rows.stream().anyMatch(r -> str(r, "hash").equals(str(five, "hash"))), rows::toString);
    }
  }

  private List<JsonObject> cliSend(NodeProcess node, String seed, String to, long amount, int repeat) throws Exception {
    String out = python("cli-send", "--url", node.url(), "--seed", seed, "--to", to, "--amount", Long.toString(amount),
        "--chain-id", CHAIN, "--repeat", Integer.toString(repeat));
    List<JsonObject> answers = new ArrayList<>();
    for (String line : out.strip().split("\n")) answers.add(obj(line));
    assertEquals(repeat, answers.size(), out);
    return answers;
  }

  private static void awaitIncluded(NodeProcess node, String hash) {
    Await.until(hash + " included", Duration.ofSeconds(30), () -> {
      try {
        return node.get("/rpc/transaction/" + hash).map(t -> "included".equals(str(t, "status"))).orElse(false);
      } catch (Exception e) {
        return false;
      }
    });
  }

  private String aitbc(String... args) throws Exception {
    StringBuilder out = new StringBuilder();
    int code = NodeProcess.run(home, List.of(args), out);
    assertEquals(0, code, () -> "bin/aitbc " + String.join(" ", args) + ": " + out);
    return out.toString();
  }

  private static String python(String... args) throws Exception {
    return NodeProcessIT.python(List.of(args));
  }

  private static JsonObject obj(String json) throws Exception {
    return (JsonObject) JsonParser.parse(json.strip());
  }

  private static JsonObject obj(JsonObject o, String key) {
    return (JsonObject) o.members().get(key);
  }

  private static String str(JsonObject o, String key) {
    return ((JsonValue.JsonString) o.members().get(key)).value();
  }

  private static long num(JsonObject o, String key) {
    return ((JsonValue.JsonNumber) o.members().get(key)).longValueExact().orElseThrow();
  }
}
