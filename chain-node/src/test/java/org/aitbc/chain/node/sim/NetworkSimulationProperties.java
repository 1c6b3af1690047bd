package org.aitbc.chain.node.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * The seeded network simulation over random seeds. A failure names its seed in the message (and jqwik
 * shows it as the falsified sample); replay it with {@code -Dsim.seed=...} (see {@link NetworkSimulationTest}).
 */
class NetworkSimulationProperties {
  static final ForkJoinPool VERIFY = new ForkJoinPool(2);

  @Property(tries = 3, shrinking = ShrinkingMode.OFF)
  void everyChainStaysAPrefixOfTheAuthoritysAndAllHeadsAgreeAfterHealing(@ForAll long seed) throws Exception {
    NetworkSimulation.Result r = run(seed, NetworkSimulation.Settings.defaults());
    assertTrue(r.height() > 0, "the authority sealed nothing in " + r);
  }

  static NetworkSimulation.Result run(long seed, NetworkSimulation.Settings settings) throws Exception {
    Path dir = Files.createTempDirectory("aitbc-sim");
    try {
      return new NetworkSimulation(seed, settings, dir, VERIFY).run();
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
