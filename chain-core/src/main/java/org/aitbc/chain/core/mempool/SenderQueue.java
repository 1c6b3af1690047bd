package org.aitbc.chain.core.mempool;

import java.util.LinkedHashMap;
import java.util.TreeMap;
import org.aitbc.chain.core.util.Bytes;

/** One sender's pending transactions: ordered ones by nonce, unordered ones by hash, and their summed cost. */
final class SenderQueue {
  final TreeMap<Long, PoolEntry> byNonce = new TreeMap<>(); // ordered (nonce >= 1)
  final LinkedHashMap<Bytes, PoolEntry> unordered = new LinkedHashMap<>(); // nonce 0, arrival order
  long pendingCost; // sum of cost(); never above the balance it was checked against, so no overflow

  int count() {
    return byNonce.size() + unordered.size();
  }

  /** The one to drop first when the sender's balance no longer covers its pending spends. */
  PoolEntry newest() {
    if (!byNonce.isEmpty()) return byNonce.lastEntry().getValue();
    PoolEntry last = null;
    for (PoolEntry e : unordered.values()) last = e;
    return last;
  }
}
