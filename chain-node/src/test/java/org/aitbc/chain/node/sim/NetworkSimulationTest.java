package org.aitbc.chain.node.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Replaying and reporting of the seeded network simulation. */
class NetworkSimulationTest {

  /** {@code -Dsim.seed=N} replays the run of seed N (as printed by a failure); without it, a fixed seed runs. */
  @Test
  void theSeedGivenAsSimSeedReplaysOrAFixedSeedRuns() throws Exception {
    NetworkSimulation.Result r = NetworkSimulationProperties.run(Long.getLong("sim.seed", 424_242L),
        NetworkSimulation.Settings.defaults());
    assertTrue(r.height() > 0, r.toString());
  }

  @Test
  void theSameSeedPlaysTheSameRunEventForEvent() throws Exception {
    NetworkSimulation.Settings short_ = NetworkSimulation.Settings.defaults().withRounds(1, 60);
    NetworkSimulation.Result a = NetworkSimulationProperties.run(20_240_601L, short_);
    NetworkSimulation.Result b = NetworkSimulationProperties.run(20_240_601L, short_);
    assertEquals(a, b);
    assertTrue(a.height() > 0 && a.delivered() > 0 && a.dropped() > 0, a.toString());
  }

  @Test
  void aRunWhoseHeadsCannotAgreeFailsWithItsSeedAndTheReplayCommand() {
    NetworkSimulation.Settings d = NetworkSimulation.Settings.defaults();
    NetworkSimulation.Settings lossy = new NetworkSimulation.Settings(2, 1, 20, 30, d.stepMs(), 1.0, 1.0,
        d.maxDelaySteps(), 0, 0, d.pullRate(), d.pullBatch()); // every message lost: followers never learn a block
    NetworkSimulation.Failure f = assertThrows(NetworkSimulation.Failure.class,
        () -> NetworkSimulationProperties.run(77L, lossy));
    assertTrue(f.getMessage().contains("seed 77 failed") && f.getMessage().contains("-Dsim.seed=77")
        && f.getMessage().contains("heads did not agree"), f.getMessage());
  }
}
