package org.aitbc.chain.node.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.aitbc.chain.consensus.ImportResult;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.mempool.AddResult;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;

/**
 * A seeded simulation of the network one level above the sockets: an authority and followers, each a
 * real engine, store and mempool ({@link SimNode}), joined by an in-memory router that drops, delays and
 * reorders every delivery, cuts the nodes into two partitions that later heal, and crashes nodes (store
 * closed, pool lost) that later restart on the same RocksDB folder. Followers learn of blocks by push
 * (the authority announces each block it seals, a node relays the newest block it imported) and fill
 * gaps by pulling: "blocks from height h" to a random peer they can reach. Time is simulated: one step
 * is {@code stepMs} of the nodes' clock.
 *
 * <p>Each run is rounds of chaos (transactions, drops, partitions, crashes) followed by healing (every
 * partition healed, every node restarted, no new trouble; the network still drops and delays). After
 * every step: each running node's chain is a prefix of the authority's (hash by height), no node's
 * height went back (across crashes too), the authority never lost a block it sealed, and no node ever
 * refused a block (all come from the honest authority). After healing, all heads must agree within
 * {@code healBound} steps, and the authority's chain holds no transaction twice.
 *
 * <p>Everything follows from the seed: the same seed replays the same run, event for event.
 */
final class NetworkSimulation {

  record Settings(int followers, int rounds, int chaosSteps, int healBound, long stepMs, double txRate,
      double dropRate, int maxDelaySteps, double crashRate, double partitionRate, double pullRate, int pullBatch) {
    static Settings defaults() {
      return new Settings(4, 3, 100, 200, 50, 0.7, 0.15, 6, 0.02, 0.03, 0.3, 40);
    }

    Settings withRounds(int r, int chaos) {
      return new Settings(followers, r, chaos, healBound, stepMs, txRate, dropRate, maxDelaySteps, crashRate,
          partitionRate, pullRate, pullBatch);
    }
  }

  /** What one run did; {@code digest} is a hash of every event in order (same seed, same digest). */
  record Result(long seed, long steps, long height, Bytes head, int txs, int crashes, int partitions, long delivered,
      long dropped, String digest) {}

  /** The invariant that broke, with the seed and the last events. */
  static final class Failure extends AssertionError {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private sealed interface Msg {}

  private record TxMsg(Transaction tx) implements Msg {}

  private record BlockMsg(Block block) implements Msg {}

  private record GetBlocks(long fromHeight) implements Msg {}

  private record BlocksMsg(List<Block> blocks) implements Msg {}

  private record Envelope(long atStep, long seq, int from, int to, Msg msg) {}

  private static final int SENDERS = 6;
  private static final int TRACE = 40;

  private final long seed;
  private final Settings s;
  private final Random rnd;
  private final Genesis genesis;
  private final ForkJoinPool verifyPool;
  private final List<SimNode> nodes = new ArrayList<>();
  private final List<Bytes> reference = new ArrayList<>(); // the authority's block hash by height
  private final PriorityQueue<Envelope> inFlight =
      new PriorityQueue<>(Comparator.comparingLong(Envelope::atStep).thenComparingLong(Envelope::seq));
  private final long[] nonces = new long[SENDERS + 1];
  private final int[] group;
  private final ArrayDeque<String> trace = new ArrayDeque<>();
  private final MessageDigest digest;
  private final Set<Bytes> sealedTxs = new HashSet<>();
  private long scannedHeight;
  private long seq;
  private long step;
  private long now;
  private long lastSealMs;
  private long healAtStep = -1;
  private int round;
  private int txs;
  private int crashes;
  private int partitions;
  private long delivered;
  private long dropped;

  NetworkSimulation(long seed, Settings settings, Path dir, ForkJoinPool verifyPool) throws IOException {
    this.seed = seed;
    this.s = settings;
    this.rnd = new Random(seed);
    this.genesis = Chains.genesis(SENDERS, 200, 1);
    this.verifyPool = verifyPool;
    this.group = new int[settings.followers() + 1];
    this.now = genesis.timestampMs() + 1_000;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i <= settings.followers(); i++) {
      Path d = dir.resolve(i == 0 ? "authority" : "f" + i);
      Files.createDirectories(d);
      nodes.add(new SimNode(i, d, i == 0 ? Chains.authority() : null));
    }
    reference.add(null); // height 0: the genesis block, the same everywhere by construction
  }

  /** Runs every round; throws {@link Failure} (seed and last events in the message) when an invariant breaks. */
  Result run() {
    try {
      for (SimNode n : nodes) n.start(genesis, () -> now, verifyPool);
      reference.set(0, nodes.get(0).store.head().hash());
      for (round = 1; round <= s.rounds(); round++) {
        for (int i = 0; i < s.chaosSteps(); i++) step(true);
        heal();
        int waited = 0;
        while (!converged()) {
          if (++waited > s.healBound()) fail("heads did not agree within " + s.healBound() + " steps of healing: " + heads());
          step(false);
        }
        checkSealedOnce();
        event("round " + round + " converged at height " + (reference.size() - 1) + " after " + waited + " steps");
      }
      SimNode a = nodes.get(0);
      return new Result(seed, step, a.height(), a.store.head().hash(), txs, crashes, partitions, delivered, dropped,
          Bytes.wrap(digest.digest()).hex());
    } finally {
      for (SimNode n : nodes) if (n.up) n.crash();
    }
  }

