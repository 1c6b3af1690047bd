package org.aitbc.chain.p2p.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.BlockRef;
import org.aitbc.chain.p2p.ChainView;
import org.aitbc.chain.p2p.ImportOutcome;
import org.aitbc.chain.p2p.SyncStatus;
import org.aitbc.chain.p2p.wire.Violation;

/**
 * Block download, driven by events and free of sockets and clocks (time comes with each event).
 *
 * <p>Inventory: when a peer claims a higher best height, send it "getblocks" with our locator; it
 * answers with an "inv" of up to {@code invBatch} hashes following our tip. A full batch means more
 * follow, so the next "getblocks" goes out at once with the last received hash in front of our
 * locator (pipelining), as long as fewer than {@code maxQueued} hashes wait. Announcements ("inv" of
 * new blocks, at most {@link #MAX_ANNOUNCED} hashes) enter the same queue when they can follow what we hold
 * and have queued; one from a peer further ahead than that is dropped (the inventory to come lists it), and
 * is not taken for the answer to a pending "getblocks" either, though it may arrive first on the same
 * connection. A longer unsolicited "inv" only makes us ask that peer for inventory. An answer is queued
 * whole, hashes still in flight included (their blocks fill the entries when they come). A queued hash that no live peer can give us (its announcers
 * left or said they lack it, and nobody else is ahead) is forgotten with everything queued after it, so
 * made-up hashes never hold the queue.
 *
 * <p>Fetch: queued hashes are requested with "getdata" from up to every peer in parallel, at most
 * {@code window} in flight per peer, preferring peers that announced the hash. Blocks may arrive in
 * any order; they are imported strictly in queue (chain) order, each through
 * {@link ChainView#offerBlock} (which verifies everything).
 *
 * <p>Time: a block a little ahead of our clock ({@code HELD}) stays at the head of the queue, the blocks
 * after it wait behind it, and it is offered again at the time the chain named ({@link #tick} does it); one
 * too far ahead ({@code FUTURE}) clears the queue like a refusal, and its sender counts as having nothing
 * for us until it announces a block again, so sync does not fetch it in a loop. Neither blames anyone.
 *
 * <p>Refused for now ({@code REFUSED}: the store cannot write, say): the block stays at the head and is offered
 * again after 1 s, 2 s, 4 s, ... (at most 16 s apart), so a full disk does not make sync download the same
 * blocks in a loop; every {@value #REFUSALS_BEFORE_RESTART}th refusal in a row clears the queue instead.
 *
 * <p>Trouble: a block that does not import as IMPORTED/KNOWN clears the queue (INVALID also blames
 * the peer that sent it; ORPHAN restarts inventory from that peer). A request older than
 * {@code stallMillis}, or a "getblocks" unanswered for as long, reports the peer as stalled (the
 * network drops it) and its requests move to other peers. "notfound" moves a request elsewhere.
 *
 * <p>Not thread-safe: owned by the network's logic thread.
 */
public final class BlockSync {
  /** Most hashes an unsolicited "inv" may queue; a longer one only makes us ask that peer for inventory. */
  public static final int MAX_ANNOUNCED = 16;

  /** A block refused for now (REFUSED) is offered again after 1 s, then 2, 4, ... at most 16 s apart. */
  static final long REFUSED_RETRY_MS = 1_000;

  static final long REFUSED_RETRY_MAX_MS = 16_000;

  /** Every so many refusals in a row the queue is cleared and inventory asked again instead. */
  static final int REFUSALS_BEFORE_RESTART = 8;

  /** What sync asks the network to do. */
  public interface Actions {
    void requestInventory(long peer, List<Bytes> locator);

    void requestBlocks(long peer, List<Bytes> hashes);

    void misbehaved(long peer, Violation violation, String detail);

    void stalled(long peer, String detail);

    /** A block was imported; {@code fromPeer} delivered it. */
    void imported(Bytes hash, long height, long fromPeer);
  }

  public record Config(int invBatch, int window, long stallMillis, int maxQueued) {
    public static Config defaults() {
      return new Config(500, 32, 15_000, 5_000);
    }
  }

  private static final class PeerState {
    long best;
    int inFlight;

    PeerState(long best) {
      this.best = best;
    }
  }

  private static final class Entry {
    final Set<Long> sources = new HashSet<>();
    final Set<Long> lacking = new HashSet<>();
    byte[] json;
    long from = -1;
  }

