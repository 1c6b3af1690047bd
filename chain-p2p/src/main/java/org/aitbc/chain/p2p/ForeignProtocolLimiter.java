package org.aitbc.chain.p2p;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aitbc.chain.p2p.wire.ForeignProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down addresses whose connections speak another protocol ({@link ForeignProtocol}) on the P2P port,
 * without ever locking out an honest node behind the same address.
 *
 * <p>Per host, a window of {@link Config#window()} opens at its first foreign connection. The first
 * {@link Config#allowance()} foreign connections of a window are accepted, sniffed and closed; only after
 * that are new connections from the host closed at accept, until the window ends. A connection that speaks
 * our protocol never counts. So an honest node connecting right after one (or a few) foreign attempts from
 * its address always gets in, while a flood costs one table lookup per connection. The table holds at most
 * {@link Config#maxHosts()} hosts: expired windows go first, then the oldest window.
 *
 * <p>Logs once per host and window: at the first foreign connection, and when refusing starts. Time comes
 * from the injected clock. Thread-safe.
 */
public final class ForeignProtocolLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(ForeignProtocolLimiter.class);
  /** Longest window accepted: this is a brief slow-down, never a ban. */
  public static final Duration MAX_WINDOW = Duration.ofMinutes(10);

  /**
   * @param window how long a host is watched after its first foreign connection
   * @param allowance foreign connections per window that are still accepted (at least 1)
   * @param maxHosts hosts tracked at once
   */
  public record Config(Duration window, int allowance, int maxHosts) {
    public Config {
      if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
        throw new IllegalArgumentException("foreign-protocol window " + window + " is not in (0, " + MAX_WINDOW + "]");
      }
      if (allowance < 1 || allowance > 1_000) {
        throw new IllegalArgumentException("foreign-protocol allowance " + allowance + " is not in 1..1000");
      }
      if (maxHosts < 1 || maxHosts > 1_000_000) {
        throw new IllegalArgumentException("foreign-protocol table size " + maxHosts + " is not in 1..1000000");
      }
    }

    /** 30 s, 4 foreign connections, 4096 hosts. */
    public static Config defaults() {
      return new Config(Duration.ofSeconds(30), 4, 4096);
    }
  }

  /**
   * Counters for metrics.
   *
   * @param byProtocol foreign connections recognised, per protocol (every protocol present)
   * @param refused connections closed at accept because their host was over its allowance
   * @param evicted hosts dropped from a full table before their window ended
   * @param trackedHosts hosts in the table now
   */
  public record Stats(Map<ForeignProtocol, Long> byProtocol, long refused, long evicted, int trackedHosts) {
    public Stats {
      byProtocol = Map.copyOf(byProtocol);
    }

    public long total() {
      return byProtocol.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static final class Window {
    final long startMs;
    int attempts;
    boolean refusalLogged;

    Window(long startMs) {
      this.startMs = startMs;
    }
  }

  private final Config config;
  private final Clock clock;
  // insertion order = window start order, since a host is re-inserted when its new window opens
  private final LinkedHashMap<String, Window> hosts = new LinkedHashMap<>();
  private final EnumMap<ForeignProtocol, Long> counts = new EnumMap<>(ForeignProtocol.class);
  private long refused;
  private long evicted;

  public ForeignProtocolLimiter(Config config, Clock clock) {
    this.config = config;
    this.clock = clock;
    for (ForeignProtocol p : ForeignProtocol.values()) counts.put(p, 0L);
  }

  /** At accept: false when {@code host} used up its allowance of foreign connections in its current window. */
  public synchronized boolean admit(String host) {
    long now = clock.millis();
    expire(now);
    Window w = hosts.get(host);
    if (w == null || w.attempts < config.allowance()) return true;
    refused++;
    if (!w.refusalLogged) {
      w.refusalLogged = true;
      LOG.info("refusing new connections from {} for the rest of {}: {} connections in another protocol", host,
          Duration.ofMillis(w.startMs + config.window().toMillis() - now), w.attempts);
    }
    return false;
  }

  /** A connection from {@code remote} turned out to speak {@code protocol} (it is being closed). */
  public synchronized void foreign(HostPort remote, ForeignProtocol protocol) {
    long now = clock.millis();
    counts.merge(protocol, 1L, Long::sum);
    expire(now);
    Window w = hosts.get(remote.host());
    if (w == null) {
      if (hosts.size() >= config.maxHosts()) {
        Iterator<String> oldest = hosts.keySet().iterator();
        oldest.next();
        oldest.remove();
        evicted++;
      }
      w = new Window(now);
      hosts.put(remote.host(), w);
      LOG.info("closed {}: speaks {}, not this node's P2P protocol; {} rate-limited for {} (beyond {} such "
          + "connections, new ones are refused at accept)", remote, protocol.label(), remote.host(), config.window(),
          config.allowance());
    }
    w.attempts++;
  }

  public synchronized Stats stats() {
    expire(clock.millis());
    return new Stats(counts, refused, evicted, hosts.size());
  }

  /** Drops the windows that ended; they are the oldest, at the head of the table. */
  private void expire(long now) {
    long windowMs = config.window().toMillis();
    Iterator<Window> it = hosts.values().iterator();
    while (it.hasNext()) {
      if (now - it.next().startMs < windowMs) return;
      it.remove();
    }
  }
}
