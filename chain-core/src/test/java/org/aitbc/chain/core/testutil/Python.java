package org.aitbc.chain.core.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's Python 3 (the interpreter AITBC clients sign with) on a script, for oracle tests. */
public final class Python {
  public static final Path PYTHON3 = Path.of("/usr/bin/python3");

  private Python() {}

  /**
   * Runs {@code script} with {@code args}; fails the test with a clear message when Python is missing,
   * exits non-zero or takes longer than 60 s. Returns standard output.
   */
  public static String run(Path workDir, String script, List<String> args) throws IOException, InterruptedException {
    assertTrue(Files.isExecutable(PYTHON3), "this test needs Debian's " + PYTHON3
        + " to compare with real Python; install it with: sudo apt-get install -y python3-cryptography");
    Path scriptFile = workDir.resolve("oracle.py");
    Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
    List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON3.toString(), "-I", scriptFile.toString()));
    cmd.addAll(args);
    Path out = workDir.resolve("python.stdout");
    Path err = workDir.resolve("python.stderr");
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("python3 did not finish within 60 s");
    }
    assertEquals(0, p.exitValue(), () -> "python3 failed: " + read(err));
    return read(out);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + p + ": " + e.getMessage() + ")";
    }
  }
}
