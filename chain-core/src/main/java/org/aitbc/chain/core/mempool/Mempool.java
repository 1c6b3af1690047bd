package org.aitbc.chain.core.mempool;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.AccountView;
import org.aitbc.chain.core.state.IncludedTxs;
import org.aitbc.chain.core.tx.ChainParams;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Refusal;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;
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
  /** Block selection: highest fee first, then earliest arrival. */
  private static final Comparator<Entry> SELECTION_ORDER = (a, b) -> {
    int c = Long.compare(b.fee, a.fee);
    return c != 0 ? c : Long.compare(a.seq, b.seq);
  };

  /** Eviction: lowest fee first; among equal fees a sender's highest nonce first, then the latest arrival. */
  private static final Comparator<Entry> EVICTION_ORDER = (a, b) -> {
    int c = Long.compare(a.fee, b.fee);
    if (c != 0) return c;
    if (a.tail != b.tail) return a.tail ? -1 : 1;
    return Long.compare(b.seq, a.seq);
  };

  private final MempoolConfig config;
  private final ChainParams params;
  private final SignatureVerifier verifier;
  private final LongSupplier clockMillis;

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock:
  private final LinkedHashMap<Bytes, Entry> byHash = new LinkedHashMap<>(); // arrival order
  private final HashMap<String, Sender> senders = new HashMap<>();
  private final TreeSet<Entry> heads = new TreeSet<>(SELECTION_ORDER); // lowest ordered nonces, all unordered
  private final TreeSet<Entry> byFee = new TreeSet<>(EVICTION_ORDER);
  private long totalBytes;
  private long nextSeq;

  public Mempool(MempoolConfig config, ChainParams params, SignatureVerifier verifier, LongSupplier clockMillis) {
    if (config == null || params == null || verifier == null || clockMillis == null) {
      throw new NullPointerException("config, params, verifier and clock are required");
    }
    this.config = config;
    this.params = params;
    this.verifier = verifier;
    this.clockMillis = clockMillis;
  }

  /** A pending transaction and its bookkeeping. Only {@link #tail} changes, and only outside {@link #byFee}. */
  private static final class Entry {
    final Transaction tx;
    final long fee;
    final long seq;
    final long arrivalMillis;
    final int size;
    boolean tail; // the highest nonce of its sender, or unordered (nothing waits for it)

    Entry(Transaction tx, long seq, long arrivalMillis) {
      this.tx = tx;
      this.fee = tx.fee();
      this.seq = seq;
      this.arrivalMillis = arrivalMillis;
      this.size = tx.encodedSize();
    }
  }

  /** One sender's pending transactions. */
  private static final class Sender {
    final TreeMap<Long, Entry> byNonce = new TreeMap<>(); // ordered (nonce >= 1)
    final LinkedHashMap<Bytes, Entry> unordered = new LinkedHashMap<>(); // nonce 0, arrival order
    long pendingCost; // sum of cost(); never above the balance it was checked against, so no overflow

    int count() {
      return byNonce.size() + unordered.size();
    }

    /** The one to drop first when the sender's balance no longer covers its pending spends. */
    Entry newest() {
      if (!byNonce.isEmpty()) return byNonce.lastEntry().getValue();
      Entry last = null;
      for (Entry e : unordered.values()) last = e;
      return last;
    }
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
    Entry pending;
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
    Sender s = senders.get(tx.from());
    Entry old = s == null || tx.isUnordered() ? null : s.byNonce.get(tx.nonce());
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
    int size = tx.encodedSize();
    if (size > config.maxBytes()) {
      return AddResult.refused(Refusal.of(Reason.MEMPOOL_FULL,
          "the transaction is " + size + " bytes; the mempool holds at most " + config.maxBytes() + " bytes"));
    }
    long excessCount = (long) byHash.size() - (old == null ? 0 : 1) + 1 - config.maxTxs();
    long excessBytes = totalBytes - (old == null ? 0 : old.size) + size - config.maxBytes();
    if (excessCount > 0 || excessBytes > 0) {
      List<Entry> victims = chooseVictims(tx, old, excessCount, excessBytes);
      if (victims == null) {
        return AddResult.refused(Refusal.of(Reason.MEMPOOL_FULL, "the mempool is full (" + byHash.size()
            + " transactions, " + totalBytes + " bytes) and holds nothing cheaper than fee " + tx.fee()
            + " to make room; retry later or pay a higher fee"));
      }
      for (Entry v : victims) remove(v);
    }
    if (old != null) remove(old);
    put(new Entry(tx, nextSeq++, now));
    return old == null ? AddResult.accepted() : AddResult.replaced(old.tx);
  }

  /** The smallest fee that is at least 110% of {@code oldFee}: oldFee + ceil(oldFee / 10), exactly. */
  static BigInteger replacementFee(long oldFee) {
    long tenth = oldFee / 10 + (oldFee % 10 == 0 ? 0 : 1);
    // Always strictly more: with min_fee 0, a free replacement would let a sender churn the pool at no cost.
    return BigInteger.valueOf(oldFee).add(BigInteger.valueOf(Math.max(1, tenth)));
  }

  /**
   * The cheapest transactions, all paying strictly less fee than {@code tx}, whose removal frees at least
   * {@code count} places and {@code bytes} bytes; other senders' first, {@code tx}'s sender's own only when
   * those are not enough. Null when that is impossible.
   */
  private List<Entry> chooseVictims(Transaction tx, Entry replaced, long count, long bytes) {
    List<Entry> victims = new ArrayList<>();
    List<Entry> own = new ArrayList<>();
    long freedCount = 0;
    long freedBytes = 0;
    for (Entry e : byFee) {
      if (e.fee >= tx.fee()) break;
      if (e == replaced) continue;
      if (e.tx.from().equals(tx.from())) {
        own.add(e);
        continue;
      }
      victims.add(e);
      freedCount++;
      freedBytes += e.size;
      if (freedCount >= count && freedBytes >= bytes) return victims;
    }
    for (Entry e : own) {
      victims.add(e);
      freedCount++;
      freedBytes += e.size;
      if (freedCount >= count && freedBytes >= bytes) return victims;
    }
    return null;
  }

  private void put(Entry e) {
    Sender s = senders.computeIfAbsent(e.tx.from(), k -> new Sender());
    s.pendingCost += e.tx.cost();
    if (e.tx.isUnordered()) {
      s.unordered.put(e.tx.hash(), e);
      heads.add(e);
      e.tail = true;
    } else {
      Map.Entry<Long, Entry> first = s.byNonce.firstEntry();
      Map.Entry<Long, Entry> last = s.byNonce.lastEntry();
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
    totalBytes += e.size;
  }

  private void remove(Entry e) {
    Sender s = senders.get(e.tx.from());
    byHash.remove(e.tx.hash());
    byFee.remove(e);
    totalBytes -= e.size;
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

  private void setTail(Entry e, boolean tail) {
    byFee.remove(e);
    e.tail = tail;
    byFee.add(e);
  }

  /** Drops what arrived more than expiryMs before {@code now}, oldest first. */
  private void expire(long now, List<Transaction> sink) {
    long cutoff = now - config.expiryMs();
    while (!byHash.isEmpty()) {
      Entry oldest = byHash.values().iterator().next();
      if (oldest.arrivalMillis >= cutoff) return;
      remove(oldest);
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
      PriorityQueue<Entry> successors = new PriorityQueue<>(SELECTION_ORDER);
      Iterator<Entry> headIt = heads.iterator();
      Entry head = headIt.hasNext() ? headIt.next() : null;
      long bytes = 0;
      while (out.size() < maxTxs) {
        Entry next = successors.peek();
        boolean fromHeads;
        if (head == null && next == null) break;
        fromHeads = next == null || (head != null && SELECTION_ORDER.compare(head, next) < 0);
        Entry pick = fromHeads ? head : next;
        if (bytes + pick.size > maxBytes) break;
        if (fromHeads) {
          head = headIt.hasNext() ? headIt.next() : null;
        } else {
          successors.poll();
        }
        out.add(pick.tx);
        bytes += pick.size;
        if (pick.tx.isUnordered()) continue; // nothing waits for it
        Map.Entry<Long, Entry> after = senders.get(pick.tx.from()).byNonce.higherEntry(pick.tx.nonce());
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
      List<Transaction> dropped = new ArrayList<>();
      Set<String> affected = new LinkedHashSet<>();
      for (Transaction tx : included) {
        affected.add(tx.from());
        Entry e = byHash.get(tx.hash());
        if (e != null) remove(e);
      }
      for (String address : affected) {
        Sender s = senders.get(address);
        if (s == null) continue;
        Account account = newHeadState.account(address);
        while (!s.byNonce.isEmpty() && account.hasNonce() && s.byNonce.firstKey() <= account.nonce()) {
          Entry e = s.byNonce.firstEntry().getValue();
          remove(e);
          dropped.add(e.tx);
        }
        while (s.count() > 0 && s.pendingCost > account.balance()) {
          Entry e = s.newest();
          remove(e);
          dropped.add(e.tx);
        }
      }
      expire(now, dropped);
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  public Optional<Transaction> get(Bytes txHash) {
    lock.lock();
    try {
      Entry e = byHash.get(txHash);
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

  /** Sum of the pending transactions' {@link Transaction#encodedSize()}. */
  public long bytes() {
    lock.lock();
    try {
      return totalBytes;
    } finally {
      lock.unlock();
    }
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
    List<String> lines;
    lock.lock();
    try {
      lines = new ArrayList<>(byHash.size());
      for (Entry e : byHash.values()) lines.add(e.tx.compactJson());
    } finally {
      lock.unlock();
    }
    Path target = file.toAbsolutePath();
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          Writer w = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8))) {
        for (String line : lines) {
          w.write(line);
          w.write('\n');
        }
        w.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) Files.deleteIfExists(tmp);
    }
  }

  /**
   * Re-adds the transactions of a file written by {@link #saveTo} through {@link #add}, skipping lines
   * that do not parse or are refused. Returns how many were accepted (ACCEPTED or REPLACED); 0 when the
   * file does not exist.
   */
  public int loadFrom(Path file, AccountView headState) throws IOException {
    int accepted = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) continue;
        TxCodec.Parsed p = TxCodec.parse(line.getBytes(StandardCharsets.UTF_8), params.maxPayloadBytes());
        if (!p.isOk()) continue;
        AddResult.Status st = add(p.tx(), headState).status();
        if (st == AddResult.Status.ACCEPTED || st == AddResult.Status.REPLACED) accepted++;
      }
    } catch (NoSuchFileException e) {
      return 0;
    }
    return accepted;
  }
}