  private record Request(long peer, long sentAt) {}

  private final ChainView chain;
  private final Actions actions;
  private final Config config;
  private final Map<Long, PeerState> peers = new LinkedHashMap<>();
  private final LinkedHashMap<Bytes, Entry> queue = new LinkedHashMap<>();
  private final Map<Bytes, Request> inFlight = new HashMap<>();
  private long invPeer = -1;
  private long invSentAt;
  private Bytes continueFrom;
  private long continuePeer = -1;
  private long imported;
  /** While the queue's head is a block ahead of our clock: when to offer it again (0 = nothing held). */
  private long heldUntil;
  /** Refusals (REFUSED) in a row since the last block imported. */
  private int refusals;

  public BlockSync(ChainView chain, Actions actions, Config config) {
    this.chain = chain;
    this.actions = actions;
    this.config = config;
  }

  // ---- events ----

  public void peerReady(long peer, long bestHeight, long now) {
    peers.put(peer, new PeerState(bestHeight));
    maybeRequestInventory(now);
  }

  public void peerGone(long peer, long now) {
    if (peers.remove(peer) == null) return;
    inFlight.values().removeIf(r -> r.peer() == peer);
    for (Entry e : queue.values()) {
      e.sources.remove(peer);
      e.lacking.remove(peer);
    }
    if (invPeer == peer) invPeer = -1;
    if (continuePeer == peer) {
      continuePeer = -1;
      continueFrom = null;
    }
    pump(now);
    maybeRequestInventory(now);
  }

  /** Block hashes announced by a peer or sent in answer to "getblocks", in chain order. */
  public void blockInv(long peer, List<Bytes> hashes, long now) {
    PeerState ps = peers.get(peer);
    if (ps == null) return;
    long local = chain.bestHeight();
    boolean small = !hashes.isEmpty() && hashes.size() <= MAX_ANNOUNCED;
    // An announcement of blocks that cannot follow what we hold or have queued (the peer showed it is further
    // ahead) is not queued: it would sit in front of the blocks between, which then never come. The same
    // connection can bring such an announcement before the answer to our "getblocks", so it is not the answer.
    boolean detached = small && local + queue.size() + hashes.size() < ps.best;
    boolean answer = invPeer == peer && !detached;
    if (answer) invPeer = -1;
    if (!answer && detached) {
      for (Bytes h : hashes) {
        Entry e = queue.get(h);
        if (e != null) e.sources.add(peer);
      }
      maybeRequestInventory(now);
      return;
    }
    if (!answer && hashes.size() > MAX_ANNOUNCED) {
      // Not an announcement of new blocks but a claim of many: ask that peer for the chain instead.
      if (invPeer == -1 && hashes.stream().anyMatch(h -> !chain.hasBlock(h))) {
        requestInventory(peer, chain.locator(), now);
      }
      return;
    }
    for (Bytes h : hashes) {
      Entry e = queue.get(h);
      if (e != null) {
        e.sources.add(peer);
      } else if (chain.hasBlock(h)) {
        continue;
      } else if (queue.size() < config.maxQueued()) {
        e = new Entry();
        e.sources.add(peer);
        queue.put(h, e);
      } else {
        ps.best = Math.max(ps.best, chain.bestHeight() + 1); // it has something new: ask it once there is room
      }
    }
    if (hashes.size() >= config.invBatch()) {
      continueFrom = hashes.get(hashes.size() - 1);
      continuePeer = peer;
    }
    if (answer && queue.isEmpty() && continueFrom == null) {
      ps.best = Math.min(ps.best, local); // it has nothing after our tip: stop asking it
    }
    pump(now);
    maybeRequestInventory(now);
  }

  public void block(long peer, byte[] json, long now) {
    Optional<BlockRef> ref = chain.blockRef(json);
    if (ref.isEmpty()) {
      actions.misbehaved(peer, Violation.INVALID_BLOCK, "block that does not parse");
      return;
    }
    Bytes hash = ref.get().hash();
    PeerState ps = peers.get(peer);
    if (ps != null && ref.get().height() > ps.best) ps.best = ref.get().height();
    Request r = inFlight.remove(hash);
    if (r != null) {
      PeerState owner = peers.get(r.peer());
      if (owner != null) owner.inFlight--;
    }
    Entry e = queue.get(hash);
    if (e != null) {
      e.json = json;
      e.from = peer;
      drain(now);
    } else if (!chain.hasBlock(hash)) {
      if (queue.isEmpty() && ref.get().parentHash().equals(chain.bestHash())) {
        e = new Entry(); // the next block, unasked: imported through the queue, where it can wait if it is early
        e.json = json;
        e.from = peer;
        queue.put(hash, e);
        drain(now);
      } else if (invPeer == -1 && ps != null) {
        requestInventory(peer, chain.locator(), now);
      }
    }
    pump(now);
    maybeRequestInventory(now);
  }

