package org.aitbc.chain.node.soak;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.aitbc.chain.node.soak.SoakPlan.Cycle;
import org.aitbc.chain.node.soak.SoakPlan.Kind;
import org.aitbc.chain.node.soak.SoakPlan.Role;
import org.aitbc.chain.wallet.RpcException;

/**
 * One soak run over a {@link SoakNet}: starts both nodes, drives {@link Load} at the authority, follows what
 * it seals ({@link SealedLedger}), and goes through the {@link SoakPlan}. After every cycle it checks from
 * outside, with no repair of any kind: both nodes are back up to every block seen sealed; each transaction
 * seen sealed since the last check is included at the height it was seen at, on both nodes; every block seen
 * sealed still has its hash on both, and the two nodes have the same block at every height up to there.
 * At the end, with the load stopped, every transaction ever seen sealed is checked again on both nodes.
 */
final class SoakRun {
  /** How long a node may take to come back (a restart takes seconds; this only stops a hung soak). */
  static final Duration READY = Duration.ofSeconds(120);

  private final SoakNet net;
  private final SoakPlan plan;
  private final long blockTimeMs;
  private final PrintWriter out;
  private final Load load;
  private final SealedLedger ledger = new SealedLedger();
  private final List<String> lost = Collections.synchronizedList(new ArrayList<>());
  private final List<String> diverged = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> authorityRestartMs = new ArrayList<>();
  private final List<Long> followerRestartMs = new ArrayList<>();
  private volatile boolean watching = true;
  private int kills;
  private int cyclesDone;
  private String failure;

  SoakRun(SoakNet net, SoakPlan plan, long blockTimeMs, double loadRate, PrintWriter out) {
    this.net = net;
    this.plan = plan;
    this.blockTimeMs = blockTimeMs;
    this.out = out;
    this.load = new Load(net.authority.rpc, net.senders, net.recipients, SoakNet.CHAIN_ID, loadRate);
  }

  /** Runs the plan and prints one line per cycle and the summary; true when nothing was lost or diverged. */
  boolean run() throws Exception {
    Thread watcher = new Thread(this::watch, "soak-watch");
    Thread loader = new Thread(load, "soak-load");
    try {
      net.authority.start();
      net.authority.awaitReady(0, READY);
      net.follower.start();
      net.follower.awaitReady(0, READY);
      watcher.start();
      loader.start();
      until("the first 3 blocks to be sealed", Duration.ofSeconds(60), net.authority, () -> ledger.top() >= 3);
      for (Cycle c : plan.cycles()) {
        ChildNode n = c.role() == Role.AUTHORITY ? net.authority : net.follower;
        String what = c.kind() == Kind.MID_SYNC ? midSync(c) : killAndRestart(n, c);
        String checked = check();
        cyclesDone++;
        out.println(c.title(plan.cycles().size()) + ": " + what + "; " + checked);
        out.flush();
      }
      load.stop();
      loader.join();
      out.println(finalCheck());
    } catch (SoakFailure e) {
      failure = e.getMessage();
      out.println("FAILED: " + e.getMessage() + " (heads: authority " + net.authority.heightOrMinus1() + ", follower "
          + net.follower.heightOrMinus1() + "); the last lines of " + e.node.log + ":");
      out.println(e.node.logTail(40));
      out.println(e.node.dumpThreads());
      ChildNode other = e.node == net.authority ? net.follower : net.authority;
      out.println("the last lines of " + other.log + ":");
      out.println(other.logTail(15));
    } finally {
      load.stop();
      watching = false;
      loader.join(10_000);
      watcher.join(10_000);
    }
    printSummary();
    return failure == null && lost.isEmpty() && diverged.isEmpty();
  }

