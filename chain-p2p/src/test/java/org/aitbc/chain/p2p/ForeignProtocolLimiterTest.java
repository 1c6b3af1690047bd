package org.aitbc.chain.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.aitbc.chain.p2p.wire.ForeignProtocol;
import org.junit.jupiter.api.Test;

class ForeignProtocolLimiterTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final ForeignProtocolLimiter limiter =
      new ForeignProtocolLimiter(new ForeignProtocolLimiter.Config(Duration.ofSeconds(30), 2, 3), clock);

  static HostPort from(String host) {
    return new HostPort(host, 40_000);
  }

  @Test
  void aHostIsAdmittedUntilItUsesUpItsAllowanceThenRefusedUntilTheWindowEnds() {
    assertTrue(limiter.admit("10.0.0.1"));
    limiter.foreign(from("10.0.0.1"), ForeignProtocol.LINE_JSON);
    assertTrue(limiter.admit("10.0.0.1"), "one foreign attempt never locks out the next connection");
    limiter.foreign(from("10.0.0.1"), ForeignProtocol.HTTP);
    assertFalse(limiter.admit("10.0.0.1"));
    assertTrue(limiter.admit("10.0.0.2"), "other hosts are not affected");
    clock.advance(Duration.ofSeconds(29));
    assertFalse(limiter.admit("10.0.0.1"));
    clock.advance(Duration.ofSeconds(1));
    assertTrue(limiter.admit("10.0.0.1"), "the window ended");
    ForeignProtocolLimiter.Stats s = limiter.stats();
    assertEquals(2, s.refused());
    assertEquals(1, s.byProtocol().get(ForeignProtocol.LINE_JSON));
    assertEquals(1, s.byProtocol().get(ForeignProtocol.HTTP));
    assertEquals(0, s.byProtocol().get(ForeignProtocol.TLS));
    assertEquals(2, s.total());
    assertEquals(0, s.trackedHosts(), "expired windows are dropped");
  }

  @Test
  void aNewWindowStartsAfterTheOldOneEnded() {
    limiter.foreign(from("10.0.0.1"), ForeignProtocol.TLS);
    clock.advance(Duration.ofSeconds(31));
    limiter.foreign(from("10.0.0.1"), ForeignProtocol.TLS);
    assertTrue(limiter.admit("10.0.0.1"), "the attempt of the old window does not count");
    limiter.foreign(from("10.0.0.1"), ForeignProtocol.TLS);
    assertFalse(limiter.admit("10.0.0.1"));
  }

  @Test
  void theTableIsBoundedAndEvictsTheOldestWindow() {
    for (int i = 1; i <= 5; i++) {
      limiter.foreign(from("10.0.0." + i), ForeignProtocol.LINE_JSON);
      limiter.foreign(from("10.0.0." + i), ForeignProtocol.LINE_JSON);
      clock.advance(Duration.ofSeconds(1));
    }
    ForeignProtocolLimiter.Stats s = limiter.stats();
    assertEquals(3, s.trackedHosts());
    assertEquals(2, s.evicted());
    assertTrue(limiter.admit("10.0.0.1"), "evicted: forgotten, not banned");
    assertTrue(limiter.admit("10.0.0.2"));
    assertFalse(limiter.admit("10.0.0.3"));
    assertFalse(limiter.admit("10.0.0.5"));
  }

  @Test
  void theConfigIsBoundedToABriefSlowDown() {
    assertThrows(IllegalArgumentException.class, () -> new ForeignProtocolLimiter.Config(Duration.ofHours(24), 4, 10));
    assertThrows(IllegalArgumentException.class, () -> new ForeignProtocolLimiter.Config(Duration.ZERO, 4, 10));
    assertThrows(IllegalArgumentException.class, () -> new ForeignProtocolLimiter.Config(Duration.ofSeconds(30), 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new ForeignProtocolLimiter.Config(Duration.ofSeconds(30), 4, 0));
    assertEquals(Duration.ofSeconds(30), P2pConfig.builder().build().foreignLimit().window());
  }
}
