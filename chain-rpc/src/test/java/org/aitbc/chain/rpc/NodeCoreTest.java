package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCoreTest {
  @TempDir Path dir;
  final Genesis genesis = Chains.genesis(2);

  @Test
  void anAuthorityKeyThatIsNotAnAuthorityOfTheGenesisIsRefusedBeforeAnythingOpens() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeCore.builder(dir.resolve("chain"), genesis).authority(TestKeys.key(5)));
    assertEquals(TestKeys.key(5).address() + " is not an authority of chain " + Chains.CHAIN_ID, e.getMessage());
    assertTrue(Files.notExists(dir.resolve("chain")), "no store was created");
  }

  @Test
  void sizesOutOfRangeAreRefused() {
    NodeCore.Builder b = NodeCore.builder(dir.resolve("chain"), genesis);
    assertThrows(IllegalArgumentException.class, () -> b.verifierSlots(100));
    assertThrows(IllegalArgumentException.class, () -> b.verifyThreads(0));
    assertThrows(IllegalArgumentException.class, () -> b.submitRate(-1, 1));
  }

  @Test
  void aCoreSealsWhatItsApiAcceptedAndClosesSoThatTheSameStoreOpensAgain() {
    try (NodeCore core = NodeCore.builder(dir.resolve("chain"), genesis).authority(Chains.authority()).build()) {
      ApiResponse r = core.api.submit(Txs.transfer(TestKeys.key(1), Chains.CHAIN_ID).to(TestKeys.key(2).address()).nonce(1).build());
      assertEquals(200, r.status(), r.body());
      assertTrue(core.engine.onEngineThread(core.engine::sealNow).isPresent());
      assertEquals(1, core.store.head().height());
    }
    try (NodeCore again = NodeCore.builder(dir.resolve("chain"), genesis).build()) {
      assertEquals(1, again.store.head().height(), "the block survived the close");
    }
  }
}
