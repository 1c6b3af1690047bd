package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.SmallDisk;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.Test;

/**
 * A node whose disk is full (a real tmpfs filled to the last kilobytes): it refuses new transactions with
 * 503 STORAGE_UNAVAILABLE instead of answering "accepted", still serves reads, says "degraded" in /health,
 * and takes transactions again by itself once space returns.
 */
class DiskFullAdmissionTest {
  KeyPair alice = TestKeys.key(1);
  KeyPair bob = TestKeys.key(2);
  long nonce;

  String tx() {
    return Txs.transfer(alice, Chains.CHAIN_ID).to(bob.address()).nonce(++nonce).payload("0x" + "ab".repeat(30_000)).jsonText();
  }

  @Test
  void whileTheDiskIsFullSubmissionsAreRefusedWith503ReadsAreServedAndHealthIsDegradedUntilSpaceReturns() throws Exception {
    try (SmallDisk disk = new SmallDisk(64);
        RpcHarness node = new RpcHarness(disk.dir().resolve("chain"), Chains.genesis(3), Chains.authority(), MempoolConfig.DEFAULTS, 0)) {
      disk.fill(600 << 10);
      RuntimeException failure = null;
      for (int block = 0; block < 200 && failure == null; block++) {
        for (int i = 0; i < 10; i++) assertEquals(200, node.post("/rpc/transaction", tx()).status());
        failure = sealOrFailure(node);
      }
      assertTrue(failure != null && String.valueOf(failure.getMessage()).contains("No space left on device"), "the disk never filled: " + failure);

      var refused = node.post("/rpc/transaction", tx());
      assertEquals(503, refused.status(), refused.raw().body());
      assertEquals("STORAGE_UNAVAILABLE", refused.code());
      assertTrue(refused.raw().headers().firstValue("Retry-After").isPresent());
      var batch = node.post("/rpc/transactions", "[" + tx() + "]");
      assertEquals(503, batch.status(), batch.raw().body());
      assertEquals("STORAGE_UNAVAILABLE", batch.code());
      var health = node.get("/health");
      assertEquals("degraded", health.str("status"));
      assertEquals("STORAGE_UNAVAILABLE", health.str("degraded_reason"));
      assertTrue(health.str("degraded_detail").contains("No space left on device"), health.raw().body());
      assertEquals(200, node.get("/rpc/head").status());
      assertEquals(200, node.get("/rpc/accounts/" + alice.address()).status());

      disk.free();
      Await.until("the node to find its disk writable again", Duration.ofSeconds(60),
          () -> uncheck(() -> node.get("/health").str("status")).equals("ok"));
      nonce -= 2; // the two refused ones never entered the pool
      assertEquals(200, node.post("/rpc/transaction", tx()).status());
      long before = node.store.head().height();
      node.seal();
      assertEquals(before + 1, node.store.head().height());
    }
  }

  private static RuntimeException sealOrFailure(RpcHarness node) {
    try {
      node.seal();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static <T> T uncheck(java.util.concurrent.Callable<T> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
