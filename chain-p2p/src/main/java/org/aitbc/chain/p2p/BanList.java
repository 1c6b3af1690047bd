package org.aitbc.chain.p2p;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.wire.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whom the node refuses, as Bitcoin Core does it: garbage, a foreign protocol or another network costs the
 * address a short <em>discouragement</em> (kept in memory); a long <em>ban</em> is only for provable
 * misbehaviour (an invalid block or transaction that a peer with a completed handshake sent) and is bound to
 * that peer's node id, not to its address, so honest nodes behind the same NAT address are not locked out.
 * Bans (of node ids, and of hosts banned by hand) persist in {@code bans.json} across restarts.
 *
 * <p>A discouraged address is never dialed from the address book, and only a few inbound connections from it
 * are accepted at a time (see {@link P2pNetwork}); it is never refused outright. Loopback is exempt from
 * discouragement unless {@code strictLoopback} (on one machine every local node shares 127.0.0.1).
 *
 * <p>Thread-safe (every method is synchronized: bans are rare and the maps small).
 */
public final class BanList {
  private static final Logger LOG = LoggerFactory.getLogger(BanList.class);
  public static final String FILE_NAME = "bans.json";
  /** Discouraged addresses kept at most (the oldest go first): an attacker with many addresses costs bounded memory. */
  static final int MAX_DISCOURAGED = 10_000;

  /** What is refused. */
  public enum Kind {
    /** A node id, after provable misbehaviour. */
    NODE,
    /** A host banned by hand. */
    HOST,
    /** An address discouraged after garbage (short, not persisted). */
    DISCOURAGED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One entry: what, whom (a host, or a node id in hex), from and until when, and why. */
  public record Ban(Kind kind, String target, long sinceMs, long untilMs, String reason) {}

  /** What a penalty did, and the log line that says so. */
  public record Outcome(Violation.Penalty penalty, Optional<Ban> nodeBan, Optional<Ban> discouragement,
      Optional<String> exemption, String text) {}

