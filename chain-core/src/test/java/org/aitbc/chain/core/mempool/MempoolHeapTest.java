package org.aitbc.chain.core.mempool;

import static org.aitbc.chain.core.mempool.TestTxs.PARAMS;
import static org.aitbc.chain.core.mempool.TestTxs.key;
import static org.aitbc.chain.core.mempool.TestTxs.transfer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.mempool.AddResult.Status;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Transaction;
import org.junit.jupiter.api.Test;

/**
 * The byte limit bounds the heap the pending transactions hold, whatever their payload: a node that is not
 * sealing and is flooded with big payloads answers MEMPOOL_FULL before the heap runs out (issue 13, defect
 * 2: 256 MiB of encoded transactions held over 768 MiB of heap).
 */
class MempoolHeapTest {
  static final long LIMIT = 24L << 20;
  static final KeyPair SENDER = key(7);

  final MapState state = new MapState().balance(SENDER.address(), 1_000_000_000);

  @Test
  void aPoolFullOfBigStringPayloadsHoldsNoMoreHeapThanItsLimit() {
    String text = "m".repeat(60_000);
    assertHeldHeapWithinLimit(nonce -> transfer(SENDER, nonce, JsonValue.str(text + nonce)));
  }

  @Test
  void aPoolFullOfArrayPayloadsHoldsNoMoreHeapThanItsLimit() {
    // Many tiny members: as a parsed tree such a payload takes several times its text.
    assertHeldHeapWithinLimit(nonce -> {
      List<JsonValue> items = new ArrayList<>();
      for (int i = 0; i < 12_000; i++) items.add(JsonValue.num(i % 10));
      items.add(JsonValue.num(nonce));
      return transfer(SENDER, nonce, new JsonValue.JsonArray(items));
    });
  }

  @Test
  void theByteLimitIsLoweredToAThirdOfTheHeapWhenTheConfiguredOneCannotFit() {
    MempoolConfig big = new MempoolConfig(1000, 1L << 30, 100, 60_000);
    assertEquals(256L << 20, big.fitToHeap(768L << 20).maxBytes());
    assertEquals(big, big.fitToHeap(4L << 30));
    assertEquals(1000, big.fitToHeap(768L << 20).maxTxs());
  }

  private void assertHeldHeapWithinLimit(LongFunction<Transaction> tx) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Mempool pool = new Mempool(new MempoolConfig(200_000, LIMIT, 10_000, 3_600_000), PARAMS,
        new SignatureVerifier(16), () -> 1_000_000);
    long before = heapAfterGc(memory);
    AddResult last = null;
    long nonce = 1;
    for (; nonce < 100_000; nonce++) {
      last = pool.add(tx.apply(nonce), state);
      if (last.status() != Status.ACCEPTED) break;
    }
    assertEquals(Status.REFUSED, last.status(), "the pool never refused");
    assertEquals(Reason.MEMPOOL_FULL, last.refusal().reason(), last.toString());
    long held = heapAfterGc(memory) - before;
    Reference.reachabilityFence(pool);
    assertTrue(pool.size() > 10, "the pool holds " + pool.size() + " transactions");
    assertTrue(held <= LIMIT + LIMIT / 4, "the pool of " + pool.size() + " transactions ("
        + (nonce - 1) + " accepted) holds " + (held >> 20) + " MiB of heap for a limit of " + (LIMIT >> 20) + " MiB");
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
