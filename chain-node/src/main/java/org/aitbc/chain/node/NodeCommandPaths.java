package org.aitbc.chain.node;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code bin/aitbc} from the running jar (chain-node/target/chain-node.jar -> ../../bin/aitbc). */
public final class NodeCommandPaths {
  private NodeCommandPaths() {}

  public static Path launcher() {
    try {
      Path jar = Path.of(NodeCommandPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = jar; p != null; p = p.getParent()) {
        Path l = p.resolve("bin/aitbc");
        if (Files.isExecutable(l)) return l;
      }
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    throw new CliException(1, "cannot find bin/aitbc next to the running code");
  }
}
