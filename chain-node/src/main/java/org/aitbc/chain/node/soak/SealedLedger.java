package org.aitbc.chain.node.soak;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.wallet.RpcClient;
import org.aitbc.chain.wallet.RpcException;

/**
 * What the soak's client has seen sealed, read from outside over HTTP: every block of the authority from
 * height 1 as it appears (its hash) and every transaction in it (its height). A block is only seen once the
 * node serves it, that is once it is committed; after a kill -9 each of these must still be there, at the
 * same height in a block with the same hash, on the authority and on the follower. Thread-safe: one thread
 * {@link #follow}s, others check.
 */
final class SealedLedger {
  private final Map<Long, String> blockHashes = new ConcurrentHashMap<>();
  private final Map<String, Long> txHeights = new ConcurrentHashMap<>();
  /** Transactions seen sealed and not yet checked one by one after a kill. */
  private final ConcurrentLinkedQueue<String> unchecked = new ConcurrentLinkedQueue<>();
  private volatile long top;

  /** Reads the blocks {@code source} has above the last one read; returns how many. */
  int follow(RpcClient source) throws RpcException {
    long head = number(source.head(), "height");
    int read = 0;
    while (top < head) {
      long h = top + 1;
      Optional<JsonObject> b = source.block(h);
      if (b.isEmpty()) break;
      for (JsonValue t : ((JsonValue.JsonArray) b.get().get("transactions").orElseThrow()).elements()) {
        String hash = text((JsonObject) t, "tx_hash");
        txHeights.put(hash, h);
        unchecked.add(hash);
      }
      blockHashes.put(h, text(b.get(), "hash"));
      top = h;
      read++;
    }
    return read;
  }

  /** The highest block seen sealed (0 before any). */
  long top() {
    return top;
  }

  long sealedTxs() {
    return txHeights.size();
  }

  List<String> allTxs() {
    return new ArrayList<>(txHeights.keySet());
  }

  long heightOf(String tx) {
    return txHeights.get(tx);
  }

  /** Takes the transactions seen sealed since the last call. */
  List<String> drainUnchecked() {
    List<String> out = new ArrayList<>();
    for (String h = unchecked.poll(); h != null; h = unchecked.poll()) out.add(h);
    return out;
  }

  /**
   * Asks {@code node} for each of {@code txs} (/rpc/transaction/{hash}, four at a time); returns one line per
   * transaction that is not included at the height it was seen sealed at.
   */
  List<String> missing(String nodeName, RpcClient node, Collection<String> txs) throws InterruptedException {
    ForkJoinPool pool = new ForkJoinPool(4);
    try {
      return pool.submit(() -> txs.parallelStream().map(h -> missing(nodeName, node, h)).flatMap(Optional::stream).toList()).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  private Optional<String> missing(String nodeName, RpcClient node, String tx) {
    long expected = txHeights.get(tx);
    try {
      Optional<RpcClient.TxStatus> s = node.transaction(tx);
      if (s.isEmpty()) return Optional.of(tx + " sealed at " + expected + ": unknown to the " + nodeName);
      if (!s.get().included()) return Optional.of(tx + " sealed at " + expected + ": " + s.get().status() + " on the " + nodeName);
      if (s.get().blockHeight() != expected) {
        return Optional.of(tx + " sealed at " + expected + ": at height " + s.get().blockHeight() + " on the " + nodeName);
      }
      return Optional.empty();
    } catch (RpcException e) {
      return Optional.of(tx + " sealed at " + expected + ": the " + nodeName + " did not answer (" + e.getMessage() + ")");
    }
  }

  /** The hashes of blocks {@code from..to} of {@code node} (headers only, 100 per request). */
  static Map<Long, String> blockHashes(RpcClient node, long from, long to) throws RpcException {
    Map<Long, String> out = new LinkedHashMap<>();
    for (long start = from; start <= to; start += 100) {
      JsonObject r = node.blocksRange(start, Math.min(to, start + 99), false);
      for (JsonValue v : ((JsonValue.JsonArray) r.get("blocks").orElseThrow()).elements()) {
        JsonObject b = (JsonObject) v;
        out.put(number(b, "height"), text(b, "hash"));
      }
    }
    return out;
  }

  /** Heights up to {@code to} where {@code hashes} (a node's blocks) lack or differ from the block seen sealed. */
  List<Long> changedBlocks(Map<Long, String> hashes, long to) {
    List<Long> out = new ArrayList<>();
    for (long h = 1; h <= Math.min(to, top); h++) {
      String seen = blockHashes.get(h);
      if (seen != null && !seen.equals(hashes.get(h))) out.add(h);
    }
    return out;
  }

  static long number(JsonObject o, String key) {
    return ((JsonValue.JsonNumber) o.get(key).orElseThrow()).longValueExact().orElseThrow();
  }

  static String text(JsonObject o, String key) {
    return ((JsonValue.JsonString) o.get(key).orElseThrow()).value();
  }
}
