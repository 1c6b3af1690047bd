package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-node ping/pong with real processes: {@code aitbc demo} starts a genesis node and a follower,
 * runs agent B as an {@code agent listen --reply ping=pong} process on the genesis node and sends pings
 * from agent A through the follower.
 */
class DemoIT {
  @TempDir Path home;

  @Test
  void pingsSentThroughTheFollowerAreAnsweredByAListenerOnTheGenesisNode() throws Exception {
    StringBuilder out = new StringBuilder();
    int code = NodeProcess.run(home, List.of("demo", "--exchanges", "3", "--block-time-ms", "250"), out);
    assertEquals(0, code, out::toString);
    assertEquals(3, out.toString().lines().filter(l -> l.startsWith("ping -> pong")).count(), out::toString);
    assertTrue(out.toString().contains("round trip over 3 exchanges"), out::toString);
  }
}