  public void notFound(long peer, List<Bytes> hashes, long now) {
    for (Bytes h : hashes) {
      Request r = inFlight.get(h);
      if (r != null && r.peer() == peer) {
        inFlight.remove(h);
        PeerState ps = peers.get(peer);
        if (ps != null) ps.inFlight--;
      }
      Entry e = queue.get(h);
      if (e != null) {
        e.lacking.add(peer);
        e.sources.remove(peer);
      }
    }
    pump(now);
  }

  /** Periodic check: stalled requests, stuck queue heads, inventory to ask for. */
  public void tick(long now) {
    Set<Long> stalled = new HashSet<>();
    for (Map.Entry<Bytes, Request> r : inFlight.entrySet()) {
      if (now - r.getValue().sentAt() >= config.stallMillis()) stalled.add(r.getValue().peer());
    }
    if (invPeer != -1 && now - invSentAt >= config.stallMillis()) stalled.add(invPeer);
    for (long p : stalled) {
      if (peers.containsKey(p)) actions.stalled(p, "no answer within " + config.stallMillis() + " ms");
      peerGone(p, now);
    }
    drain(now); // a held block whose time came
    pump(now);
    maybeRequestInventory(now);
  }

  // ---- state ----

  public SyncStatus status() {
    long local = chain.bestHeight();
    long network = local;
    for (PeerState p : peers.values()) network = Math.max(network, p.best);
    return new SyncStatus(local, network, queue.size(), inFlight.size(), imported);
  }

  /** The best height a peer has shown us (its version, or blocks it sent), -1 when unknown. */
  public long peerHeight(long peer) {
    PeerState p = peers.get(peer);
    return p == null ? -1 : p.best;
  }

  // ---- internals ----

  private void drain(long now) {
    while (!queue.isEmpty() && now >= heldUntil) {
      Map.Entry<Bytes, Entry> head = queue.entrySet().iterator().next();
      if (head.getValue().json == null) return;
      if (!importOne(head.getKey(), head.getValue().from, head.getValue().json, now)) return;
    }
  }

  /** Imports the queue's head and removes it; false when it is held or the queue had to be cleared. */
  private boolean importOne(Bytes key, long from, byte[] json, long now) {
    ImportOutcome o = chain.offerBlock(json);
    heldUntil = 0;
    boolean retry = o.kind() == ImportOutcome.Kind.REFUSED && ++refusals % REFUSALS_BEFORE_RESTART != 0;
    if (o.kind() != ImportOutcome.Kind.HELD && !retry) queue.remove(key);
    if (o.kind() == ImportOutcome.Kind.IMPORTED || o.kind() == ImportOutcome.Kind.KNOWN) refusals = 0;
    if (retry) {
      // Not now (the store cannot write, say): offer the same block again later, not fetch it all over again.
      heldUntil = now + Math.min(REFUSED_RETRY_MAX_MS, REFUSED_RETRY_MS << Math.min(refusals - 1, 16));
      return false;
    }
    switch (o.kind()) {
      case HELD -> {
        heldUntil = Math.max(o.notBeforeMs(), now + 1);
        return false;
      }
      case FUTURE -> {
        clearQueue();
        PeerState ps = peers.get(from);
        if (ps != null) ps.best = Math.min(ps.best, chain.bestHeight());
        return false;
      }
      case IMPORTED -> {
        imported++;
        actions.imported(o.hash(), o.height(), from);
        return true;
      }
      case KNOWN, ACCEPTED -> {
        return true;
      }
      case ORPHAN -> {
        clearQueue();
        if (peers.containsKey(from)) requestInventory(from, chain.locator(), now);
        return false;
      }
      case INVALID -> {
        clearQueue();
        actions.misbehaved(from, Violation.INVALID_BLOCK, o.detail());
        return false;
      }
      default -> { // REFUSED again and again: start over, from inventory, in case it is this block
        clearQueue();
        return false;
      }
    }
  }

