package org.aitbc.chain.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.wire.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BanListTest {
  static final Duration DAY = Duration.ofHours(24);
  static final Duration SHORT = Duration.ofMinutes(10);
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final Bytes node = TestData.key(1).publicKey();
  @TempDir Path dir;

  BanList list(boolean strictLoopback) {
    return new BanList(clock, strictLoopback, DAY, SHORT, Optional.of(dir));
  }

  @Test
  void garbageDiscouragesTheAddressForAShortWhileAndBansNothing() {
    BanList bans = list(false);
    BanList.Outcome o = bans.penalize("10.1.2.3", Optional.of(node), Violation.BAD_CHECKSUM, "frame 7");
    assertEquals(Violation.Penalty.DISCOURAGE, o.penalty());
    assertEquals("disconnected 10.1.2.3 after BAD_CHECKSUM (frame 7); address 10.1.2.3 discouraged for PT10M (not dialed, "
        + "few inbound connections; not banned: other nodes may share it)", o.text());
    assertTrue(bans.isDiscouraged("10.1.2.3"));
    assertFalse(bans.isHostBanned("10.1.2.3"));
    assertFalse(bans.isNodeBanned(node), "garbage is not provable misbehaviour of a node id");
    clock.advance(SHORT);
    assertFalse(bans.isDiscouraged("10.1.2.3"), "the discouragement ends");
  }

  @Test
  void anInvalidBlockFromAPeerWithANodeIdBansTheIdForLongAndOnlyDiscouragesItsAddress() {
    BanList bans = list(false);
    BanList.Outcome o = bans.penalize("10.1.2.3", Optional.of(node), Violation.INVALID_BLOCK, "bad state root");
    assertEquals(Violation.Penalty.BAN, o.penalty());
    assertEquals("banned node " + node.hex().substring(0, 16) + " for PT24H after INVALID_BLOCK (bad state root); address "
        + "10.1.2.3 discouraged for PT10M (not dialed, few inbound connections; not banned: other nodes may share it)", o.text());
    assertTrue(bans.isNodeBanned(node));
    assertFalse(bans.isHostBanned("10.1.2.3"), "honest nodes behind the same address are not locked out");
    clock.advance(SHORT);
    assertFalse(bans.isDiscouraged("10.1.2.3"));
    assertTrue(bans.isNodeBanned(node));
    clock.advance(DAY);
    assertFalse(bans.isNodeBanned(node));
  }

  @Test
  void anInvalidTxBeforeAnyHandshakeHasNoNodeIdToBanAndOnlyDiscourages() {
    BanList bans = list(false);
    BanList.Outcome o = bans.penalize("10.1.2.3", Optional.empty(), Violation.INVALID_TX, "bad signature");
    assertEquals(Violation.Penalty.DISCOURAGE, o.penalty());
    assertTrue(o.nodeBan().isEmpty());
  }

  @Test
  void loopbackIsExemptFromDiscouragementAndTheLogSaysSoWhileTheNodeIdIsStillBanned() {
    BanList bans = list(false);
    BanList.Outcome garbage = bans.penalize("127.0.0.1", Optional.empty(), Violation.BAD_MAGIC, "");
    assertEquals("disconnected 127.0.0.1 after BAD_MAGIC; address 127.0.0.1 not discouraged (exempt: loopback)", garbage.text());
    assertFalse(bans.isDiscouraged("127.0.0.1"));
    BanList.Outcome invalid = bans.penalize("127.0.0.1", Optional.of(node), Violation.INVALID_TX, "bad signature");
    assertEquals("banned node " + node.hex().substring(0, 16) + " for PT24H after INVALID_TX (bad signature); address "
        + "127.0.0.1 not discouraged (exempt: loopback)", invalid.text());
    assertTrue(bans.isNodeBanned(node));
    assertTrue(list(true).penalize("127.0.0.1", Optional.empty(), Violation.BAD_MAGIC, "").discouragement().isPresent(),
        "with strict loopback, loopback is discouraged too");
  }

  @Test
  void timeoutsAndDuplicatesOnlyClose() {
    BanList.Outcome o = list(false).penalize("10.1.2.3", Optional.of(node), Violation.PING_TIMEOUT, "no pong");
    assertEquals(Violation.Penalty.NONE, o.penalty());
    assertEquals("closed 10.1.2.3: PING_TIMEOUT (no pong)", o.text());
  }

  @Test
  void bansPersistAcrossRestartsAndDiscouragementsDoNot() {
    BanList bans = list(false);
    bans.penalize("10.1.2.3", Optional.of(node), Violation.INVALID_BLOCK, "bad state root");
    bans.banHost("10.9.9.9", DAY, "banned by hand");
    BanList restarted = list(false);
    assertTrue(restarted.isNodeBanned(node));
    assertTrue(restarted.isHostBanned("10.9.9.9"));
    assertFalse(restarted.isDiscouraged("10.1.2.3"));
    BanList.Ban b = restarted.list().stream().filter(x -> x.kind() == BanList.Kind.NODE).findFirst().orElseThrow();
    assertEquals("INVALID_BLOCK (bad state root)", b.reason());
    assertEquals(clock.millis() + DAY.toMillis(), b.untilMs());
    clock.advance(DAY);
    assertFalse(list(false).isNodeBanned(node), "an expired ban is not loaded");
  }

  @Test
  void liftingByHostOrNodeIdPrefixRemovesTheEntriesAndPersists() {
    BanList bans = list(false);
    bans.penalize("10.1.2.3", Optional.of(node), Violation.INVALID_BLOCK, "bad state root");
    assertEquals(2, bans.list().size());
    assertEquals(List.of(), bans.lift(node.hex().substring(0, 7)), "fewer than 8 digits match nothing");
    List<BanList.Ban> lifted = bans.lift(node.hex().substring(0, 12).toUpperCase());
    assertEquals(1, lifted.size());
    assertEquals(BanList.Kind.NODE, lifted.get(0).kind());
    assertFalse(list(false).isNodeBanned(node), "the lift is persisted");
    assertEquals(1, bans.lift("10.1.2.3").size());
    assertFalse(bans.isDiscouraged("10.1.2.3"));
    bans.banHost("10.9.9.9", DAY, "banned by hand");
    bans.penalize("10.4.4.4", Optional.empty(), Violation.MALFORMED_MESSAGE, "");
    assertEquals(2, bans.liftAll().size());
    assertEquals(0, bans.activeCount());
  }

  @Test
  void anUnreadableBansFileIsSetAsideAndTheNodeStartsWithoutIt() throws Exception {
    Files.writeString(dir.resolve(BanList.FILE_NAME), "{\"bans\": [{\"kind\": \"node\", \"target\": \"zz\"}]}");
    BanList bans = list(false);
    assertEquals(0, bans.activeCount());
    assertTrue(Files.exists(dir.resolve(BanList.FILE_NAME + ".corrupt")));
    bans.banHost("10.9.9.9", DAY, "banned by hand");
    assertTrue(list(false).isHostBanned("10.9.9.9"), "a new file is written");
  }

  @Test
  void discouragedAddressesAreBoundedInNumber() {
    BanList bans = list(false);
    for (int i = 0; i < BanList.MAX_DISCOURAGED + 5; i++) {
      bans.penalize("10.0." + (i >> 8) + "." + (i & 255), Optional.empty(), Violation.BAD_MAGIC, "");
    }
    assertEquals(BanList.MAX_DISCOURAGED, bans.activeCount());
    assertFalse(bans.isDiscouraged("10.0.0.0"), "the oldest went first");
    assertTrue(bans.isDiscouraged("10.0.39.20"));
  }
}
