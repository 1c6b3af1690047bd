package org.aitbc.chain.p2p.addr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.HostPort;
import org.aitbc.chain.p2p.message.PeerAddress;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of {@code peers.dat}, read at every start. The book is small (one new and one tried
 * bucket of {@link #BUCKET} addresses) so that what a file leaves behind in the buckets shows.
 */
class AddressBookFuzzTest {
  static final int BUCKET = 8;
  static final AddressBook.Config CONFIG = new AddressBook.Config(1, 1, BUCKET, Duration.ofSeconds(2),
      Duration.ofMinutes(10), 10, 1000, 0.1, Duration.ofDays(30), 8, 1.0 / 60);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
  static final Path DIR = tempDir();

  /**
   * Any file loads (a bad one is set aside); the book holds at most its capacity; saving and loading again
   * gives the same addresses, tried or not; and once it has forgotten every address it knows, it has room for
   * a full bucket of new and of tried ones again (nothing it loaded is left behind in a bucket).
   */
  @FuzzTest
  void peersDat(byte[] file) throws IOException {
    Path peers = DIR.resolve(AddressBook.FILE_NAME);
    try {
      Files.write(peers, file);
      AddressBook book = open();
      assertTrue(book.size() <= book.capacity(), book.size() + " addresses in a book of " + book.capacity());
      Map<HostPort, Boolean> known = known(book);
      book.save();
      assertEquals(known, known(open()), "after save and load");

      known.keySet().forEach(book::remove);
      assertEquals(0, book.size());
      for (int i = 1; i <= BUCKET; i++) {
        book.good(new HostPort("10.0.0." + i, 9000), Bytes.wrap(new byte[32]));
        assertTrue(book.addTrusted(new PeerAddress(new HostPort("10.1.0." + i, 9000), CLOCK.millis())), "new #" + i);
      }
      assertEquals(2 * BUCKET, book.size());
      assertEquals(BUCKET, book.triedCount());
    } finally {
      for (String suffix : new String[] {"", ".corrupt", ".tmp"}) {
        Files.deleteIfExists(DIR.resolve(AddressBook.FILE_NAME + suffix));
      }
    }
  }

  private static AddressBook open() {
    return new AddressBook(CONFIG, Optional.of(DIR), CLOCK, new Random(7));
  }

  /** Every address of the book, and whether it is tried. */
  private static Map<HostPort, Boolean> known(AddressBook book) {
    Map<HostPort, Boolean> m = new TreeMap<>(Comparator.comparing(HostPort::toString));
    for (PeerAddress a : book.sample(book.capacity())) m.put(a.endpoint(), book.isTried(a.endpoint()));
    assertEquals(book.size(), m.size(), "sample(capacity) lists every address once");
    return m;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("addrbook-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void removeTempDir() throws IOException {
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
