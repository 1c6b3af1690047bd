package org.aitbc.chain.p2p;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import java.util.function.Predicate;
import org.aitbc.chain.core.util.Bytes;

/**
 * How far ahead of us each peer has shown it is, so that {@code /health}'s {@code sync_remaining} comes from
 * what peers showed, not from what they claimed: a peer's version may claim any height (10^9), and sync keeps
 * that claim to decide whom to ask, but the network height reported counts a peer only as far as our height
 * plus the blocks it has shown us, i.e. the block hashes it announced or listed in answer to "getblocks" that
 * we do not have yet: {@code min(claim, local + shown)}. A peer that claims much and shows nothing counts as
 * being where we are.
 *
 * <p>Shown hashes are kept per peer, at most {@code maxShown} (sync's queue limit: no more can be fetched at
 * once anyway), and leave when the block is imported from anyone, when the peer says "notfound" for it, when
 * {@link #prune} finds the block in our chain, and all of them when the peer goes. So made-up hashes count at
 * most {@code maxShown} blocks, and only while their announcer is connected.
 *
 * <p>Not thread-safe: owned by the network's logic thread.
 */
final class ShownHeights {
  /** Hashes checked against the chain per peer and {@link #prune} call. */
  static final int PRUNE_PER_PEER = 64;

  private final int maxShown;
  private final Map<Long, LinkedHashSet<Bytes>> shown = new HashMap<>();

  ShownHeights(int maxShown) {
    this.maxShown = maxShown;
  }

  void peerReady(long peer) {
    shown.put(peer, new LinkedHashSet<>());
  }

  void peerGone(long peer) {
    shown.remove(peer);
  }

  /** The peer announced (or listed) a block hash we do not have. */
  void shown(long peer, Bytes hash) {
    Set<Bytes> s = shown.get(peer);
    if (s != null && s.size() < maxShown) s.add(hash);
  }

  /** The peer says it does not have these after all. */
  void notFound(long peer, Iterable<Bytes> hashes) {
    Set<Bytes> s = shown.get(peer);
    if (s == null) return;
    for (Bytes h : hashes) s.remove(h);
  }

  /** The block is ours now: it no longer counts as shown by anyone. */
  void imported(Bytes hash) {
    for (Set<Bytes> s : shown.values()) s.remove(hash);
  }

  /** Drops, of the oldest shown hashes of each peer, those that are in our chain now (imported some other way). */
  void prune(Predicate<Bytes> inChain) {
    for (Set<Bytes> s : shown.values()) {
      int checked = 0;
      for (Iterator<Bytes> it = s.iterator(); it.hasNext() && checked < PRUNE_PER_PEER; checked++) {
        if (inChain.test(it.next())) it.remove();
      }
    }
  }

  /** Blocks shown by the peer and not in our chain (0 for an unknown peer). */
  int shownBy(long peer) {
    Set<Bytes> s = shown.get(peer);
    return s == null ? 0 : s.size();
  }

  /**
   * The best height a peer has shown, at least {@code local}: for each peer its claim (as sync keeps it, which
   * lowers a claim the peer's own answers disproved) bounded by {@code local} plus its shown blocks.
   */
  long networkHeight(long local, LongUnaryOperator claim) {
    long best = local;
    for (Map.Entry<Long, LinkedHashSet<Bytes>> e : shown.entrySet()) {
      long credible = Math.min(claim.applyAsLong(e.getKey()), local + e.getValue().size());
      best = Math.max(best, credible);
    }
    return best;
  }

  /** {@code s} with its network height replaced by {@link #networkHeight}. */
  SyncStatus bound(SyncStatus s, LongUnaryOperator claim) {
    long network = Math.min(s.networkHeight(), networkHeight(s.localHeight(), claim));
    return new SyncStatus(s.localHeight(), network, s.queued(), s.inFlight(), s.blocksImported());
  }
}
