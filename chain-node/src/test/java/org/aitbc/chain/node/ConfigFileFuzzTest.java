package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import picocli.CommandLine;

/** Coverage-guided fuzzing of the node's {@code --config FILE} (config/*.properties), read at start. */
class ConfigFileFuzzTest {
  static final Path DIR = tempDir();

  /**
   * Any file: {@link ConfigFile#read} gives defaults or a {@link CliException} with exit code 1 and one
   * line naming the file; {@code node start} with those defaults parses or refuses with picocli's
   * {@link CommandLine.ParameterException} (a usage error), nothing else. What parses takes its
   * {@code rpc-host} from the file (the command-qualified key first, then the plain one), else the default.
   */
  @FuzzTest
  void configFile(byte[] file) throws IOException {
    Path f = DIR.resolve("node.properties");
    try {
      Files.write(f, file);
      CommandLine root = Main.commandLine();
      CommandLine.IDefaultValueProvider defaults;
      try {
        defaults = ConfigFile.read(f, Main.nodeStart(root));
      } catch (CliException e) {
        assertEquals(1, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().startsWith("config file " + f + ": "), e.getMessage());
        assertFalse(e.getMessage().lines().count() > 1, e.getMessage());
        return;
      }
      root.setDefaultValueProvider(defaults);
      CommandLine.ParseResult parsed;
      try {
        parsed = root.parseArgs("node", "start");
      } catch (CommandLine.ParameterException e) {
        return;
      }
      NodeCommand.Start start = parsed.subcommand().subcommand().commandSpec().commandLine().getCommand();
      Properties p = new Properties();
      p.load(new StringReader(new String(file, StandardCharsets.UTF_8)));
      String expected = p.getProperty("aitbc.node.start.rpc-host", p.getProperty("rpc-host", "127.0.0.1"));
      assertEquals(expected, start.rpcHost);
    } finally {
      Files.deleteIfExists(f);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("config-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each run deletes its file, so the folder is empty by now. */
  @AfterAll
  static void removeTempDir() throws IOException {
    Files.deleteIfExists(DIR);
  }
}
