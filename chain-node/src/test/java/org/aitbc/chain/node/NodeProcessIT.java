package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.wallet.Keystore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the real {@code bin/aitbc} as a process, driven by a Python client that signs exactly as
 * the AITBC client does (Debian's python3-cryptography).
 */
class NodeProcessIT {
  static final Path CLIENT = NodeProcess.ROOT.resolve("chain-node/src/test/python/aitbc_client.py");
  static final String CHAIN = "ait-e2e";

  @TempDir Path tmp;
  KeyPair authority = TestKeys.key(0);
  KeyPair alice = TestKeys.key(1);
  Path genesis;
  Path keystore;
  Path password;

  @BeforeEach
  void writeGenesisAndAuthorityKey() throws Exception {
    genesis = tmp.resolve("genesis.json");
    Map<String, Long> alloc = new LinkedHashMap<>();
    alloc.put(alice.address(), 1_000_000_000L);
    Files.writeString(genesis, org.aitbc.chain.core.json.PyJson.dumps(Genesis.build(CHAIN, System.currentTimeMillis(),
        List.of(new Genesis.Authority(authority.address(), authority.publicKey())), alloc, 500, 1)));
    keystore = tmp.resolve("authority.json");
    Keystore.write(keystore, Keystore.encrypt(authority, "pw".toCharArray(), 1000, new SecureRandom()));
    password = tmp.resolve("password");
    Files.writeString(password, "pw\n");
  }

  List<String> authorityArgs(Path dataDir) {
    return List.of("--genesis", genesis.toString(), "--data-dir", dataDir.toString(), "--authority-keystore",
        keystore.toString(), "--password-file", password.toString());
  }

  static String python(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", CLIENT.toString()));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), () -> "python client failed: " + out + err
        + " (needs Debian's python3-cryptography: apt-get install python3-cryptography)");
    return out;
  }

  @Test
  void pythonSignedTransactionsAreAcceptedUnderTheClientsOwnHashAndSealedWithinABlockInterval() throws Exception {
    try (NodeProcess node = NodeProcess.start(tmp, tmp.resolve("node.log"), authorityArgs(tmp.resolve("data")))) {
      String out = python(List.of("submit", "--url", node.url(), "--seed", org.aitbc.chain.core.util.Bytes.wrap(alice.seed()).hex(), "--to",
          TestKeys.key(2).address(), "--count", "40", "--chain-id", CHAIN, "--payload", "ping"));
      JsonObject r = (JsonObject) JsonParser.parse(out);
      assertEquals("40", ((JsonValue.JsonNumber) r.members().get("accepted")).lexeme());
      assertEquals("0", ((JsonValue.JsonNumber) r.members().get("hash_mismatches")).lexeme());
      Path hashes = tmp.resolve("hashes");
      List<String> hs = new ArrayList<>();
      for (JsonValue v : ((JsonValue.JsonArray) r.members().get("hashes")).elements()) hs.add(((JsonValue.JsonString) v).value());
      Files.write(hashes, hs);
      long t0 = System.nanoTime();
      python(List.of("wait", "--url", node.url(), "--hashes", hashes.toString(), "--timeout", "10"));
      long waitedMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(waitedMs < 5_000, "sealing took " + waitedMs + " ms with a 500 ms block interval");
      JsonObject inbox = node.get("/rpc/messages?address=" + TestKeys.key(2).address() + "&limit=1000").orElseThrow();
      assertEquals(40, ((JsonValue.JsonArray) inbox.members().get("messages")).elements().size());
      int code = node.stop();
      assertTrue(code == 0 || code == 143, "exit code after SIGTERM: " + code);
      assertTrue(node.logText().contains("stopped at height"), "clean shutdown is logged");
    }
  }

  @Test
  void killMinus9UnderLoadLosesNoSealedTransaction() throws Exception {
    Path data = tmp.resolve("data");
    Path accepted = tmp.resolve("accepted");
    Files.createFile(accepted);
    List<String> sealedBeforeKill = new ArrayList<>();
    long heightBeforeKill;
    try (NodeProcess node = NodeProcess.start(tmp, tmp.resolve("node1.log"), authorityArgs(data))) {
      Process load = new ProcessBuilder("/usr/bin/python3", CLIENT.toString(), "load", "--url", node.url(), "--seed",
          org.aitbc.chain.core.util.Bytes.wrap(alice.seed()).hex(), "--to", TestKeys.key(3).address(), "--out", accepted.toString(), "--chain-id", CHAIN)
          .redirectErrorStream(true).redirectOutput(tmp.resolve("load.log").toFile()).start();
      try {
        Await.until("300 accepted txs and 3 blocks", Duration.ofSeconds(60),
            () -> lines(accepted).size() >= 300 && heightOf(node) >= 3);
        for (String h : lines(accepted)) {
          JsonObject t = node.get("/rpc/transaction/" + h).orElseThrow();
          if (((JsonValue.JsonString) t.members().get("status")).value().equals("included")) sealedBeforeKill.add(h);
        }
        heightBeforeKill = node.height();
        node.kill9(); // while the load generator is still posting
      } finally {
        load.destroyForcibly();
        load.waitFor();
      }
    }
    assertTrue(sealedBeforeKill.size() > 0, "some transactions were sealed before the kill");
    try (NodeProcess node = NodeProcess.start(tmp, tmp.resolve("node2.log"), authorityArgs(data))) {
      assertTrue(node.height() >= heightBeforeKill, "head went back from " + heightBeforeKill + " to " + node.height());
      for (String h : sealedBeforeKill) {
        JsonObject t = node.get("/rpc/transaction/" + h).orElseThrow(() -> new AssertionError("lost sealed tx " + h));
        assertEquals("included", ((JsonValue.JsonString) t.members().get("status")).value(), h);
      }
      // The restarted node keeps sealing. The height is read before the submission: the node may seal the
      // new transaction before this test gets to read it.
      long h = node.height();
      String out = python(List.of("submit", "--url", node.url(), "--seed", org.aitbc.chain.core.util.Bytes.wrap(alice.seed()).hex(), "--to",
          TestKeys.key(2).address(), "--count", "1", "--chain-id", CHAIN));
      assertTrue(out.contains("\"accepted\": 1"), out);
      Await.until("a new block after restart", Duration.ofSeconds(30), () -> heightOf(node) > h);
    }
  }

  @Test
  void aDataDirectoryOfAnotherChainIsRefusedWithOneLineAndNonZeroExit() throws Exception {
    Path data = tmp.resolve("data");
    try (NodeProcess node = NodeProcess.start(tmp, tmp.resolve("a.log"), authorityArgs(data))) {
      node.stop();
    }
    Path other = tmp.resolve("other.json");
    Files.writeString(other, Files.readString(genesis).replace(CHAIN, "ait-other"));
    StringBuilder out = new StringBuilder();
    int code = NodeProcess.run(tmp, List.of("node", "start", "--genesis", other.toString(), "--data-dir", data.toString(),
        "--rpc-port", "0", "--p2p-port", "0", "--grpc-port", "0"), out);
    assertTrue(code != 0, "exit code " + code);
    String last = out.toString().strip();
    assertTrue(last.contains("holds the chain of genesis"), last);
    assertEquals(1, last.lines().filter(l -> l.startsWith("error:")).count(), last);
  }

  static List<String> lines(Path f) {
    try {
      return Files.readAllLines(f).stream().filter(s -> s.length() == 66).toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  static long heightOf(NodeProcess n) {
    try {
      return n.height();
    } catch (Exception e) {
      return -1;
    }
  }
}