  private final Clock clock;
  private final boolean strictLoopback;
  private final Duration banTime;
  private final Duration discourageTime;
  private final Optional<Path> file;
  private final Map<String, Ban> bans = new LinkedHashMap<>(); // key: kind + target
  private final LinkedHashMap<String, Ban> discouraged = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Ban> eldest) {
      return size() > MAX_DISCOURAGED;
    }
  };

  /**
   * @param dataDir where {@code bans.json} lives; empty for bans kept in memory only
   */
  public BanList(Clock clock, boolean strictLoopback, Duration banTime, Duration discourageTime, Optional<Path> dataDir) {
    this.clock = clock;
    this.strictLoopback = strictLoopback;
    this.banTime = banTime;
    this.discourageTime = discourageTime;
    this.file = dataDir.map(d -> d.resolve(FILE_NAME));
    file.ifPresent(this::load);
  }

  /**
   * Applies the violation's penalty to a peer: nothing but the close (timeouts, duplicates), a discouragement of
   * its address (garbage, wrong protocol or network), or a ban of its node id and a discouragement of its
   * address (provable misbehaviour; without a completed handshake there is no node id and it counts as garbage).
   */
  public synchronized Outcome penalize(String host, Optional<Bytes> nodeId, Violation v, String detail) {
    Violation.Penalty penalty = v.penalty();
    if (penalty == Violation.Penalty.BAN && nodeId.isEmpty()) penalty = Violation.Penalty.DISCOURAGE;
    String why = v + (detail.isEmpty() ? "" : " (" + detail + ")");
    if (penalty == Violation.Penalty.NONE) {
      return new Outcome(penalty, Optional.empty(), Optional.empty(), Optional.empty(), "closed " + host + ": " + why);
    }
    long now = clock.millis();
    Optional<Ban> node = Optional.empty();
    StringBuilder text = new StringBuilder();
    if (penalty == Violation.Penalty.BAN) {
      Ban b = new Ban(Kind.NODE, nodeId.get().hex(), now, now + banTime.toMillis(), why);
      put(b);
      node = Optional.of(b);
      text.append("banned node ").append(b.target(), 0, 16).append(" for ").append(banTime).append(" after ").append(why)
          .append("; ");
    } else {
      text.append("disconnected ").append(host).append(" after ").append(why).append("; ");
    }
    Optional<String> exemption = exemption(host);
    Optional<Ban> discouragement = Optional.empty();
    if (exemption.isPresent()) {
      text.append("address ").append(host).append(" not discouraged (exempt: ").append(exemption.get()).append(')');
    } else {
      Ban d = new Ban(Kind.DISCOURAGED, host, now, now + discourageTime.toMillis(), why);
      discouraged.remove(host);
      discouraged.put(host, d);
      discouragement = Optional.of(d);
      text.append("address ").append(host).append(" discouraged for ").append(discourageTime)
          .append(" (not dialed, few inbound connections; not banned: other nodes may share it)");
    }
    return new Outcome(penalty, node, discouragement, exemption, text.toString());
  }

  /** Why misbehaviour never discourages {@code host}, empty if it may. */
  public Optional<String> exemption(String host) {
    return !strictLoopback && isLoopback(host) ? Optional.of("loopback") : Optional.empty();
  }

  static boolean isLoopback(String host) {
    return host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1") || host.equals("localhost");
  }

  /** Bans a host by hand, with no exemption (persisted). */
  public synchronized void banHost(String host, Duration time, String reason) {
    long now = clock.millis();
    put(new Ban(Kind.HOST, host, now, now + time.toMillis(), reason));
  }

  public synchronized boolean isHostBanned(String host) {
    return active(bans, Kind.HOST.label() + host) != null;
  }

  public synchronized boolean isNodeBanned(Bytes nodeId) {
    return active(bans, Kind.NODE.label() + nodeId.hex()) != null;
  }

  public synchronized boolean isDiscouraged(String host) {
    return active(discouraged, host) != null;
  }

  /** Every entry in force, bans first, each kind by its end. */
  public synchronized List<Ban> list() {
    expire();
    List<Ban> out = new ArrayList<>(bans.values());
    out.addAll(discouraged.values());
    out.sort(Comparator.comparing(Ban::kind).thenComparingLong(Ban::untilMs).thenComparing(Ban::target));
    return out;
  }

  /** Entries in force. */
  public synchronized int activeCount() {
    expire();
    return bans.size() + discouraged.size();
  }

  /**
   * Lifts what matches {@code target}: a host (its ban and its discouragement), or a node id in hex (whole, or a
   * prefix of at least 8 digits); returns what was lifted.
   */
  public synchronized List<Ban> lift(String target) {
    String t = target.trim().toLowerCase(java.util.Locale.ROOT);
    List<Ban> lifted = new ArrayList<>();
    bans.values().removeIf(b -> matches(b, t) && lifted.add(b));
    discouraged.values().removeIf(b -> matches(b, t) && lifted.add(b));
    if (lifted.stream().anyMatch(b -> b.kind() != Kind.DISCOURAGED)) save();
    return lifted;
  }

  /** Lifts every ban and discouragement; returns what was lifted. */
  public synchronized List<Ban> liftAll() {
    List<Ban> all = list();
    boolean persisted = !bans.isEmpty();
    bans.clear();
    discouraged.clear();
    if (persisted) save();
    return all;
  }

  private static boolean matches(Ban b, String t) {
    if (b.kind() == Kind.NODE) return t.length() >= 8 && b.target().startsWith(t);
    return b.target().equalsIgnoreCase(t);
  }

  private void put(Ban b) {
    String key = b.kind().label() + b.target();
    Ban old = bans.get(key);
    if (old != null && old.untilMs() >= b.untilMs()) return;
    bans.put(key, b);
    save();
  }

  private Ban active(Map<String, Ban> m, String key) {
    Ban b = m.get(key);
    if (b == null) return null;
    if (b.untilMs() > clock.millis()) return b;
    m.remove(key);
    if (m == bans) save();
    return null;
  }

  private void expire() {
    long now = clock.millis();
    if (bans.values().removeIf(b -> b.untilMs() <= now)) save();
    discouraged.values().removeIf(b -> b.untilMs() <= now);
  }

  // ---------------------------------------------------------------- bans.json

  private void save() {
    if (file.isEmpty()) return;
    List<JsonValue> items = new ArrayList<>();
    for (Ban b : bans.values()) {
      items.add(Json.obj("kind", b.kind().label(), "target", b.target(), "since_ms", b.sinceMs(), "until_ms", b.untilMs(),
          "reason", b.reason()));
    }
    byte[] text = (PyJson.dumps(Json.obj("format", 1L, "bans", Json.arr(items))) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      DataFile.writeAtomically(file.get(), text);
    } catch (IOException e) {
      LOG.warn("could not save the bans to {}: {} (they hold until this node stops)", file.get(), e.getMessage());
    }
  }

  private void load(Path path) {
    if (!Files.exists(path)) return;
    try {
      JsonValue v = JsonParser.parse(Files.readAllBytes(path));
      if (!(v instanceof JsonValue.JsonObject o) || !(o.members().get("bans") instanceof JsonValue.JsonArray a)) {
        throw new JsonParseException("not a bans file: no \"bans\" list");
      }
      long now = clock.millis();
      for (JsonValue item : a.elements()) {
        Ban b = parse(item);
        if (b.untilMs() > now) bans.put(b.kind().label() + b.target(), b);
      }
      if (!bans.isEmpty()) LOG.info("{} bans in force from {}", bans.size(), path);
    } catch (IOException | JsonParseException | IllegalArgumentException e) {
      bans.clear();
      DataFile.setAside(path, "bans", e.getMessage());
    }
  }

  private static Ban parse(JsonValue item) throws JsonParseException {
    if (!(item instanceof JsonValue.JsonObject o)) throw new JsonParseException("a ban is not an object");
    Kind kind = Kind.valueOf(text(o, "kind").toUpperCase(java.util.Locale.ROOT));
    if (kind == Kind.DISCOURAGED) throw new IllegalArgumentException("discouragements are not kept in the file");
    String target = text(o, "target");
    if (kind == Kind.NODE) Bytes.fromHex(target); // throws IllegalArgumentException when it is not hex
    return new Ban(kind, target, number(o, "since_ms"), number(o, "until_ms"), text(o, "reason"));
  }

  private static String text(JsonValue.JsonObject o, String key) throws JsonParseException {
    if (o.members().get(key) instanceof JsonValue.JsonString s) return s.value();
    throw new JsonParseException("a ban has no text \"" + key + "\"");
  }

  private static long number(JsonValue.JsonObject o, String key) throws JsonParseException {
    if (o.members().get(key) instanceof JsonValue.JsonNumber n && n.longValueExact().isPresent()) return n.longValueExact().get();
    throw new JsonParseException("a ban has no integer \"" + key + "\"");
  }
}
