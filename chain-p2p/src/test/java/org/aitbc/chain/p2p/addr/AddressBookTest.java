package org.aitbc.chain.p2p.addr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.aitbc.chain.p2p.HostPort;
import org.aitbc.chain.p2p.MutableClock;
import org.aitbc.chain.p2p.TestData;
import org.aitbc.chain.p2p.message.PeerAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressBookTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final AddressBook.Config config = AddressBook.Config.defaults().withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(60));

  AddressBook book(Optional<Path> dir) {
    return new AddressBook(config, dir, clock, new Random(1));
  }

  PeerAddress addr(String host, int port) {
    return new PeerAddress(new HostPort(host, port), clock.millis());
  }

  static List<PeerAddress> spread(int n, long seenMs) {
    List<PeerAddress> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(new PeerAddress(new HostPort((i % 200) + "." + (i / 200) + ".3.4", 9001), seenMs));
    return out;
  }

  @Test
  void addressesHeardFromAPeerAreKeptAndSampled() {
    AddressBook b = book(Optional.empty());
    assertEquals(2, b.add(List.of(addr("10.0.0.1", 9001), addr("11.0.0.1", 9001)), "peer1", "192.168.1.1"));
    assertEquals(2, b.size());
    assertEquals(Set.of(new HostPort("10.0.0.1", 9001), new HostPort("11.0.0.1", 9001)),
        new HashSet<>(b.sample(1000).stream().map(PeerAddress::endpoint).toList()));
    assertEquals(1, b.sample(1).size());
  }

  @Test
  void aSourceCannotFloodTheBookBeyondItsTokens() {
    AddressBook b = book(Optional.empty());
    List<PeerAddress> many = spread(3000, clock.millis());
    int first = b.add(many.subList(0, 1000), "flooder", "1.2.3.4");
    assertTrue(first > 0);
    int size = b.size();
    assertEquals(0, b.add(many.subList(1000, 2000), "flooder", "1.2.3.4"), "no tokens left");
    assertEquals(size, b.size());
    clock.advance(Duration.ofSeconds(50)); // 0.1 per second -> 5 more
    assertTrue(b.add(many.subList(2000, 2100), "flooder", "1.2.3.4") <= 5);
    assertTrue(b.add(List.of(addr("9.9.9.9", 1)), "honest", "5.6.7.8") == 1, "other sources are unaffected");
  }

  @Test
  void theBookIsBoundedWhateverItIsFed() {
    AddressBook b = book(Optional.empty());
    for (int s = 0; s < 50; s++) b.add(spread(1000, clock.millis() + s), "src" + s, s + ".1.1.1");
    assertTrue(b.size() <= b.capacity(), b.size() + " > " + b.capacity());
    assertTrue(b.size() > 100);
  }

  @Test
  void oneNetworkGroupFromOneSourceFillsASingleBucket() {
    AddressBook b = book(Optional.empty());
    List<PeerAddress> sameGroup = new ArrayList<>();
    for (int i = 0; i < 900; i++) sameGroup.add(new PeerAddress(new HostPort("10.1." + (i / 250) + "." + (i % 250), 9001), clock.millis()));
    b.add(sameGroup, "sybil", "10.1.0.1");
    assertEquals(config.bucketSize(), b.size());
  }

  @Test
  void oneSourceGroupHoldsAtMostItsFewNewBucketsHoweverManyGroupsItNames() {
    AddressBook b = book(Optional.empty());
    b.add(spread(1000, clock.millis()), "flooder", "1.2.3.4");
    assertTrue(b.size() <= AddressBook.NEW_BUCKETS_PER_SOURCE_GROUP * config.bucketSize(), b.size() + " addresses");
    b.add(spread(1000, clock.millis()), "other", "5.6.7.8");
    assertTrue(b.size() > AddressBook.NEW_BUCKETS_PER_SOURCE_GROUP * config.bucketSize(), "another source group adds more");
  }

  @Test
  void newAddressesOfOneSourceGroupAreDrawnOnlyWithinItsDialBudget() {
    AddressBook b = new AddressBook(config.withDialBudget(3, 1 / 60.0), Optional.empty(), clock, new Random(5));
    b.add(spread(1000, clock.millis()), "flooder", "1.2.3.4");
    Set<HostPort> drawn = new HashSet<>();
    for (int i = 0; i < 10; i++) b.select(drawn).ifPresent(drawn::add);
    assertEquals(3, drawn.size(), "the budget: 3 at first");
    b.add(List.of(addr("9.9.9.9", 1)), "honest", "5.6.7.8");
    assertEquals(Optional.of(new HostPort("9.9.9.9", 1)), b.select(drawn), "another source's address is still drawn");
    Set<HostPort> all = new HashSet<>(drawn);
    all.add(new HostPort("9.9.9.9", 1));
    assertEquals(Optional.empty(), b.select(all), "the flooder's budget is spent");
    clock.advance(Duration.ofMinutes(1));
    assertTrue(b.select(drawn).isPresent(), "one more a minute later");
  }

  @Test
  void aSuccessfulHandshakeMovesTheAddressToTried() {
    AddressBook b = book(Optional.empty());
    HostPort hp = new HostPort("10.0.0.1", 9001);
    b.add(List.of(new PeerAddress(hp, clock.millis())), "p", "1.1.1.1");
    assertFalse(b.isTried(hp));
    b.good(hp, TestData.key(1).publicKey());
    assertTrue(b.isTried(hp));
    assertEquals(1, b.triedCount());
    assertEquals(TestData.key(1).publicKey(), b.sample(1).get(0).nodeId());
  }

  @Test
  void failedAddressesBackOffExponentially() {
    AddressBook b = book(Optional.empty());
    HostPort hp = new HostPort("10.0.0.1", 9001);
    b.addTrusted(new PeerAddress(hp, clock.millis()));
    assertEquals(Optional.of(hp), b.select(Set.of()));
    b.attempt(hp);
    assertEquals(Optional.empty(), b.select(Set.of()), "in backoff right after a failure");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(Optional.of(hp), b.select(Set.of()));
    b.attempt(hp);
    clock.advance(Duration.ofSeconds(3));
    assertEquals(Optional.empty(), b.select(Set.of()), "second failure waits 4 s");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Optional.of(hp), b.select(Set.of()));
    assertEquals(Optional.empty(), b.select(Set.of(hp)), "excluded addresses are never chosen");
    assertEquals(60_000, b.backoffMs(40), "capped");
  }

  @Test
  void aHandshakeKeepsTheBackoffOnlyAConnectionThatLastedClearsIt() {
    AddressBook b = book(Optional.empty());
    HostPort hp = new HostPort("10.0.0.1", 9001);
    b.addTrusted(new PeerAddress(hp, clock.millis()));
    for (int i = 0; i < 3; i++) { // dialed, handshake, closed at once (it banned us): three times
      clock.advance(Duration.ofMillis(b.backoffMs(i)));
      assertEquals(Optional.of(hp), b.select(Set.of()), "dial " + i);
      b.attempt(hp);
      b.good(hp, TestData.key(1).publicKey());
    }
    clock.advance(Duration.ofSeconds(7));
    assertEquals(Optional.empty(), b.select(Set.of()), "the third short connection waits 8 s, not nothing");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Optional.of(hp), b.select(Set.of()));
    b.attempt(hp);
    b.good(hp, TestData.key(1).publicKey());
    b.stable(hp);
    assertEquals(Optional.of(hp), b.select(Set.of()), "a connection that lasted clears the backoff");
    assertTrue(b.contains(hp), "an address that once worked is never forgotten for failures");
  }

  @Test
  void anAddressThatNeverWorkedIsForgottenAfterTooManyFailures() {
    AddressBook b = book(Optional.empty());
    HostPort hp = new HostPort("10.0.0.1", 9001);
    b.addTrusted(new PeerAddress(hp, clock.millis()));
    for (int i = 0; i < config.maxFailures(); i++) b.attempt(hp);
    assertFalse(b.contains(hp));
  }

  @Test
  void addressesOlderThanTheHorizonAreIgnored() {
    AddressBook b = book(Optional.empty());
    long old = clock.millis() - Duration.ofDays(31).toMillis();
    assertEquals(0, b.add(List.of(new PeerAddress(new HostPort("10.0.0.1", 1), old)), "p", "1.1.1.1"));
  }

  @Test
  void theBookSurvivesARestart(@TempDir Path dir) throws IOException {
    AddressBook b = book(Optional.of(dir));
    b.add(spread(300, clock.millis()), "p", "1.1.1.1");
    HostPort good = new HostPort("0.0.3.4", 9001);
    b.good(good, TestData.key(3).publicKey());
    b.save();
    assertFalse(Files.exists(dir.resolve(AddressBook.FILE_NAME + ".tmp")));
    AddressBook again = book(Optional.of(dir));
    assertEquals(b.size(), again.size());
    assertTrue(again.isTried(good));
    assertEquals(new HashSet<>(b.sample(2000)), new HashSet<>(again.sample(2000)));
  }

  @Test
  void aCorruptFileIsSetAsideAndTheBookStartsEmpty(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve(AddressBook.FILE_NAME), new byte[] {(byte) 0xff, 0x01, 0x02});
    AddressBook b = book(Optional.of(dir));
    assertEquals(0, b.size());
    assertTrue(Files.exists(dir.resolve(AddressBook.FILE_NAME + ".corrupt")));
    b.addTrusted(addr("10.0.0.1", 1));
    b.saveIfDirty();
    assertEquals(1, book(Optional.of(dir)).size());
  }

  @Test
  void theNetworkGroupOfAnIpv4AddressIsItsSlash16() {
    assertEquals("10.1", AddressBook.group("10.1.2.3"));
    assertEquals("example.org", AddressBook.group("Example.ORG"));
    assertEquals("2001:db8", AddressBook.group("2001:db8::1"));
  }
}