  // ------------------------------------------------------------------ one step

  private void step(boolean chaos) {
    step++;
    now += s.stepMs();
    for (SimNode n : nodes) {
      if (!n.up && n.restartAtStep <= step) restart(n);
    }
    if (healAtStep == step) healPartition();
    if (chaos) {
      if (rnd.nextDouble() < s.crashRate()) {
        List<SimNode> upNodes = nodes.stream().filter(n -> n.up).toList();
        if (!upNodes.isEmpty()) crash(upNodes.get(rnd.nextInt(upNodes.size())), step + 5 + rnd.nextInt(40));
      }
      if (healAtStep < 0 && rnd.nextDouble() < s.partitionRate()) partition(step + 10 + rnd.nextInt(50));
      if (rnd.nextDouble() < s.txRate()) submitTx();
    }
    SimNode a = nodes.get(0);
    if (a.up && now - lastSealMs >= genesis.params().blockTimeMs()) {
      lastSealMs = now;
      Optional<Block> b = a.engine.sealNow();
      if (b.isPresent()) {
        Block block = b.get();
        if (block.height() != reference.size()) fail("the authority sealed height " + block.height() + " after " + (reference.size() - 1));
        reference.add(block.hash());
        event("seal " + block.height() + " " + block.hash() + " txs " + block.transactions().size());
        broadcast(0, new BlockMsg(block), -1);
      }
    }
    while (!inFlight.isEmpty() && inFlight.peek().atStep() <= step) deliver(inFlight.poll());
    for (SimNode n : nodes) {
      if (n.id == 0 || !n.up || rnd.nextDouble() >= s.pullRate()) continue;
      List<SimNode> reachable = nodes.stream().filter(p -> p != n && p.up && group[p.id] == group[n.id]).toList();
      if (reachable.isEmpty()) continue;
      SimNode peer = reachable.get(rnd.nextInt(reachable.size()));
      send(n.id, peer.id, new GetBlocks(n.height() + 1));
    }
    checkInvariants();
  }

  private void submitTx() {
    List<SimNode> upNodes = nodes.stream().filter(n -> n.up).toList();
    if (upNodes.isEmpty()) return;
    SimNode n = upNodes.get(rnd.nextInt(upNodes.size()));
    int sender = 1 + rnd.nextInt(SENDERS);
    long nonce = ++nonces[sender];
    Transaction tx = Txs.transfer(TestKeys.key(sender), Chains.CHAIN_ID).to(TestKeys.key(100 + rnd.nextInt(5)).address())
        .amount(1 + rnd.nextInt(100)).fee(1).nonce(nonce).payload("sim " + step).build();
    txs++;
    AddResult r = n.mempool.add(tx, n.store);
    event("tx " + tx.hash() + " to " + n.name() + " " + r.status());
    if (r.status() == AddResult.Status.ACCEPTED) broadcast(n.id, new TxMsg(tx), -1);
  }

  // ------------------------------------------------------------------ the router

  private void send(int from, int to, Msg m) {
    if (group[from] != group[to] || rnd.nextDouble() < s.dropRate()) {
      dropped++;
      return;
    }
    inFlight.add(new Envelope(step + 1 + rnd.nextInt(s.maxDelaySteps()), seq++, from, to, m));
  }

  private void broadcast(int from, Msg m, int except) {
    for (SimNode n : nodes) if (n.id != from && n.id != except) send(from, n.id, m);
  }

  private void deliver(Envelope e) {
    SimNode n = nodes.get(e.to());
    if (!n.up || group[e.from()] != group[e.to()]) { // crashed, or the link was cut while it travelled
      dropped++;
      return;
    }
    delivered++;
    Msg m = e.msg();
    if (m instanceof TxMsg t) {
      if (n.store.containsTransaction(t.tx().hash())) return;
      AddResult r = n.mempool.add(t.tx(), n.store);
      if (r.status() == AddResult.Status.ACCEPTED) broadcast(n.id, t, e.from());
    } else if (m instanceof BlockMsg b) {
      importAll(n, List.of(b.block()), e.from());
    } else if (m instanceof GetBlocks g) {
      List<Block> out = new ArrayList<>();
      for (long h = g.fromHeight(); h <= n.height() && out.size() < s.pullBatch(); h++) out.add(n.store.blockAt(h).orElseThrow());
      if (!out.isEmpty()) send(n.id, e.from(), new BlocksMsg(out));
    } else if (m instanceof BlocksMsg bs) {
      importAll(n, bs.blocks(), e.from());
    }
  }

