package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.testing.Await;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@link Node} that cannot bind one of its ports fails with {@link Node.StartException} naming the flag,
 * and leaves nothing behind: every thread it started ends and its RocksDB is closed (the store opens again).
 */
class NodeStartAbortTest {
  /** Threads of the JVM, not of a node: grpc-java's one releaser of shared resources, the JDK's process reaper. */
  private static final List<String> JVM_WIDE = List.of("grpc-shared-destroyer", "process reaper");

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"--p2p-port", "--grpc-port", "--rpc-port"})
  void aTakenPortClosesEverythingAlreadyStarted(String flag) throws Exception {
    DevChain dev = new DevChain(tmp.resolve("home"), tmp.resolve("keystore"), DevChain.CHAIN_ID);
    dev.prepare(new SecureRandom());
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int busy = taken.getLocalPort();
      NodeConfig c = dev.config("127.0.0.1", flag.equals("--rpc-port") ? busy : 0, "127.0.0.1",
          flag.equals("--p2p-port") ? busy : 0, flag.equals("--grpc-port") ? busy : 0, List.of(), MempoolConfig.DEFAULTS, 0);
      Node.StartException e = assertThrows(Node.StartException.class, () -> new Node(c));
      assertEquals(flag + " " + busy + " is in use (Address already in use)", e.getMessage());
    }
    try {
      Await.until("every thread of the failed start to end", Duration.ofSeconds(15), () -> started(before).isEmpty());
    } catch (AssertionError timedOut) {
      assertEquals(Set.of(), started(before), "threads still running after the failed start");
    }
    Genesis genesis = Genesis.parse(Files.readAllBytes(dev.genesisFile));
    try (ChainStore again = ChainStore.open(dev.dataDir.resolve("chain"), genesis)) {
      assertEquals(0, again.head().height(), "the store was closed and opens again");
    }
  }

  private static Set<String> started(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
        .map(Thread::getName).filter(n -> JVM_WIDE.stream().noneMatch(n::startsWith)).collect(Collectors.toSet());
  }
}
