package org.aitbc.chain.p2p;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The P2P layer's small files in the data directory (address book, bans): written whole or not at all. */
public final class DataFile {
  private static final Logger LOG = LoggerFactory.getLogger(DataFile.class);

  private DataFile() {}

  /** Writes {@code bytes} to a temporary sibling, forces it to disk, then renames it over {@code target}. */
  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** A file that does not parse is moved aside as {@code NAME.corrupt}, with a warning, and the node starts without it. */
  public static void setAside(Path path, String what, String problem) {
    Path aside = path.resolveSibling(path.getFileName() + ".corrupt");
    LOG.warn("{} file {} is unreadable ({}); moved to {}, starting without it", what, path, problem, aside);
    try {
      Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException moveFailed) {
      LOG.warn("could not move {} aside: {}", path, moveFailed.getMessage());
    }
  }
}
