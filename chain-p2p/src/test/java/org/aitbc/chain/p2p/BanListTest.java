package org.aitbc.chain.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.aitbc.chain.core.util.Bytes;
import org.junit.jupiter.api.Test;

class BanListTest {
  static final Duration DAY = Duration.ofHours(24);
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final Bytes node = TestData.key(1).publicKey();

  @Test
  void anExemptHostIsNotBannedAndTheOutcomeSaysSo() {
    BanList bans = new BanList(clock, false);
    BanList.Outcome o = bans.banPeer("127.0.0.1", Optional.empty(), DAY);
    assertFalse(bans.isHostBanned("127.0.0.1"));
    assertFalse(o.banned());
    assertEquals("would ban 127.0.0.1 for PT24H (exempt: loopback), not banned", o.text());
    assertEquals(Optional.of("loopback"), bans.exemption("::1"));
  }

  @Test
  void anExemptHostsNodeIdIsStillBanned() {
    BanList bans = new BanList(clock, false);
    BanList.Outcome o = bans.banPeer("127.0.0.1", Optional.of(node), DAY);
    assertTrue(o.banned());
    assertTrue(bans.isNodeBanned(node));
    assertFalse(bans.isHostBanned("127.0.0.1"));
    assertEquals("banned node " + node.hex().substring(0, 16)
        + " for PT24H; would ban 127.0.0.1 for PT24H (exempt: loopback), host not banned", o.text());
  }

  @Test
  void otherHostsAndLoopbackWithBanLoopbackAreBannedUntilTheTimeEnds() {
    BanList bans = new BanList(clock, false);
    assertEquals("banned 10.1.2.3 for PT24H", bans.banPeer("10.1.2.3", Optional.empty(), DAY).text());
    assertTrue(bans.isHostBanned("10.1.2.3"));
    BanList strict = new BanList(clock, true);
    BanList.Outcome o = strict.banPeer("127.0.0.1", Optional.of(node), DAY);
    assertEquals("banned 127.0.0.1 and node " + node.hex().substring(0, 16) + " for PT24H", o.text());
    assertTrue(strict.isHostBanned("127.0.0.1"));
    clock.advance(DAY);
    assertFalse(bans.isHostBanned("10.1.2.3"));
    assertFalse(strict.isHostBanned("127.0.0.1"));
  }
}
