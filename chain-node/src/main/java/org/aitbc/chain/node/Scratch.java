package org.aitbc.chain.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** What the benches and the soak need to run throwaway local nodes: fixed free ports, folders removed after. */
public final class Scratch {
  private Scratch() {}

  /** A port free on this machine now (the kernel's pick for port 0), for a child node's fixed port. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Removes {@code dir} and everything in it (a bench or soak folder). */
  public static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
