package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.wallet.Keystore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over P2P: three real {@code bin/aitbc} processes (a genesis node and two followers, the
 * second of which only knows the first), transactions signed by the Python client and posted to the
 * followers, then every node's head and account states compared over HTTP.
 */
class ClusterProcessIT {
  static final String CHAIN = "ait-e2e-p2p";

  @TempDir Path tmp;
  final KeyPair authority = TestKeys.key(0);
  final KeyPair alice = TestKeys.key(1);
  final KeyPair bob = TestKeys.key(2);
  final KeyPair carol = TestKeys.key(3);

  @Test
  void aGenesisNodeAndTwoFollowersWhereTheSecondOnlyKnowsTheFirstEndWithEqualHeadsAndAccounts() throws Exception {
    Path genesis = tmp.resolve("genesis.json");
    Map<String, Long> alloc = new LinkedHashMap<>();
    alloc.put(alice.address(), 1_000_000_000L);
    alloc.put(bob.address(), 1_000_000_000L);
    Files.writeString(genesis, PyJson.dumps(Genesis.build(CHAIN, System.currentTimeMillis(),
        List.of(new Genesis.Authority(authority.address(), authority.publicKey())), alloc, 500, 1)));
    Path keystore = tmp.resolve("authority.json");
    Keystore.write(keystore, Keystore.encrypt(authority, "pw".toCharArray(), 1000, new SecureRandom()));
    Path password = tmp.resolve("password");
    Files.writeString(password, "pw\n");

    try (NodeProcess a = NodeProcess.start(tmp, tmp.resolve("authority.log"), List.of("--genesis", genesis.toString(),
            "--data-dir", tmp.resolve("a").toString(), "--p2p-host", "127.0.0.1", "--authority-keystore", keystore.toString(),
            "--password-file", password.toString()));
        NodeProcess f1 = NodeProcess.start(tmp, tmp.resolve("f1.log"), followerArgs(genesis, "f1", a));
        NodeProcess f2 = NodeProcess.start(tmp, tmp.resolve("f2.log"), followerArgs(genesis, "f2", f1))) {
      List<NodeProcess> all = List.of(a, f1, f2);
      List<String> hashes = new ArrayList<>();
      hashes.addAll(submit(f1, alice, 25, "to f1"));
      hashes.addAll(submit(f2, bob, 25, "to f2"));
      Path hashFile = tmp.resolve("hashes");
      Files.write(hashFile, hashes);
      for (NodeProcess n : all) { // each node answers from its own copy
        NodeProcessIT.python(List.of("wait", "--url", n.url(), "--hashes", hashFile.toString(), "--timeout", "60"));
      }
      Await.until("all three heads to agree", Duration.ofSeconds(60), () -> {
        List<String> heads = all.stream().map(ClusterProcessIT::headHash).toList();
        return heads.get(0) != null && heads.stream().allMatch(heads.get(0)::equals);
      });
      for (String addr : List.of(alice.address(), bob.address(), carol.address(), authority.address())) {
        JsonObject expected = a.get("/rpc/accounts/" + addr).orElseThrow();
        for (NodeProcess f : List.of(f1, f2)) {
          assertEquals(PyJson.dumps(expected), PyJson.dumps(f.get("/rpc/accounts/" + addr).orElseThrow()), addr + " on " + f.log);
        }
      }
      JsonObject carolAccount = a.get("/rpc/accounts/" + carol.address()).orElseThrow();
      assertEquals("50", ((JsonValue.JsonNumber) carolAccount.members().get("balance")).lexeme(), "carol got 50 transfers of 1");
      JsonObject health = f2.get("/health").orElseThrow();
      assertEquals("follower", ((JsonValue.JsonString) health.members().get("role")).value());
      assertTrue(((JsonValue.JsonNumber) health.members().get("peers")).longValueExact().orElseThrow() >= 1, health.toString());
    }
  }

  private List<String> followerArgs(Path genesis, String name, NodeProcess peer) {
    return List.of("--genesis", genesis.toString(), "--data-dir", tmp.resolve(name).toString(), "--p2p-host", "127.0.0.1",
        "--peer", "127.0.0.1:" + peer.p2pPort);
  }

  private List<String> submit(NodeProcess n, KeyPair from, int count, String payload) throws Exception {
    String out = NodeProcessIT.python(List.of("submit", "--url", n.url(), "--seed", Bytes.wrap(from.seed()).hex(), "--to",
        carol.address(), "--count", Integer.toString(count), "--chain-id", CHAIN, "--payload", payload));
    JsonObject r = (JsonObject) JsonParser.parse(out);
    assertEquals(Integer.toString(count), ((JsonValue.JsonNumber) r.members().get("accepted")).lexeme(), out);
    assertEquals("0", ((JsonValue.JsonNumber) r.members().get("hash_mismatches")).lexeme(), out);
    List<String> hs = new ArrayList<>();
    for (JsonValue v : ((JsonValue.JsonArray) r.members().get("hashes")).elements()) hs.add(((JsonValue.JsonString) v).value());
    return hs;
  }

  private static String headHash(NodeProcess n) {
    try {
      return ((JsonValue.JsonString) n.get("/rpc/head").orElseThrow().members().get("hash")).value();
    } catch (Exception e) {
      return null;
    }
  }
}
