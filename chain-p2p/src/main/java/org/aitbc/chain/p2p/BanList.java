package org.aitbc.chain.p2p;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.aitbc.chain.core.util.Bytes;

/**
 * Banned hosts (IP literals or names) and node ids, each until a deadline of the injected clock. Thread-safe.
 *
 * <p>Misbehaviour bans ({@link #banPeer}) spare exempt hosts: loopback unless {@code banLoopback} (on one
 * machine a host ban would lock out every other local node). Their {@link Outcome} says so, and so must the
 * log: an exempt host is not banned. Bans by hand ({@link #banHost}) have no exemptions.
 */
public final class BanList {
  private final Clock clock;
  private final boolean banLoopback;
  private final Map<String, Long> hosts = new ConcurrentHashMap<>();
  private final Map<Bytes, Long> nodes = new ConcurrentHashMap<>();

  /**
   * What a misbehaviour ban did.
   *
   * @param nodeId the peer's node id if its handshake had completed (then that id is banned either way)
   * @param exemption why the host was not banned ("loopback"), empty if it was
   */
  public record Outcome(String host, Optional<Bytes> nodeId, Duration time, Optional<String> exemption) {
    /** Whether anything (host or node id) was banned. */
    public boolean banned() {
      return exemption.isEmpty() || nodeId.isPresent();
    }

    /** The log line, e.g. "would ban 127.0.0.1 for PT24H (exempt: loopback), not banned". */
    public String text() {
      String node = nodeId.map(id -> "node " + id.hex().substring(0, 16)).orElse("");
      if (exemption.isEmpty()) return "banned " + host + (node.isEmpty() ? "" : " and " + node) + " for " + time;
      String host = "would ban " + this.host + " for " + time + " (exempt: " + exemption.get() + ")";
      return node.isEmpty() ? host + ", not banned" : "banned " + node + " for " + time + "; " + host + ", host not banned";
    }
  }

  public BanList(Clock clock, boolean banLoopback) {
    this.clock = clock;
    this.banLoopback = banLoopback;
  }

  /** Bans a misbehaving peer's host (unless exempt) and its node id (if known). */
  public Outcome banPeer(String host, Optional<Bytes> nodeId, Duration time) {
    Optional<String> exemption = exemption(host);
    if (exemption.isEmpty()) banHost(host, time);
    nodeId.ifPresent(id -> banNode(id, time));
    return new Outcome(host, nodeId, time, exemption);
  }

  /** Why misbehaviour never bans {@code host}, empty if it may. */
  public Optional<String> exemption(String host) {
    return !banLoopback && isLoopback(host) ? Optional.of("loopback") : Optional.empty();
  }

  static boolean isLoopback(String host) {
    return host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1") || host.equals("localhost");
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