  private void clearQueue() {
    queue.clear();
    heldUntil = 0;
    continueFrom = null;
    continuePeer = -1;
  }

  /**
   * Forgets, from the first queued hash that no live peer can give us on, the rest of the queue: a hash
   * announced only by peers that left or said they lack it, with no other peer ahead of us, would
   * otherwise hold the queue (and every later announcement) for good.
   */
  private void forgetUnservable(long local) {
    boolean cut = false;
    Iterator<Map.Entry<Bytes, Entry>> it = queue.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Bytes, Entry> q = it.next();
      if (!cut && servable(q.getKey(), q.getValue(), local)) continue;
      cut = true;
      it.remove();
      Request r = inFlight.remove(q.getKey());
      PeerState owner = r == null ? null : peers.get(r.peer());
      if (owner != null) owner.inFlight--;
    }
    if (cut) {
      continueFrom = null;
      continuePeer = -1;
    }
  }

  private boolean servable(Bytes hash, Entry e, long local) {
    if (e.json != null || inFlight.containsKey(hash)) return true;
    for (Map.Entry<Long, PeerState> pe : peers.entrySet()) {
      long p = pe.getKey();
      if (!e.lacking.contains(p) && (e.sources.contains(p) || pe.getValue().best > local)) return true;
    }
    return false;
  }

  private void pump(long now) {
    long local = chain.bestHeight();
    forgetUnservable(local);
    if (queue.isEmpty() || peers.isEmpty()) return;
    Map<Long, List<Bytes>> batches = new LinkedHashMap<>();
    for (Map.Entry<Bytes, Entry> q : queue.entrySet()) {
      Entry e = q.getValue();
      if (e.json != null || inFlight.containsKey(q.getKey())) continue;
      long chosen = choose(e, local);
      if (chosen == -1) {
        if (!hasCapacity()) break;
        continue;
      }
      PeerState ps = peers.get(chosen);
      ps.inFlight++;
      inFlight.put(q.getKey(), new Request(chosen, now));
      batches.computeIfAbsent(chosen, k -> new ArrayList<>()).add(q.getKey());
    }
    batches.forEach(actions::requestBlocks);
  }

  private boolean hasCapacity() {
    for (PeerState p : peers.values()) if (p.inFlight < config.window()) return true;
    return false;
  }

  /** The source with the fewest requests in flight, else any peer ahead of us; -1 when none has room. */
  private long choose(Entry e, long local) {
    long best = -1;
    int bestLoad = Integer.MAX_VALUE;
    for (long s : e.sources) {
      PeerState p = peers.get(s);
      if (p != null && p.inFlight < config.window() && p.inFlight < bestLoad && !e.lacking.contains(s)) {
        best = s;
        bestLoad = p.inFlight;
      }
    }
    for (Map.Entry<Long, PeerState> pe : peers.entrySet()) {
      PeerState p = pe.getValue();
      if (p.best > local && p.inFlight < config.window() && p.inFlight < bestLoad && !e.lacking.contains(pe.getKey())) {
        best = pe.getKey();
        bestLoad = p.inFlight;
      }
    }
    return best;
  }

  private void maybeRequestInventory(long now) {
    if (invPeer != -1) return;
    if (continueFrom != null) {
      if (peers.containsKey(continuePeer) && queue.size() + config.invBatch() <= config.maxQueued()) {
        List<Bytes> locator = new ArrayList<>();
        locator.add(continueFrom);
        locator.addAll(chain.locator());
        if (locator.size() > 101) locator = locator.subList(0, 101);
        long p = continuePeer;
        continueFrom = null;
        continuePeer = -1;
        requestInventory(p, locator, now);
      }
      return;
    }
    if (!queue.isEmpty()) return;
    long local = chain.bestHeight();
    long bestPeer = -1;
    long bestHeight = local;
    for (Map.Entry<Long, PeerState> pe : peers.entrySet()) {
      if (pe.getValue().best > bestHeight) {
        bestHeight = pe.getValue().best;
        bestPeer = pe.getKey();
      }
    }
    if (bestPeer != -1) requestInventory(bestPeer, chain.locator(), now);
  }

  private void requestInventory(long peer, List<Bytes> locator, long now) {
    invPeer = peer;
    invSentAt = now;
    actions.requestInventory(peer, locator);
  }
}
