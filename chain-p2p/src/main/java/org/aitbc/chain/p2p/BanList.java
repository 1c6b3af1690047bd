package org.aitbc.chain.p2p;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aitbc.chain.core.util.Bytes;

/** Banned hosts (IP literals or names) and node ids, each until a deadline of the injected clock. Thread-safe. */
public final class BanList {
  private final Clock clock;
  private final Map<String, Long> hosts = new ConcurrentHashMap<>();
  private final Map<Bytes, Long> nodes = new ConcurrentHashMap<>();

  public BanList(Clock clock) {
    this.clock = clock;
  }

  public void banHost(String host, Duration time) {
    hosts.merge(host, clock.millis() + time.toMillis(), Math::max);
  }

  public void banNode(Bytes nodeId, Duration time) {
    nodes.merge(nodeId, clock.millis() + time.toMillis(), Math::max);
  }

  public boolean isHostBanned(String host) {
    return active(hosts, host);
  }

  public boolean isNodeBanned(Bytes nodeId) {
    return active(nodes, nodeId);
  }

  public void unbanHost(String host) {
    hosts.remove(host);
  }

  /** Bans still in force (expired ones are dropped). */
  public int activeCount() {
    long now = clock.millis();
    hosts.values().removeIf(until -> until <= now);
    nodes.values().removeIf(until -> until <= now);
    return hosts.size() + nodes.size();
  }

  private <K> boolean active(Map<K, Long> m, K key) {
    Long until = m.get(key);
    if (until == null) return false;
    if (until > clock.millis()) return true;
    m.remove(key, until);
    return false;
  }
}
