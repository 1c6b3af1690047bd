package org.aitbc.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigFileTest {
  @TempDir Path dir;

  @Test
  void theShippedConfigsGiveTheirValuesToNodeStart() throws IOException {
    NodeCommand.Start start = startWith(Files.readAllBytes(Path.of("../config/follower.properties")));
    assertEquals(8016, start.rpcPort);
    assertEquals(java.util.List.of("127.0.0.1:9001"), start.peers);
    assertEquals(Path.of("data/follower-1"), start.dataDir);
    assertEquals(8006, startWith(Files.readAllBytes(Path.of("../config/genesis-node.properties"))).rpcPort);
  }

  @Test
  void aKeyQualifiedByTheCommandWinsOverThePlainOne() {
    NodeCommand.Start start = startWith("rpc-host = 127.0.0.2\naitbc.node.start.rpc-host = 10.0.0.1\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("10.0.0.1", start.rpcHost);
  }

  @Test
  void aPathIsReadAsUtf8AsWritten() {
    assertEquals(Path.of("/srv/données"), startWith("data-dir = /srv/données\n".getBytes(StandardCharsets.UTF_8)).dataDir);
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedRatherThanReadAsLatin1() {
    assertEquals("not UTF-8 text", refusal("data-dir = /srv/donn\u00e9es\n".getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void aMalformedUnicodeEscapeIsAnErrorLineNotAStackTraceNorAFileSilentlyIgnored() {
    assertEquals("a malformed \\uXXXX escape (four hex digits must follow \\u)",
        refusal("data-dir = /tmp/\\u12\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aMisspeltKeyIsRefusedSoTheNodeDoesNotStartOnTheDefaultPort() {
    assertEquals("unknown key 'rpc-prot' (keys are the long options of `bin/aitbc node start --help` without dashes, e.g. rpc-port)",
        refusal("rpc-port = 8016\nrpc-prot = 8006\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals("unknown key 'config' (keys are the long options of `bin/aitbc node start --help` without dashes, e.g. rpc-port)",
        refusal("config = other.properties\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aKeyWithControlCharactersIsShownEscapedOnOneLine() {
    assertEquals("unknown key 'a\\u001bb' (keys are the long options of `bin/aitbc node start --help` without dashes, e.g. rpc-port)",
        refusal("a\u001bb = 1\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aFileOverOneMebibyteIsRefusedUnread() {
    byte[] big = new byte[ConfigFile.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) '#');
    assertEquals("larger than 1048576 bytes", refusal(big));
  }

  @Test
  void aValueOfTheWrongTypeIsPicocliUsageError() {
    CommandLine root = Main.commandLine();
    root.setDefaultValueProvider(ConfigFile.read(write("rpc-port = 80x6\n".getBytes(StandardCharsets.UTF_8)), Main.nodeStart(root)));
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, () -> root.parseArgs("node", "start"));
    assertEquals("Invalid value for option '--rpc-port': '80x6' is not an int", e.getMessage());
  }

  private NodeCommand.Start startWith(byte[] file) {
    CommandLine root = Main.commandLine();
    root.setDefaultValueProvider(ConfigFile.read(write(file), Main.nodeStart(root)));
    return root.parseArgs("node", "start").subcommand().subcommand().commandSpec().commandLine().getCommand();
  }

  /** The part of the error line after "config file PATH: ". */
  private String refusal(byte[] file) {
    Path f = write(file);
    CliException e = assertThrows(CliException.class, () -> ConfigFile.read(f, Main.nodeStart(Main.commandLine())));
    assertEquals(1, e.exitCode());
    String prefix = "config file " + f + ": ";
    assertEquals(prefix, e.getMessage().substring(0, prefix.length()), e.getMessage());
    return e.getMessage().substring(prefix.length());
  }

  private Path write(byte[] file) {
    try {
      return Files.write(dir.resolve("node.properties"), file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
