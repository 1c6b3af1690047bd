package org.aitbc.chain.node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The node's {@code --config FILE}: a properties file of defaults for {@code node start}, keyed by its long
 * option names without dashes ({@code rpc-port = 8006}), or the same qualified by the command
 * ({@code aitbc.node.start.rpc-port}). Unlike picocli's own reader, which logs a warning and goes on
 * without the file when it cannot parse it, a file that is not what the operator meant stops the start:
 * it must be UTF-8 (so a path with {@code é} is read as written), every {@code \\uXXXX} escape must be
 * whole, and every key must name an option (a misspelt {@code rpc-prot} would otherwise leave the node on
 * the default port). Each refusal is a {@link CliException} with exit code 1 and one line that names the
 * file and what is wrong.
 */
final class ConfigFile {
  /** Far above any real config (the shipped ones are under 2 kB); a larger file is a mistake. */
  static final int MAX_BYTES = 1 << 20;

  private ConfigFile() {}

  /** Reads {@code file} as the defaults of {@code start} (the {@code node start} command's spec). */
  static CommandLine.IDefaultValueProvider read(Path file, CommandSpec start) {
    Properties p = parse(file, bytes(file));
    Set<String> names = optionKeys(start);
    String prefix = start.qualifiedName(".") + ".";
    for (String key : new TreeSet<>(p.stringPropertyNames())) {
      String name = key.startsWith(prefix) ? key.substring(prefix.length()) : key;
      if (!names.contains(name)) {
        throw refused(file, "unknown key '" + printable(key, 80) + "' (keys are the long options of `bin/aitbc node start --help`"
            + " without dashes, e.g. rpc-port)");
      }
    }
    return new CommandLine.PropertiesDefaultProvider(p);
  }

  private static byte[] bytes(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) throw refused(file, "larger than " + MAX_BYTES + " bytes");
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw refused(file, "cannot be read (" + printable(String.valueOf(e.getMessage()), 200) + ")");
    }
  }

  private static Properties parse(Path file, byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw refused(file, "not UTF-8 text");
    }
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IllegalArgumentException e) {
      throw refused(file, "a malformed \\uXXXX escape (four hex digits must follow \\u)");
    } catch (IOException e) {
      throw new AssertionError("a StringReader does not fail", e);
    }
    return p;
  }

  /** {@code config} itself is not a key: a config file does not name another. */
  private static Set<String> optionKeys(CommandSpec start) {
    return start.options().stream()
        .map(OptionSpec::longestName)
        .filter(n -> n.startsWith("--"))
        .map(n -> n.substring(2))
        .filter(n -> !n.equals("config"))
        .collect(Collectors.toUnmodifiableSet());
  }

  private static CliException refused(Path file, String what) {
    return new CliException(1, "config file " + printable(file.toString(), 300) + ": " + what);
  }

  /**
   * {@code s} with control, format and separator characters and lone surrogates as {@code \\uXXXX}, cut
   * after {@code max} characters, so that the error stays one readable line.
   */
  static String printable(String s, int max) {
    StringBuilder b = new StringBuilder();
    s.codePoints().takeWhile(cp -> b.length() < max).forEach(cp -> {
      int type = Character.getType(cp);
      if (Character.isISOControl(cp) || type == Character.SURROGATE || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        b.append(String.format("\\u%04x", cp));
      } else {
        b.appendCodePoint(cp);
      }
    });
    return b.length() >= max && !b.toString().equals(s) ? b.append("...").toString() : b.toString();
  }
}
