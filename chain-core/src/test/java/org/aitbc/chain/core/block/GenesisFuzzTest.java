package org.aitbc.chain.core.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.aitbc.chain.core.json.PyJson;

/** Coverage-guided fuzzing of genesis files (contract §3), which an operator copies from others. */
class GenesisFuzzTest {
  /**
   * Any file is a genesis or an {@link Genesis.InvalidGenesisException} (nothing else is thrown); a genesis
   * written canonically reads back as the same genesis, with the same hash.
   */
  @FuzzTest
  void genesisFile(byte[] file) throws Genesis.InvalidGenesisException {
    Genesis g;
    try {
      g = Genesis.parse(file);
    } catch (Genesis.InvalidGenesisException e) {
      return;
    }
    Genesis again = Genesis.parse(PyJson.dumpsUtf8(g.json()));
    assertEquals(g.hash(), again.hash());
    assertEquals(g.chainId(), again.chainId());
    assertEquals(g.timestampMs(), again.timestampMs());
    assertEquals(g.authorities(), again.authorities());
    assertEquals(g.allocations(), again.allocations());
    assertEquals(g.allocationKeys(), again.allocationKeys());
    assertEquals(g.params(), again.params());
  }
}
