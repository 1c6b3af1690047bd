package org.aitbc.chain.p2p.addr;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source (a peer, or a network group of peers): {@code burst} tokens at first, then
 * {@code perSecond} more each second up to {@code burst} again. The least recently used of more than
 * {@value #MAX_SOURCES} sources is forgotten (it starts full again if it comes back). Not thread-safe: the
 * address book holds its lock around every call.
 */
final class SourceBudget {
  static final int MAX_SOURCES = 10_000;

  private static final class Tokens {
    double tokens;
    long updatedMs;
  }

  private final double burst;
  private final double perSecond;
  private final Clock clock;
  private final Map<String, Tokens> sources = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Tokens> eldest) {
      return size() > MAX_SOURCES;
    }
  };

  SourceBudget(double burst, double perSecond, Clock clock) {
    this.burst = burst;
    this.perSecond = perSecond;
    this.clock = clock;
  }

  /** Whether the source has a whole token now. */
  boolean available(String source) {
    return refill(source).tokens >= 1;
  }

  /** Takes one token; false (and nothing taken) when the source has none. */
  boolean take(String source) {
    Tokens t = refill(source);
    if (t.tokens < 1) return false;
    t.tokens -= 1;
    return true;
  }

  void forget(String source) {
    sources.remove(source);
  }

  private Tokens refill(String source) {
    long now = clock.millis();
    Tokens t = sources.computeIfAbsent(source, s -> {
      Tokens n = new Tokens();
      n.tokens = burst;
      n.updatedMs = now;
      return n;
    });
    t.tokens = Math.min(burst, t.tokens + Math.max(0, now - t.updatedMs) / 1000.0 * perSecond);
    t.updatedMs = now;
    return t;
  }
}
