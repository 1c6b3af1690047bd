package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.aitbc.chain.consensus.ImportResult;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client told "accepted" can always learn what became of its transaction: a lower nonce accepted while a
 * higher one of the same sender was already in a block on its way is answered {@code dropped} with the
 * reason, not 404 (issue 13, defect 5: two client threads with millisecond nonces).
 */
class TransactionFateOverHttpTest {
  @TempDir Path dir;
  Genesis genesis = Chains.genesis(3);
  KeyPair alice = TestKeys.key(1);
  RpcHarness node;
  RpcHarness sealer;

  @BeforeEach
  void start() throws Exception {
    node = new RpcHarness(dir.resolve("node"), genesis, null, MempoolConfig.DEFAULTS, 0);
    sealer = new RpcHarness(dir.resolve("sealer"), genesis, Chains.authority(), MempoolConfig.DEFAULTS, 0);
  }

  @AfterEach
  void stop() {
    node.close();
    sealer.close();
  }

  String post(RpcHarness to, long nonce) throws Exception {
    var tx = Txs.transfer(alice, Chains.CHAIN_ID).nonce(nonce).to(TestKeys.key(2).address()).amount(1);
    var a = to.post("/rpc/transaction", tx.jsonText());
    assertEquals(200, a.status(), a.raw().body());
    return a.str("transaction_hash");
  }

  @Test
  void aLowerNonceOvertakenByAHigherOneInABlockIsDroppedWithTheReason() throws Exception {
    String high = post(sealer, 2_000);
    Block block = sealer.seal();
    String low = post(node, 1_999); // accepted: the node has not seen the block with 2000 yet
    assertEquals("pending", node.get("/rpc/transaction/" + low).str("status"));

    ImportResult r = node.engine.onEngineThread(() -> node.engine.importBlockNow(block, false));
    assertTrue(r.isImported(), r.toString());

    assertEquals("included", node.get("/rpc/transaction/" + high).str("status"));
    var fate = node.get("/rpc/transaction/" + low);
    assertEquals(200, fate.status(), fate.raw().body());
    assertEquals("dropped", fate.str("status"));
    assertEquals("NONCE_TOO_LOW", fate.str("reason"));
    assertTrue(fate.str("detail").contains("2000"), fate.str("detail"));
    assertEquals(low, fate.str("tx_hash"));
    assertEquals(alice.address(), fate.str("from"));
    assertTrue(fate.str("dropped_at").endsWith("Z"));
  }
}
