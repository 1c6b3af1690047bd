package org.aitbc.chain.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small filesystem (tmpfs, mounted for the test; needs root) that a test can fill to the last
 * kilobytes with a ballast file and free again, to see what the node does when its disk is full. When it
 * cannot be mounted the test fails with the reason; it is never skipped.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path dir;
  private final Path ballast;

  public SmallDisk(int megabytes) throws IOException, InterruptedException {
    dir = Files.createTempDirectory("small-disk");
    run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
    ballast = dir.resolve("ballast");
  }

  public Path dir() {
    return dir;
  }

  /** Fills the disk until only {@code leftBytes} are free. */
  public void fill(long leftBytes) throws IOException {
    long free = Files.getFileStore(dir).getUsableSpace();
    try (var out = Files.newOutputStream(ballast, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
      byte[] chunk = new byte[1 << 20];
      for (long n = free - leftBytes; n > 0; n -= chunk.length) out.write(chunk, 0, (int) Math.min(n, chunk.length));
    }
  }

  /** Gives the space back. */
  public void free() throws IOException {
    Files.deleteIfExists(ballast);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run("umount", "-l", dir.toString());
    Files.deleteIfExists(dir);
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed (this test needs root to mount a tmpfs): "
          + new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim());
    }
  }
}
