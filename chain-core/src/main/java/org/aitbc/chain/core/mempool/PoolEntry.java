package org.aitbc.chain.core.mempool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.aitbc.chain.core.tx.Transaction;

/** A pending transaction and its bookkeeping. Only {@link #tail} changes, and only outside the eviction set. */
final class PoolEntry {
  /** Block selection: highest fee first, then earliest arrival. */
  static final Comparator<PoolEntry> SELECTION_ORDER = (a, b) -> {
    int c = Long.compare(b.fee, a.fee);
    return c != 0 ? c : Long.compare(a.seq, b.seq);
  };

  /** Eviction: lowest fee first; among equal fees a sender's highest nonce first, then the latest arrival. */
  static final Comparator<PoolEntry> EVICTION_ORDER = (a, b) -> {
    int c = Long.compare(a.fee, b.fee);
    if (c != 0) return c;
    if (a.tail != b.tail) return a.tail ? -1 : 1;
    return Long.compare(b.seq, a.seq);
  };

  final Transaction tx;
  final long fee;
  final long seq;
  final long arrivalMillis;
  final int size; // encoded, for block limits
  final long heap; // held on the heap, for the pool's limit
  boolean tail; // the highest nonce of its sender, or unordered (nothing waits for it)

  PoolEntry(Transaction tx, long seq, long arrivalMillis) {
    this.tx = tx;
    this.fee = tx.fee();
    this.seq = seq;
    this.arrivalMillis = arrivalMillis;
    this.size = tx.encodedSize();
    this.heap = heapBytes(tx);
  }

  /** The pool's bookkeeping per entry: this object and its nodes in the pool's maps and sets. */
  static final int BOOKKEEPING_BYTES = 256;

  /** The heap one pending transaction holds, counted against the pool's byte limit. */
  static long heapBytes(Transaction tx) {
    return tx.heapBytes() + BOOKKEEPING_BYTES;
  }

  /**
   * The cheapest transactions, all paying strictly less fee than {@code tx}, whose removal frees at least
   * {@code count} places and {@code bytes} bytes, taken from {@code byFee} (in {@link #EVICTION_ORDER}):
   * other senders' first, {@code tx}'s sender's own only when those are not enough. Null when that is
   * impossible.
   */
  static List<PoolEntry> cheapestVictims(Iterable<PoolEntry> byFee, Transaction tx, PoolEntry replaced,
      long count, long bytes) {
    List<PoolEntry> victims = new ArrayList<>();
    List<PoolEntry> own = new ArrayList<>();
    long freedCount = 0;
    long freedBytes = 0;
    for (PoolEntry e : byFee) {
      if (e.fee >= tx.fee()) break;
      if (e == replaced) continue;
      if (e.tx.from().equals(tx.from())) {
        own.add(e);
        continue;
      }
      victims.add(e);
      freedCount++;
      freedBytes += e.heap;
      if (freedCount >= count && freedBytes >= bytes) return victims;
    }
    for (PoolEntry e : own) {
      victims.add(e);
      freedCount++;
      freedBytes += e.heap;
      if (freedCount >= count && freedBytes >= bytes) return victims;
    }
    return null;
  }
}
