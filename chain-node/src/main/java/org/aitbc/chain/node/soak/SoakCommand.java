package org.aitbc.chain.node.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aitbc.chain.node.Scratch;
import org.aitbc.chain.node.CliException;
import org.aitbc.chain.node.soak.SoakPlan.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aitbc soak}: kill -9 of the authority and of a follower at seeded moments, under load, over many
 * cycles, each checked from outside (see {@link SoakRun}). Both nodes are child processes of
 * {@code bin/aitbc node start}, so a kill hits a real node JVM with a real RocksDB store. The schedule is a
 * function of {@code --seed}; the operating system's timing around each moment is not.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"kill -9 the authority and a follower at random moments under load, restart them on the same data,",
        "and check from outside after each cycle that nothing sealed is lost and both nodes hold the same blocks.",
        "Prints a line per cycle and a summary; exit code 1 on any loss, divergence or node that does not come back."})
public final class SoakCommand implements Callable<Integer> {
  /** Which nodes the cycles kill. */
  public enum Roles {
    authority, follower, both
  }

  @Option(names = "--cycles", defaultValue = "100", description = "Kill cycles (default ${DEFAULT-VALUE})")
  int cycles;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the schedule: which kill, when (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--role", defaultValue = "both",
      description = "Node the cycles kill: ${COMPLETION-CANDIDATES} (both: by turns, the authority first; default ${DEFAULT-VALUE})")
  Roles role;

  @Option(names = "--load-rate", defaultValue = "100", paramLabel = "TX/S", description = "Transfers with a message posted per second (default ${DEFAULT-VALUE})")
  double loadRate;

  @Option(names = "--senders", defaultValue = "8", description = "Funded senders the load takes turns over (default ${DEFAULT-VALUE})")
  int senders;

  @Option(names = "--block-time-ms", defaultValue = "100", description = "Block interval of the soak chain (default ${DEFAULT-VALUE})")
  long blockTimeMs;

  @Option(names = "--sync-lag-blocks", defaultValue = "200",
      description = "Most blocks a follower falls behind before it is killed mid-sync; each such cycle takes half to all of it (default ${DEFAULT-VALUE})")
  int syncLagBlocks;

  @Option(names = "--home", paramLabel = "DIR",
      description = "Folder for the chain, the data directories and the node logs, kept afterwards (default: a new temporary folder, removed at the end)")
  Path home;

  @Option(names = "--keep", description = "Keep the temporary folder (data directories and node logs)")
  boolean keep;

  @Option(names = "--node-opts", description = "JVM options of the node processes (default: bin/aitbc's for node start)")
  String nodeOpts;

  @Option(names = "--plan-only", description = "Print the schedule the seed gives, one line per cycle, and exit")
  boolean planOnly;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (senders < 1 || loadRate <= 0) throw new CliException(2, "--senders and --load-rate must be above 0");
    if (blockTimeMs < 10) throw new CliException(2, "--block-time-ms must be at least 10");
    SoakPlan plan;
    try {
      plan = SoakPlan.of(seed, cycles, role == Roles.both ? List.of(Role.AUTHORITY, Role.FOLLOWER)
          : List.of(role == Roles.authority ? Role.AUTHORITY : Role.FOLLOWER), syncLagBlocks);
    } catch (IllegalArgumentException e) {
      throw new CliException(2, e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (planOnly) {
      for (SoakPlan.Cycle c : plan.cycles()) {
        out.println(c.title(cycles));
      }
      out.flush();
      return 0;
    }
    boolean temporary = home == null;
    Path dir = temporary ? Files.createTempDirectory("aitbc-soak") : home;
    if (!temporary) {
      Files.createDirectories(dir);
      try (var s = Files.list(dir)) {
        if (s.findAny().isPresent()) throw new CliException(2, "--home " + dir + " must be empty or absent (the soak makes a new chain)");
      }
    }
    out.printf("soak: seed %d, %d cycles killing the %s, load %.0f tx/s from %d senders, %d ms blocks, in %s; machine: %d cores%n",
        seed, cycles, role == Roles.both ? "authority and the follower by turns" : role.name(), loadRate, senders, blockTimeMs,
        dir, Runtime.getRuntime().availableProcessors());
    out.flush();
    SoakNet net = new SoakNet(dir, seed, senders, blockTimeMs, nodeOpts);
    boolean remove = temporary && !keep;
    Thread cleanup = new Thread(() -> cleanUp(net, dir, remove), "soak-cleanup"); // Ctrl-C: no node outlives the soak
    Runtime.getRuntime().addShutdownHook(cleanup);
    boolean ok;
    try {
      ok = new SoakRun(net, plan, blockTimeMs, loadRate, out).run();
    } finally {
      cleanUp(net, dir, remove);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs anyway
      }
    }
    if (!remove) out.println("kept " + dir);
    out.flush();
    return ok ? 0 : 1;
  }

  private static void cleanUp(SoakNet net, Path dir, boolean remove) {
    try {
      net.close();
      if (remove && Files.exists(dir)) Scratch.deleteTree(dir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      System.err.println("soak: could not remove " + dir + ": " + e.getMessage());
    }
  }
}
