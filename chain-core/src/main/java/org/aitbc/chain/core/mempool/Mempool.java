package org.aitbc.chain.core.mempool;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.AccountView;
import org.aitbc.chain.core.state.BlockExecutor;
import org.aitbc.chain.core.state.IncludedTxs;
import org.aitbc.chain.core.tx.ChainParams;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Refusal;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxRules;
import org.aitbc.chain.core.util.Bytes;

/**
 * The pool of valid transactions waiting for a block.
 *
 * <p>Nonces need not be consecutive: a nonce is valid when it is greater than the sender's highest
 * included nonce, so every pending transaction is executable and a sender's transactions are included
 * in nonce order. Unordered transactions (nonce 0) are valid once, by hash: each is executable on its
 * own, in any order with the sender's ordered ones, and one already in the chain is not taken. A sender's
 * pending transactions, ordered and unordered, never spend more than its balance in the head state.
 *
 * <p>Structure (all guarded by one lock): transactions by hash in arrival order (expiry sweeps from the
 * oldest); per sender a map of ordered ones by nonce, its unordered ones by hash, and the sum of pending
 * costs; the executable heads (each sender's lowest ordered nonce and every unordered transaction)
 * ordered by (fee desc, arrival asc) for block selection; and every transaction ordered by (fee asc,
 * sender's highest nonce or unordered first, latest arrival first) for eviction. {@link #add} checks the
 * signature, the expensive part, before it takes the lock.
 *
 * <p>Threads: {@link #add}, {@link #get}, {@link #contains}, {@link #size} and friends from any thread;
 * {@link #selectForBlock} and {@link #onBlockCommitted} are meant for the one engine thread but are
 * safe from any.
 */
public final class Mempool {
  /** How many dropped transactions' fates {@link #dropped} remembers (the latest; about 300 bytes each). */
  public static final int DROPPED_REMEMBERED = 32_768;