  /** Follows the authority's blocks while it is up; while it is down, waits for it to come back. */
  private void watch() {
    while (watching) {
      try {
        ledger.follow(net.authority.rpc);
      } catch (RpcException e) {
        // down, killed or starting: read on from the same height once it answers
      } catch (RuntimeException e) {
        diverged.add("the authority served a block the soak cannot read: " + e);
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** STEADY, MID_SEAL or STARTUP on node {@code n}: kill -9 at the planned moment, start again, time the restart. */
  private String killAndRestart(ChildNode n, Cycle c) throws Exception {
    if (c.kind() == Kind.MID_SEAL) {
      long h0 = n.height();
      until("a new block on the " + n.name, Duration.ofSeconds(30), n, () -> n.heightOrMinus1() > h0);
      Thread.sleep(Math.max(0, blockTimeMs - c.secondKillMs()));
    } else {
      Thread.sleep(c.waitMs());
    }
    long before = n.height();
    String hit = n.kill9();
    kills++;
    n.start();
    String again = "";
    if (c.kind() == Kind.STARTUP) {
      Thread.sleep(c.secondKillMs());
      boolean up = answers(n);
      long at = n.sinceStartMs();
      again = ", again " + at + " ms into its start (API " + (up ? "up" : "not up yet") + ", " + n.kill9() + ")";
      kills++;
      n.start();
    }
    long ms = n.awaitReady(before, READY);
    (n == net.authority ? authorityRestartMs : followerRestartMs).add(ms);
    return "killed at head " + before + " (" + hit + ")" + again + ", back in " + ms + " ms";
  }

  /** MID_SYNC: kill -9 the follower, let the authority run ahead, start it, kill -9 it while it catches up. */
  private String midSync(Cycle c) throws Exception {
    ChildNode f = net.follower;
    long before = f.height();
    f.kill9();
    kills++;
    long target = before + c.lagBlocks();
    until("the authority to seal " + c.lagBlocks() + " blocks", Duration.ofMillis(c.lagBlocks() * blockTimeMs * 10 + 60_000),
        net.authority, () -> net.authority.heightOrMinus1() >= target);
    f.start();
    f.awaitApi(READY);
    Thread.sleep(c.secondKillMs());
    long at = f.heightOrMinus1();
    long authorityAt = net.authority.heightOrMinus1();
    String hit = f.kill9();
    kills++;
    f.start();
    long ms = f.awaitReady(Math.max(before, at), READY);
    followerRestartMs.add(ms);
    return "killed at " + at + " of the authority's " + authorityAt + " (" + (authorityAt - at) + " behind, " + hit
        + "), back in " + ms + " ms";
  }

  /** The checks after a cycle; returns what was checked, and records what was lost or diverged. */
  private String check() throws Exception {
    List<String> fresh = ledger.drainUnchecked();
    long top = ledger.top();
    for (String t : fresh) top = Math.max(top, ledger.heightOf(t));
    net.authority.awaitReady(top, READY);
    net.follower.awaitReady(top, READY);
    List<String> gone = new ArrayList<>(ledger.missing("authority", net.authority.rpc, fresh));
    gone.addAll(ledger.missing("follower", net.follower.rpc, fresh));
    lost.addAll(gone);
    int differ = compareBlocks(top);
    return fresh.size() + " newly sealed txs on both nodes (" + (gone.isEmpty() ? "all there" : gone.size() + " MISSING")
        + "), blocks 1.." + top + (differ == 0 ? " the same on both and as seen" : " DIFFER at " + differ + " heights");
  }

  /** Blocks 1..top of both nodes against each other and against the hashes seen sealed; returns how many heights differ. */
  private int compareBlocks(long top) throws RpcException {
    Map<Long, String> a = SealedLedger.blockHashes(net.authority.rpc, 1, top);
    Map<Long, String> f = SealedLedger.blockHashes(net.follower.rpc, 1, top);
    int before = diverged.size();
    for (long h : ledger.changedBlocks(a, top)) diverged.add("authority's block " + h + " is not the block seen sealed");
    for (long h : ledger.changedBlocks(f, top)) diverged.add("follower's block " + h + " is not the block seen sealed");
    for (long h = 1; h <= top; h++) {
      if (a.get(h) == null || !a.get(h).equals(f.get(h))) diverged.add("block " + h + ": authority " + a.get(h) + ", follower " + f.get(h));
    }
    return diverged.size() - before;
  }

  /** With the load stopped: both heads settle on the same block, then every transaction ever seen sealed is checked. */
  private String finalCheck() throws Exception {
    until("the authority's head to settle on the block the client saw last", Duration.ofSeconds(60), net.authority, () -> {
      long a = net.authority.heightOrMinus1();
      return a > 0 && a == ledger.top();
    });
    long settled = ledger.top();
    until("the follower to reach the authority's head " + settled + " (it is at "
        + net.follower.heightOrMinus1() + " when the wait starts)", Duration.ofSeconds(60), net.follower,
        () -> net.follower.heightOrMinus1() >= settled); // the authority may seal one more leftover block meanwhile
    long top = ledger.top();
    List<String> all = ledger.allTxs();
    List<String> gone = new ArrayList<>(ledger.missing("authority", net.authority.rpc, all));
    gone.addAll(ledger.missing("follower", net.follower.rpc, all));
    lost.addAll(gone);
    int differ = compareBlocks(top);
    return "final check, load stopped: all " + all.size() + " txs seen sealed, one by one on both nodes: "
        + (gone.isEmpty() ? "all there" : gone.size() + " MISSING") + "; heads agree at " + top
        + (differ == 0 ? ", blocks 1.." + top + " the same on both" : ", but blocks DIFFER at " + differ + " heights");
  }

  private void printSummary() {
    List<Long> all = new ArrayList<>(authorityRestartMs);
    all.addAll(followerRestartMs);
    out.printf("summary: cycles %d of %d, kill -9 %d, txs sealed %d, lost %d, blocks differing %d%n", cyclesDone,
        plan.cycles().size(), kills, ledger.sealedTxs(), lost.size(), diverged.size());
    out.printf("restart (start -> /health answers with the head at or above the head before the kill): authority %s;"
        + " follower %s; all %s%n", percentiles(authorityRestartMs), percentiles(followerRestartMs), percentiles(all));
    out.printf("load: %d accepted, %d unreachable (while the authority was down), refused %s%n", load.accepted.get(),
        load.unreachable.get(), load.refused);
    synchronized (lost) {
      lost.stream().limit(20).forEach(l -> out.println("lost: " + l));
    }
    synchronized (diverged) {
      diverged.stream().limit(20).forEach(l -> out.println("diverged: " + l));
    }
    boolean ok = failure == null && lost.isEmpty() && diverged.isEmpty();
    out.println("result: " + (ok ? "OK" : "FAILED" + (failure == null ? "" : " (" + failure + ")")));
    out.flush();
  }

  /** "p50 X ms, p99 Y ms, max Z ms (n restarts)", nearest rank. */
  static String percentiles(List<Long> ms) {
    if (ms.isEmpty()) return "none";
    List<Long> s = new ArrayList<>(ms);
    Collections.sort(s);
    return "p50 " + rank(s, 0.50) + " ms, p99 " + rank(s, 0.99) + " ms, max " + s.get(s.size() - 1) + " ms (n=" + s.size() + ")";
  }

  private static long rank(List<Long> sorted, double p) {
    return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static boolean answers(ChildNode n) {
    try {
      n.rpc.health();
      return true;
    } catch (RpcException e) {
      return false;
    }
  }

  /**
   * Polls {@code condition} every 5 ms until it holds; at the deadline a {@link SoakFailure} naming {@code what}
   * and {@code waitingOn}, the node whose log tells why.
   */
  private void until(String what, Duration timeout, ChildNode waitingOn, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new SoakFailure("timed out after " + timeout.toSeconds() + " s waiting for " + what, waitingOn);
      Thread.sleep(5);
    }
  }
}
