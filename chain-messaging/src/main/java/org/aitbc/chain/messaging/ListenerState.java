package org.aitbc.chain.messaging;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;

/**
 * What a listener keeps on disk: its inbox cursor and the ids of the envelopes it has processed
 * (sender + id, the most recent {@value #MAX_SEEN}), so that a restart neither replays nor misses a
 * message and a resent message is processed once. One JSON file per address, replaced atomically
 * (written to a temporary file, forced to disk, renamed over the old one).
 *
 * @param seen "sender/id" keys, oldest first
 */
public record ListenerState(String address, String cursor, List<String> seen) {
  public static final int MAX_SEEN = 10_000;
  static final int MAX_FILE_BYTES = 4 << 20;

  public ListenerState {
    seen = List.copyOf(seen.size() > MAX_SEEN ? seen.subList(seen.size() - MAX_SEEN, seen.size()) : seen);
  }

  public static String seenKey(String from, String id) {
    return from + "/" + id;
  }

  public JsonObject toJson() {
    List<JsonValue> ids = new ArrayList<>();
    for (String k : seen) ids.add(JsonValue.str(k));
    return Json.obj("version", 1, "address", address, "cursor", cursor, "seen", Json.arr(ids));
  }

  /** The state file of one address in a folder. */
  public static final class Store {
    private final Path file;

    public Store(Path dir, String address) {
      this.file = dir.resolve("listener-" + address + ".json");
    }

    public Path file() {
      return file;
    }

    /** The saved state; empty when there is none. A damaged file is an error, not a silent restart. */
    public Optional<ListenerState> load() throws IOException {
      byte[] b;
      try {
        if (Files.size(file) > MAX_FILE_BYTES) throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
        b = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
      try {
        if (JsonParser.parse(b) instanceof JsonObject o
            && o.get("address").orElse(null) instanceof JsonValue.JsonString a
            && o.get("cursor").orElse(null) instanceof JsonValue.JsonString c
            && o.get("seen").orElse(null) instanceof JsonValue.JsonArray s) {
          List<String> seen = new ArrayList<>();
          for (JsonValue v : s.elements()) {
            if (!(v instanceof JsonValue.JsonString k)) throw new IOException(file + ": seen holds a non-string");
            seen.add(k.value());
          }
          return Optional.of(new ListenerState(a.value(), c.value(), seen));
        }
      } catch (JsonParseException e) {
        // reported below
      }
      throw new IOException(file + " is not a listener state file (delete it to start again from the head)");
    }

    public void save(ListenerState state) throws IOException {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      byte[] b = (PyJson.compactUnsorted(state.toJson()) + "\n").getBytes(StandardCharsets.US_ASCII);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