  private final MempoolConfig config;
  private final ChainParams params;
  private final SignatureVerifier verifier;
  private final LongSupplier clockMillis;

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock:
  private final LinkedHashMap<Bytes, PoolEntry> byHash = new LinkedHashMap<>(); // arrival order
  private final HashMap<String, SenderQueue> senders = new HashMap<>();
  private final TreeSet<PoolEntry> heads = new TreeSet<>(PoolEntry.SELECTION_ORDER); // lowest ordered nonces, all unordered
  private final TreeSet<PoolEntry> byFee = new TreeSet<>(PoolEntry.EVICTION_ORDER);
  private long totalBytes;
  private long nextSeq;
  private final LinkedHashMap<Bytes, DroppedTx> dropped = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Bytes, DroppedTx> eldest) {
      return size() > DROPPED_REMEMBERED;
    }
  };

  public Mempool(MempoolConfig config, ChainParams params, SignatureVerifier verifier, LongSupplier clockMillis) {
    if (config == null || params == null || verifier == null || clockMillis == null) {
      throw new NullPointerException("config, params, verifier and clock are required");
    }
    this.config = config;
    this.params = params;
    this.verifier = verifier;
    this.clockMillis = clockMillis;
  }

  /**
   * Thread-safe. Full validation: {@link TxRules#checkStateless}, {@link TxRules#checkSignature} (against
   * {@code headState}'s sender account), then nonce and funds with the sender's pending spends counted
   * ({@link TxRules#checkState}; an unordered transaction is checked against {@code headState}'s included
   * transactions, {@link IncludedTxs#of}).
   * {@code headState} is read again under the lock for nonce and funds, so a view that follows the head
   * (updated before {@link #onBlockCommitted} is called) never admits a transaction made stale by a
   * concurrent commit.
   */
  public AddResult add(Transaction tx, AccountView headState) {
    PoolEntry pending;
    lock.lock();
    try {
      expire(clockMillis.getAsLong(), null);
      pending = byHash.get(tx.hash());
    } finally {
      lock.unlock();
    }
    if (pending != null && pending.tx.equals(tx)) return AddResult.known();

    Refusal r = TxRules.checkStateless(tx, params);
    if (r != null) return AddResult.refused(r);
    r = TxRules.checkSignature(tx, headState.account(tx.from()), verifier);
    if (r != null) return AddResult.refused(r);

    lock.lock();
    try {
      long now = clockMillis.getAsLong();
      expire(now, null);
      if (byHash.containsKey(tx.hash())) return AddResult.known();
      return insert(tx, headState, now);
    } finally {
      lock.unlock();
    }
  }

  private AddResult insert(Transaction tx, AccountView headState, long now) {
    SenderQueue s = senders.get(tx.from());
    PoolEntry old = s == null || tx.isUnordered() ? null : s.byNonce.get(tx.nonce());
    if (old != null) {
      BigInteger required = replacementFee(old.fee);
      if (BigInteger.valueOf(tx.fee()).compareTo(required) < 0) {
        return AddResult.refused(Refusal.of(Reason.FEE_TOO_LOW, "a transaction from " + tx.from() + " with nonce "
            + tx.nonce() + " is pending with fee " + old.fee + "; a replacement needs a fee of at least " + required));
      }
    }
    long pendingSpend = s == null ? 0 : s.pendingCost - (old == null ? 0 : old.tx.cost());
    Refusal r = TxRules.checkState(tx, headState.account(tx.from()), pendingSpend, IncludedTxs.of(headState));
    if (r != null) return AddResult.refused(r);

    int senderCount = (s == null ? 0 : s.count()) - (old == null ? 0 : 1);
    if (senderCount >= config.maxPerSender()) {
      return AddResult.refused(Refusal.of(Reason.MEMPOOL_FULL, "sender " + tx.from() + " already has " + senderCount
          + " pending transactions; the per-sender limit is " + config.maxPerSender()));
    }
    long size = PoolEntry.heapBytes(tx);
    if (size > config.maxBytes()) {
      return AddResult.refused(Refusal.of(Reason.MEMPOOL_FULL, "the transaction takes " + size
          + " bytes of memory; the mempool holds at most " + config.maxBytes() + " bytes"));
    }
    long excessCount = (long) byHash.size() - (old == null ? 0 : 1) + 1 - config.maxTxs();
    long excessBytes = totalBytes - (old == null ? 0 : old.heap) + size - config.maxBytes();
    if (excessCount > 0 || excessBytes > 0) {
      List<PoolEntry> victims = PoolEntry.cheapestVictims(byFee, tx, old, excessCount, excessBytes);
      if (victims == null) {
        return AddResult.refused(Refusal.of(Reason.MEMPOOL_FULL, "the mempool is full (" + byHash.size()
            + " transactions, " + totalBytes + " bytes) and holds nothing cheaper than fee " + tx.fee()
            + " to make room; retry later or pay a higher fee"));
      }
      for (PoolEntry v : victims) {
        drop(v, "EVICTED", "evicted from the full mempool by " + tx.hashHex() + ", which pays fee " + tx.fee(), now);
      }
    }
    if (old != null) {
      drop(old, "REPLACED", "replaced by " + tx.hashHex() + " (same sender and nonce, fee " + tx.fee() + ")", now);
    }
    dropped.remove(tx.hash());
    put(new PoolEntry(tx, nextSeq++, now));
    return old == null ? AddResult.accepted() : AddResult.replaced(old.tx);
  }

  /** The smallest fee that is at least 110% of {@code oldFee}: oldFee + ceil(oldFee / 10), exactly. */
  static BigInteger replacementFee(long oldFee) {
    long tenth = oldFee / 10 + (oldFee % 10 == 0 ? 0 : 1);
    // Always strictly more: with min_fee 0, a free replacement would let a sender churn the pool at no cost.
    return BigInteger.valueOf(oldFee).add(BigInteger.valueOf(Math.max(1, tenth)));
  }

  private void put(PoolEntry e) {
    SenderQueue s = senders.computeIfAbsent(e.tx.from(), k -> new SenderQueue());
    s.pendingCost += e.tx.cost();
    if (e.tx.isUnordered()) {
      s.unordered.put(e.tx.hash(), e);
      heads.add(e);
      e.tail = true;
    } else {
      Map.Entry<Long, PoolEntry> first = s.byNonce.firstEntry();
      Map.Entry<Long, PoolEntry> last = s.byNonce.lastEntry();
      long nonce = e.tx.nonce();
      s.byNonce.put(nonce, e);
      if (first == null || nonce < first.getKey()) {
        if (first != null) heads.remove(first.getValue());
        heads.add(e);
      }
      if (last == null || nonce > last.getKey()) {
        if (last != null) setTail(last.getValue(), false);
        e.tail = true;
      }
    }
    byFee.add(e);
    byHash.put(e.tx.hash(), e);
    totalBytes += e.heap;
  }

  private void remove(PoolEntry e) {
    SenderQueue s = senders.get(e.tx.from());
    byHash.remove(e.tx.hash());
    byFee.remove(e);
    totalBytes -= e.heap;
    s.pendingCost -= e.tx.cost();
    if (e.tx.isUnordered()) {
      s.unordered.remove(e.tx.hash());
      heads.remove(e);
    } else {
      boolean wasHead = s.byNonce.firstEntry().getValue() == e;
      s.byNonce.remove(e.tx.nonce());
      if (wasHead) {
        heads.remove(e);
        if (!s.byNonce.isEmpty()) heads.add(s.byNonce.firstEntry().getValue());
      }
      if (e.tail && !s.byNonce.isEmpty()) setTail(s.byNonce.lastEntry().getValue(), true);
    }
    if (s.count() == 0) senders.remove(e.tx.from());
  }

  /** Removes {@code e} and remembers why, for {@link #dropped}. */
  private void drop(PoolEntry e, String code, String detail, long now) {
    remove(e);
    dropped.put(e.tx.hash(), new DroppedTx(e.tx.hash(), e.tx.from(), e.tx.nonce(), code, detail, now));
  }

  private void setTail(PoolEntry e, boolean tail) {
    byFee.remove(e);
    e.tail = tail;
    byFee.add(e);
  }

  /** Drops what arrived more than expiryMs before {@code now}, oldest first. */
  private void expire(long now, List<Transaction> sink) {
    long cutoff = now - config.expiryMs();
    while (!byHash.isEmpty()) {
      PoolEntry oldest = byHash.values().iterator().next();
      if (oldest.arrivalMillis >= cutoff) return;
      drop(oldest, "EXPIRED", "waited more than " + config.expiryMs() / 1000 + " s without being included", now);
      if (sink != null) sink.add(oldest.tx);
    }
  }

  /**
   * Executable transactions for a block: per sender in nonce order (its unordered ones whenever their
   * turn comes); across senders by fee (highest first), then arrival order (earliest first). Stops at {@code maxTxs} or when the next transaction
   * would pass {@code maxBytes} ({@link Transaction#encodedSize()}). Removes nothing.
   */
  public List<Transaction> selectForBlock(int maxTxs, long maxBytes) {
    lock.lock();
    try {
      List<Transaction> out = new ArrayList<>(Math.max(0, Math.min(maxTxs, byHash.size())));
      PriorityQueue<PoolEntry> successors = new PriorityQueue<>(PoolEntry.SELECTION_ORDER);
      Iterator<PoolEntry> headIt = heads.iterator();
      PoolEntry head = headIt.hasNext() ? headIt.next() : null;
      long bytes = 0;
      while (out.size() < maxTxs) {
        PoolEntry next = successors.peek();
        boolean fromHeads;
        if (head == null && next == null) break;
        fromHeads = next == null || (head != null && PoolEntry.SELECTION_ORDER.compare(head, next) < 0);
        PoolEntry pick = fromHeads ? head : next;
        if (bytes + pick.size > maxBytes) break;
        if (fromHeads) {
          head = headIt.hasNext() ? headIt.next() : null;
        } else {
          successors.poll();
        }
        out.add(pick.tx);
        bytes += pick.size;
        if (pick.tx.isUnordered()) continue; // nothing waits for it
        Map.Entry<Long, PoolEntry> after = senders.get(pick.tx.from()).byNonce.higherEntry(pick.tx.nonce());
        if (after != null) successors.add(after.getValue());
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /**
   * After a block: drops the included transactions, then re-checks every remaining transaction of the
   * affected senders (the senders of {@code included}) against {@code newHeadState}: a nonce at or below
   * the included nonce is dropped; pending spends beyond the balance are dropped from the highest nonce
   * down, then the newest unordered ones. Then drops transactions older than expiryMs. Returns the dropped (not included) transactions.
   */
  public List<Transaction> onBlockCommitted(List<Transaction> included, AccountView newHeadState) {
    long now = clockMillis.getAsLong();
    lock.lock();
    try {
      List<Transaction> out = new ArrayList<>();
      Set<String> affected = new LinkedHashSet<>();
      for (Transaction tx : included) {
        affected.add(tx.from());
        PoolEntry e = byHash.get(tx.hash());
        if (e != null) remove(e);
      }
      for (String address : affected) {
        SenderQueue s = senders.get(address);
        if (s == null) continue;
        Account account = newHeadState.account(address);
        while (!s.byNonce.isEmpty() && account.hasNonce() && s.byNonce.firstKey() <= account.nonce()) {
          PoolEntry e = s.byNonce.firstEntry().getValue();
          drop(e, "NONCE_TOO_LOW", "nonce " + e.tx.nonce() + " is not above " + address + "'s included nonce "
              + account.nonce() + ": a higher nonce was included first; sign it again with a higher nonce", now);
          out.add(e.tx);
        }
        while (s.count() > 0 && s.pendingCost > account.balance()) {
          PoolEntry e = s.newest();
          drop(e, "INSUFFICIENT_FUNDS", "after the last block " + address + " holds " + account.balance()
              + ", less than its pending spends", now);
          out.add(e.tx);
        }
      }
      expire(now, out);
      return out;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes transactions that a block could not include (the engine found them invalid against the state
   * they met) and remembers why, for {@link #dropped}.
   */
  public void dropInvalid(List<BlockExecutor.Rejected> rejected) {
    long now = clockMillis.getAsLong();
    lock.lock();
    try {
      for (BlockExecutor.Rejected r : rejected) {
        PoolEntry e = byHash.get(r.tx().hash());
        if (e != null) {
          drop(e, r.refusal().reason().name(), "left out of a block: " + r.refusal().detail(), now);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The fate of a transaction that was in the pool and left it without being included (one of the latest
   * {@link #DROPPED_REMEMBERED}); empty for one still pending, included, forgotten or never seen.
   */
  public Optional<DroppedTx> dropped(Bytes txHash) {
    lock.lock();
    try {
      return Optional.ofNullable(dropped.get(txHash));
    } finally {
      lock.unlock();
    }
  }

  public Optional<Transaction> get(Bytes txHash) {
    lock.lock();
    try {
      PoolEntry e = byHash.get(txHash);
      return e == null ? Optional.empty() : Optional.of(e.tx);
    } finally {
      lock.unlock();
    }
  }

  public boolean contains(Bytes txHash) {
    lock.lock();
    try {
      return byHash.containsKey(txHash);
    } finally {
      lock.unlock();
    }
  }

  /** Number of pending transactions. */
  public int size() {
    lock.lock();
    try {
      return byHash.size();
    } finally {
      lock.unlock();
    }
  }

  /** The heap the pending transactions hold, as counted against the byte limit (see {@link MempoolConfig}). */
  public long bytes() {
    lock.lock();
    try {
      return totalBytes;
    } finally {
      lock.unlock();
    }
  }

  /** The byte limit in force ({@link MempoolConfig#maxBytes()}). */
  public long maxBytes() {
    return config.maxBytes();
  }

  /** True when a block could include something: every pending transaction is executable. */
  public boolean hasExecutable() {
    return size() > 0;
  }

  /** Up to {@code limit} pending transactions in block-selection order. */
  public List<Transaction> snapshot(int limit) {
    return selectForBlock(limit, Long.MAX_VALUE);
  }

  /**
   * Writes the pending transactions, oldest arrival first, one compact JSON per line, to a temporary
   * file beside {@code file} that is then moved over it (atomically where the file system allows).
   */
  public void saveTo(Path file) throws IOException {
    List<Transaction> txs;
    lock.lock();
    try {
      txs = new ArrayList<>(byHash.size());
      for (PoolEntry e : byHash.values()) txs.add(e.tx);
    } finally {
      lock.unlock();
    }
    MempoolFile.write(file, txs);
  }

  /**
   * Re-adds the transactions of a file written by {@link #saveTo} through {@link #add}, skipping lines
   * that do not parse or are refused. Returns how many were accepted (ACCEPTED or REPLACED); 0 when the
   * file does not exist.
   */
  public int loadFrom(Path file, AccountView headState) throws IOException {
    int[] accepted = {0};
    MempoolFile.read(file, params.maxPayloadBytes(), tx -> {
      AddResult.Status st = add(tx, headState).status();
      if (st == AddResult.Status.ACCEPTED || st == AddResult.Status.REPLACED) accepted[0]++;
    });
    return accepted[0];
  }
}