  /** Imports the blocks that extend the head, in order; asks the sender for a gap; relays the newest. */
  private void importAll(SimNode n, List<Block> blocks, int from) {
    Block newest = null;
    for (Block b : blocks) {
      long head = n.height();
      if (b.height() <= head) {
        if (!n.store.hashAt(b.height()).orElseThrow().equals(b.hash())) {
          fail(n.name() + " holds another block at height " + b.height() + " than the one " + nodes.get(from).name() + " sent");
        }
        continue;
      }
      if (b.height() > head + 1) {
        send(n.id, from, new GetBlocks(head + 1));
        break;
      }
      ImportResult r = n.engine.importBlockNow(b, false);
      if (r.status() != ImportResult.Status.IMPORTED) {
        fail(n.name() + " did not import block " + b.height() + " from " + nodes.get(from).name() + ": " + r.status() + " "
            + r.reason() + " " + r.detail());
      }
      newest = b;
    }
    if (newest != null) {
      event(n.name() + " at " + newest.height());
      broadcast(n.id, new BlockMsg(newest), from);
    }
  }

  // ------------------------------------------------------------------ trouble and healing

  private void crash(SimNode n, long restartAt) {
    crashes++;
    n.crash();
    n.restartAtStep = restartAt;
    event("crash " + n.name() + " at height " + n.maxHeight + ", restart at step " + restartAt);
  }

  private void restart(SimNode n) {
    n.start(genesis, () -> now, verifyPool);
    event("restart " + n.name() + " at height " + n.height());
    if (n.id == 0 && n.height() != reference.size() - 1) {
      fail("the authority came back at height " + n.height() + " but had sealed " + (reference.size() - 1));
    }
  }

  private void partition(long healAt) {
    partitions++;
    for (int i = 0; i < group.length; i++) group[i] = rnd.nextInt(2);
    if (java.util.Arrays.stream(group).distinct().count() == 1) group[rnd.nextInt(group.length)] ^= 1;
    healAtStep = healAt;
    event("partition " + java.util.Arrays.toString(group) + " until step " + healAt);
  }

  private void healPartition() {
    java.util.Arrays.fill(group, 0);
    healAtStep = -1;
    event("partition healed");
  }

  private void heal() {
    if (healAtStep >= 0) healPartition();
    for (SimNode n : nodes) if (!n.up) restart(n);
    event("healing round " + round);
  }

  private boolean converged() {
    SimNode a = nodes.get(0);
    if (a.mempool.hasExecutable()) return false;
    Bytes head = a.store.head().hash();
    for (SimNode n : nodes) if (!n.store.head().hash().equals(head)) return false;
    return true;
  }

  // ------------------------------------------------------------------ invariants

  private void checkInvariants() {
    long top = reference.size() - 1;
    for (SimNode n : nodes) {
      if (!n.up) continue;
      long h = n.height();
      if (h < n.maxHeight) fail(n.name() + "'s height went back from " + n.maxHeight + " to " + h);
      n.maxHeight = h;
      if (h > top) fail(n.name() + " is at height " + h + ", beyond the authority's " + top);
      for (long i = n.checkedHeight + 1; i <= h; i++) {
        Bytes mine = n.store.hashAt(i).orElseThrow(() -> new Failure("no hash at a height below the head"));
        if (!mine.equals(reference.get((int) i))) {
          fail(n.name() + "'s block " + i + " is " + mine + " but the authority's is " + reference.get((int) i));
        }
      }
      n.checkedHeight = h;
    }
  }

  private void checkSealedOnce() {
    SimNode a = nodes.get(0);
    for (long h = scannedHeight + 1; h <= a.height(); h++) {
      for (Transaction t : a.store.blockAt(h).orElseThrow().transactions()) {
        if (!sealedTxs.add(t.hash())) fail("transaction " + t.hash() + " is sealed twice (again at height " + h + ")");
      }
    }
    scannedHeight = a.height();
  }

  private String heads() {
    StringBuilder sb = new StringBuilder();
    for (SimNode n : nodes) sb.append(n.name()).append('=').append(n.up ? Long.toString(n.height()) : "down").append(' ');
    return sb.toString().strip();
  }

  private void event(String what) {
    String line = "step " + step + ": " + what;
    digest.update(line.getBytes(StandardCharsets.UTF_8));
    trace.addLast(line);
    if (trace.size() > TRACE) trace.removeFirst();
  }

  private void fail(String what) {
    throw new Failure("network simulation with seed " + seed + " failed at step " + step + " (round " + round + "): " + what
        + "\nlast events:\n  " + String.join("\n  ", trace)
        + "\nreplay: mvn -B -ntp verify -pl chain-node -am -DskipITs -Dsurefire.failIfNoSpecifiedTests=false"
        + " -Dtest=NetworkSimulationTest -Dsim.seed=" + seed);
  }
}
