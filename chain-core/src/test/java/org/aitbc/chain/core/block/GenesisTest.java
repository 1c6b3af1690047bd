package org.aitbc.chain.core.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.testutil.Keys;
import org.aitbc.chain.core.testutil.TestChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Genesis files (contract §3): the hash ignores layout; broken files are refused with the rule broken. */
class GenesisTest {
  static final KeyPair AUTH = Keys.key(60);
  static final String AUTH_JSON = "{\"address\":\"" + AUTH.address() + "\",\"public_key\":\"" + AUTH.publicKey().hex() + "\"}";

  static String file(String params) {
    return "{\"chain_id\":\"test\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"authorities\":[" + AUTH_JSON + "],"
        + "\"allocations\":[{\"address\":\"" + Keys.key(61).address() + "\",\"balance\":1000}],\"params\":" + params + "}";
  }

  static Genesis parse(String text) throws Genesis.InvalidGenesisException {
    return Genesis.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theSameFileInAnotherLayoutHasTheSameHash() throws Exception {
    String compact = file("{\"block_time_ms\":1000,\"min_fee\":1}");
    String reordered = "{\n  \"params\": {\"min_fee\": 1, \"block_time_ms\": 1000},\n  \"allocations\": [{\"balance\": 1000, "
        + "\"address\": \"" + Keys.key(61).address() + "\"}],\n  \"authorities\": [" + AUTH_JSON + "],\n"
        + "  \"timestamp\": \"2024-01-01T00:00:00Z\", \"chain_id\": \"test\"\n}\n";
    assertEquals(parse(compact).hash(), parse(reordered).hash());
    assertNotEquals(parse(compact).hash(), parse(file("{\"block_time_ms\":1000,\"min_fee\":2}")).hash());
  }

  @Test
  void aBuiltGenesisReadsBackWithItsValues() throws Exception {
    Map<String, Long> alloc = new LinkedHashMap<>();
    alloc.put(Keys.key(61).address(), 5L);
    alloc.put(Keys.key(62).address(), 9_007_199_254_740_993L);
    Genesis g = TestChain.genesis("chain-x", AUTH, alloc);
    assertEquals("chain-x", g.chainId());
    assertEquals(alloc, g.allocations());
    assertEquals(List.of(new Genesis.Authority(AUTH.address(), AUTH.publicKey())), g.authorities());
    assertEquals(TestChain.GENESIS_TIME_MS, g.timestampMs());
    assertEquals(1, g.params().minFee());
    assertEquals(g.hash(), Genesis.parse(PyJson.compact(g.json()).getBytes(StandardCharsets.US_ASCII)).hash());
  }

  @Test
  void anAllocationMayCarryItsAccountsPublicKeyWhichMustMatchItsAddress() throws Exception {
    KeyPair k = Keys.key(61);
    String withKey = file("{}").replace("\"balance\":1000}", "\"balance\":1000,\"public_key\":\"" + k.publicKey().hex() + "\"}");
    Genesis g = parse(withKey);
    assertEquals(Map.of(k.address(), k.publicKey()), g.allocationKeys());
    assertNotEquals(parse(file("{}")).hash(), g.hash(), "the key is part of the genesis");
    assertEquals(Map.of(), parse(file("{}")).allocationKeys());
    String wrongKey = withKey.replace(k.publicKey().hex(), Keys.key(62).publicKey().hex());
    Genesis.InvalidGenesisException e = assertThrows(Genesis.InvalidGenesisException.class, () -> parse(wrongKey));
    assertTrue(e.getMessage().contains("does not match its public_key"), e.getMessage());
    Genesis built = Genesis.fromJson(Genesis.build("chain-x", 0, List.of(new Genesis.Authority(AUTH.address(), AUTH.publicKey())),
        Map.of(k.address(), 5L), Map.of(k.address(), k.publicKey()), 1000, 1));
    assertEquals(Map.of(k.address(), k.publicKey()), built.allocationKeys());
  }

  @ParameterizedTest
  @ValueSource(strings = {"max_payload_bytes", "max_block_txs", "max_block_bytes"})
  void anIntParameterOutsideTheIntRangeIsRefusedNotTruncated(String name) {
    // 2^32 + 2048 would wrap to 2048 in an int cast and pass every range check
    Genesis.InvalidGenesisException e = assertThrows(Genesis.InvalidGenesisException.class,
        () -> parse(file("{\"" + name + "\":4294969344}")));
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"block_time_ms\":1000.0}", "{\"min_fee\":-1}", "{\"block_time_ms\":5}", "{\"min_fee\":\"1\"}",
      "{\"max_payload_bytes\":8}", "{\"max_block_txs\":0}"})
  void badParametersAreRefusedWithAReason(String params) {
    Genesis.InvalidGenesisException e = assertThrows(Genesis.InvalidGenesisException.class, () -> parse(file(params)));
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
  }

  @Test
  void structuralMistakesAreRefusedWithTheRuleBroken() {
    String other = Keys.key(62).address();
    Map<String, String> cases = Map.of(
        "[1]", "genesis must be a JSON object",
        "{\"chain_id\":\"\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"authorities\":[],\"allocations\":[]}", "chain_id",
        "{\"chain_id\":\"c\",\"timestamp\":\"2024-01-01 00:00\",\"authorities\":[],\"allocations\":[]}", "timestamp",
        "{\"chain_id\":\"c\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"authorities\":[],\"allocations\":[]}", "at least one authority",
        "{\"chain_id\":\"c\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"authorities\":[{\"address\":\"" + other
            + "\",\"public_key\":\"" + AUTH.publicKey().hex() + "\"}],\"allocations\":[]}", "does not match",
        "{\"chain_id\":\"c\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"authorities\":[" + AUTH_JSON + "],\"allocations\":["
            + "{\"address\":\"" + other + "\",\"balance\":1},{\"address\":\"" + other + "\",\"balance\":2}]}", "allocated twice",
        "{\"chain_id\":\"c\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"authorities\":[" + AUTH_JSON + "],\"allocations\":["
            + "{\"address\":\"" + other + "\",\"balance\":9223372036854775807}]}", "below 2^63-1",
        "{\"chain_id\":\"c\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"authorities\":[" + AUTH_JSON + "],\"allocations\":["
            + "{\"address\":\"" + other + "\",\"balance\":-5}]}", "balance",
        "{\"chain_id\":", "not valid JSON");
    cases.forEach((text, words) -> {
      Genesis.InvalidGenesisException e = assertThrows(Genesis.InvalidGenesisException.class, () -> parse(text), text);
      assertTrue(e.getMessage().contains(words), () -> "'" + e.getMessage() + "' should say " + words);
    });
  }
}
