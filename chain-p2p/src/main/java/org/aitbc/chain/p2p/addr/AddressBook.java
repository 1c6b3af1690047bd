package org.aitbc.chain.p2p.addr;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.HostPort;
import org.aitbc.chain.p2p.message.PeerAddress;
import org.aitbc.chain.p2p.proto.AddrBookProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Known peer addresses, bounded, persistent, in the spirit of Bitcoin's addrman (simplified).
 *
 * <ul>
 *   <li><b>Two tables.</b> "New" holds addresses we heard of; "tried" those we once completed a
 *       handshake with. Each table is split in buckets of {@code bucketSize} slots; an address's
 *       bucket is a keyed hash of its network group (IPv4 /16) and, for new addresses, of the group
 *       of the peer that told us. As in Bitcoin Core, the addresses told by one source group go to at
 *       most {@value #NEW_BUCKETS_PER_SOURCE_GROUP} of the new buckets (of 64 by default), so one peer, or
 *       all the peers of one /16, can hold at most that many buckets' worth (64 addresses by default)
 *       however many it sends: a flood evicts only within its own buckets. A full bucket evicts its
 *       stalest entry; a tried address evicted from tried goes back to new.
 *   <li><b>No flooding.</b> Each source has a token bucket: {@code addrBurst} addresses at once
 *       (enough for one full "addr"), then {@code addrPerSecond}. Excess addresses are ignored.
 *   <li><b>Outbound candidates</b> are drawn at random, half the time from tried, skipping addresses
 *       in backoff: after n failed attempts an address waits {@code min(base * 2^(n-1), max)}; after
 *       {@code maxFailures} failures without a success it is forgotten.
 *   <li><b>Bounded dialing per source.</b> An address we never connected to (in new) is a candidate
 *       only while the group of the peer that told us has a dial token: {@code dialBurst} at first,
 *       then {@code dialPerSecond} (8, then one a minute, by default). So a peer that gossips 10,000
 *       addresses makes us dial at most 8 of them at once, and the addresses other peers told us are
 *       still drawn. Tried addresses (they once worked) are not charged.
 *   <li><b>Persistent</b> in {@code peers.dat} (protobuf), written to a temporary file, synced, then
 *       renamed over the old one, so a crash leaves the old or the new file, never half of one. A
 *       file that does not parse is set aside as {@code peers.dat.corrupt} and the book starts empty.
 * </ul>
 *
 * Clock and randomness come in through the constructor. Thread-safe (every method is synchronized).
 */
public final class AddressBook {
  private static final Logger LOG = LoggerFactory.getLogger(AddressBook.class);
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.\\d{1,3}\\.\\d{1,3}");
  public static final String FILE_NAME = "peers.dat";

  public record Config(int newBuckets, int triedBuckets, int bucketSize, Duration baseBackoff, Duration maxBackoff,
      int maxFailures, int addrBurst, double addrPerSecond, Duration horizon, int dialBurst, double dialPerSecond) {
    public static Config defaults() {
      return new Config(64, 16, 16, Duration.ofSeconds(2), Duration.ofMinutes(10), 10, 1000, 0.1, Duration.ofDays(30),
          8, 1 / 60.0);
    }

    public Config withBackoff(Duration base, Duration max) {
      return new Config(newBuckets, triedBuckets, bucketSize, base, max, maxFailures, addrBurst, addrPerSecond, horizon,
          dialBurst, dialPerSecond);
    }

    public Config withRate(int burst, double perSecond) {
      return new Config(newBuckets, triedBuckets, bucketSize, baseBackoff, maxBackoff, maxFailures, burst, perSecond,
          horizon, dialBurst, dialPerSecond);
    }

    public Config withDialBudget(int burst, double perSecond) {
      return new Config(newBuckets, triedBuckets, bucketSize, baseBackoff, maxBackoff, maxFailures, addrBurst,
          addrPerSecond, horizon, burst, perSecond);
    }
  }

  /** How many of the new buckets the addresses told by one source group may use (Bitcoin Core: 64 of 1024). */
  public static final int NEW_BUCKETS_PER_SOURCE_GROUP = 4;

  private static final class Entry {
    final HostPort endpoint;
    long lastSeenMs;
    Bytes nodeId;
    boolean tried;
    int attempts;
    long lastAttemptMs;
    long lastSuccessMs;
    String sourceGroup;
    int bucket;

    Entry(HostPort endpoint, long lastSeenMs, Bytes nodeId, String sourceGroup) {
      this.endpoint = endpoint;
      this.lastSeenMs = lastSeenMs;
      this.nodeId = nodeId;
      this.sourceGroup = sourceGroup;
    }
  }

  private final Config config;
  private final Optional<Path> file;
  private final Clock clock;
  private final Random random;
  private final byte[] key;
  private final Map<HostPort, Entry> entries = new HashMap<>();
  private final List<Set<HostPort>> newTable = new ArrayList<>();
  private final List<Set<HostPort>> triedTable = new ArrayList<>();
  private final SourceBudget rate;
  private final SourceBudget dials;
  private boolean dirty;

  /**
   * @param dataDir where {@code peers.dat} lives; empty for a book kept in memory only
   */
  public AddressBook(Config config, Optional<Path> dataDir, Clock clock, Random random) {
    this.config = config;
    this.file = dataDir.map(d -> d.resolve(FILE_NAME));
    this.clock = clock;
    this.random = random;
    this.rate = new SourceBudget(config.addrBurst(), config.addrPerSecond(), clock);
    this.dials = new SourceBudget(config.dialBurst(), config.dialPerSecond(), clock);
    for (int i = 0; i < config.newBuckets(); i++) newTable.add(new LinkedHashSet<>());
    for (int i = 0; i < config.triedBuckets(); i++) triedTable.add(new LinkedHashSet<>());
    byte[] loadedKey = file.flatMap(this::load).orElse(null);
    if (loadedKey == null) {
      loadedKey = new byte[32];
      random.nextBytes(loadedKey);
    }
    this.key = loadedKey;
    if (file.isPresent()) reinsertLoaded();
  }

  // ---- adding ----

  /**
   * Addresses heard from a peer ({@code source} names the peer, e.g. its remote address). Rate limited
   * per source; addresses beyond the source's tokens, older than the horizon, or with a bad port are
   * ignored. Returns how many were added or refreshed.
   */
  public synchronized int add(List<PeerAddress> addresses, String source, String sourceHost) {
    long now = clock.millis();
    int stored = 0;
    for (PeerAddress a : addresses) {
      if (!rate.take(source)) break;
      if (put(a, group(sourceHost), now)) stored++;
    }
    return stored;
  }

  /** An address we trust without rate limit (a configured seed, an inbound peer's own listen address). */
  public synchronized boolean addTrusted(PeerAddress a) {
    return put(a, group(a.endpoint().host()), clock.millis());
  }

  /** The peer disconnected: forget its rate limiter. */
  public synchronized void forgetSource(String source) {
    rate.forget(source);
  }

  private boolean put(PeerAddress a, String sourceGroup, long now) {
    long seen = Math.min(a.lastSeenMs(), now);
    if (seen < now - config.horizon().toMillis()) return false;
    Entry e = entries.get(a.endpoint());
    if (e != null) {
      if (seen > e.lastSeenMs) e.lastSeenMs = seen;
      if (e.nodeId.length() == 0 && a.nodeId().length() > 0) e.nodeId = a.nodeId();
      dirty = true;
      return true;
    }
    e = new Entry(a.endpoint(), seen, a.nodeId(), sourceGroup);
    if (!insertNew(e)) return false;
    dirty = true;
    return true;
  }

  private boolean insertNew(Entry e) {
    e.tried = false;
    int slot = bucket("new-slot", group(e.endpoint.host()), e.sourceGroup, NEW_BUCKETS_PER_SOURCE_GROUP);
    e.bucket = bucket("new", e.sourceGroup, Integer.toString(slot), config.newBuckets());
    Set<HostPort> b = newTable.get(e.bucket);
    if (b.size() >= config.bucketSize()) {
      Entry stalest = stalest(b);
      if (stalest.lastSeenMs >= e.lastSeenMs) return false;
      b.remove(stalest.endpoint);
      entries.remove(stalest.endpoint);
    }
    b.add(e.endpoint);
    entries.put(e.endpoint, e);
    return true;
  }

  private Entry stalest(Set<HostPort> bucket) {
    Entry worst = null;
    for (HostPort h : bucket) {
      Entry c = entries.get(h);
      if (worst == null || c.lastSeenMs < worst.lastSeenMs) worst = c;
    }
    return worst;
  }

  // ---- connection results ----

  /** We are about to dial this address. */
  public synchronized void attempt(HostPort endpoint) {
    Entry e = entries.get(endpoint);
    if (e == null) return;
    e.attempts++;
    e.lastAttemptMs = clock.millis();
    dirty = true;
    if (e.attempts >= config.maxFailures() && e.lastSuccessMs == 0) remove(endpoint);
  }

  /**
   * A handshake with this address succeeded: move it to tried. Its failures are cleared only by {@link
   * #stable} (a connection that lasted), so that a peer that closes each connection right after the handshake
   * (it banned us, it is full) is dialed ever less often, not in a loop.
   */
  public synchronized void good(HostPort endpoint, Bytes nodeId) {
    long now = clock.millis();
    Entry e = entries.get(endpoint);
    if (e == null) {
      e = new Entry(endpoint, now, nodeId, group(endpoint.host()));
      entries.put(endpoint, e);
    } else if (!e.tried) {
      newTable.get(e.bucket).remove(endpoint);
    } else {
      triedTable.get(e.bucket).remove(endpoint);
    }
    e.lastSuccessMs = now;
    e.lastSeenMs = now;
    if (nodeId.length() > 0) e.nodeId = nodeId;
    e.tried = true;
    e.bucket = bucket("tried", group(endpoint.host()), endpoint.toString(), config.triedBuckets());
    Set<HostPort> b = triedTable.get(e.bucket);
    if (b.size() >= config.bucketSize()) {
      Entry oldest = null;
      for (HostPort h : b) {
        Entry c = entries.get(h);
        if (oldest == null || c.lastSuccessMs < oldest.lastSuccessMs) oldest = c;
      }
      b.remove(oldest.endpoint);
      entries.remove(oldest.endpoint);
      insertNew(oldest); // back to new (or dropped when its new bucket keeps fresher ones)
    }
    b.add(endpoint);
    dirty = true;
  }

  public synchronized void remove(HostPort endpoint) {
    Entry e = entries.remove(endpoint);
    if (e == null) return;
    (e.tried ? triedTable : newTable).get(e.bucket).remove(endpoint);
    dirty = true;
  }

  // ---- choosing ----

  /** A connection to this address lasted: clear its failures, so that the next dial waits for nothing. */
  public synchronized void stable(HostPort endpoint) {
    Entry e = entries.get(endpoint);
    if (e == null || e.attempts == 0) return;
    e.attempts = 0;
    dirty = true;
  }

  /**
   * A random address to dial that is not excluded and not in backoff; tried and new get equal chances. A new
   * address is a candidate only while the source group that told us has a dial token, and choosing it takes one.
   */
  public synchronized Optional<HostPort> select(Set<HostPort> exclude) {
    long now = clock.millis();
    List<HostPort> tried = new ArrayList<>();
    List<HostPort> fresh = new ArrayList<>();
    Map<String, Boolean> budget = new HashMap<>();
    for (Entry e : entries.values()) {
      if (exclude.contains(e.endpoint) || now < e.lastAttemptMs + backoffMs(e.attempts)) continue;
      if (!e.tried && !budget.computeIfAbsent(e.sourceGroup, dials::available)) continue;
      (e.tried ? tried : fresh).add(e.endpoint);
    }
    if (tried.isEmpty() && fresh.isEmpty()) return Optional.empty();
    Collections.sort(tried, (x, y) -> x.toString().compareTo(y.toString())); // deterministic under a seeded Random
    Collections.sort(fresh, (x, y) -> x.toString().compareTo(y.toString()));
    List<HostPort> from = tried.isEmpty() ? fresh : fresh.isEmpty() ? tried : random.nextBoolean() ? tried : fresh;
    HostPort chosen = from.get(random.nextInt(from.size()));
    if (from == fresh) dials.take(entries.get(chosen).sourceGroup);
    return Optional.of(chosen);
  }

  long backoffMs(int attempts) {
    if (attempts <= 0) return 0;
    long base = config.baseBackoff().toMillis();
    long max = config.maxBackoff().toMillis();
    int shift = Math.min(attempts - 1, 30);
    return Math.min(max, base << shift);
  }

  /** Up to {@code max} random known addresses, for answering "getaddr". */
  public synchronized List<PeerAddress> sample(int max) {
    List<Entry> all = new ArrayList<>(entries.values());
    all.sort((x, y) -> x.endpoint.toString().compareTo(y.endpoint.toString()));
    Collections.shuffle(all, random);
    List<PeerAddress> out = new ArrayList<>(Math.min(max, all.size()));
    for (Entry e : all) {
      if (out.size() >= max) break;
      out.add(new PeerAddress(e.endpoint, e.lastSeenMs, e.nodeId));
    }
    return out;
  }

  public synchronized boolean contains(HostPort endpoint) {
    return entries.containsKey(endpoint);
  }

  public synchronized boolean isTried(HostPort endpoint) {
    Entry e = entries.get(endpoint);
    return e != null && e.tried;
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized int triedCount() {
    return (int) entries.values().stream().filter(e -> e.tried).count();
  }

  /** The most addresses the book can hold. */
  public int capacity() {
    return (config.newBuckets() + config.triedBuckets()) * config.bucketSize();
  }

  // ---- buckets ----

  private int bucket(String table, String a, String b, int n) {
    byte[] in = (table + "|" + a + "|" + b).getBytes(StandardCharsets.UTF_8);
    byte[] h = Hashes.sha256(concat(key, in));
    return (int) (Integer.toUnsignedLong(ByteBuffer.wrap(h).getInt()) % n);
  }

  /** The network group of a host: the /16 of an IPv4 literal, the first 32 bits of an IPv6 one, else the name. */
  static String group(String host) {
    var m = IPV4.matcher(host);
    if (m.matches()) return m.group(1) + "." + m.group(2);
    if (host.indexOf(':') >= 0) {
      String[] parts = host.split(":", -1);
      return parts.length >= 2 ? parts[0] + ":" + parts[1] : host;
    }
    return host.toLowerCase(java.util.Locale.ROOT);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // ---- persistence ----

  /** Writes the book if it changed since the last write. */
  public synchronized void saveIfDirty() throws IOException {
    if (dirty) save();
  }

  public synchronized void save() throws IOException {
    if (file.isEmpty()) return;
    AddrBookProto.AddressBookFile.Builder b = AddrBookProto.AddressBookFile.newBuilder()
        .setFormat(1).setKey(ByteString.copyFrom(key));
    List<Entry> sorted = new ArrayList<>(entries.values());
    sorted.sort((x, y) -> x.endpoint.toString().compareTo(y.endpoint.toString()));
    for (Entry e : sorted) {
      b.addEntries(AddrBookProto.Entry.newBuilder().setHost(e.endpoint.host()).setPort(e.endpoint.port())
          .setLastSeenMs(e.lastSeenMs).setNodeId(ByteString.copyFrom(e.nodeId.unsafeArray())).setTried(e.tried)
          .setAttempts(e.attempts).setLastAttemptMs(e.lastAttemptMs).setLastSuccessMs(e.lastSuccessMs)
          .setSourceGroup(e.sourceGroup));
    }
    org.aitbc.chain.p2p.DataFile.writeAtomically(file.get(), b.build().toByteArray());
    dirty = false;
  }

  private AddrBookProto.AddressBookFile loaded;

  private Optional<byte[]> load(Path path) {
    if (!Files.exists(path)) return Optional.empty();
    try {
      AddrBookProto.AddressBookFile f = AddrBookProto.AddressBookFile.parseFrom(Files.readAllBytes(path));
      if (f.getFormat() != 1 || f.getKey().size() != 32) throw new InvalidProtocolBufferException("unknown format");
      loaded = f;
      return Optional.of(f.getKey().toByteArray());
    } catch (IOException e) {
      org.aitbc.chain.p2p.DataFile.setAside(path, "address book", e.getMessage());
      return Optional.empty();
    }
  }

  private void reinsertLoaded() {
    if (loaded == null) return;
    for (AddrBookProto.Entry p : loaded.getEntriesList()) {
      if (p.getHost().isEmpty() || p.getPort() < 1 || p.getPort() > 65535) continue;
      HostPort hp = new HostPort(p.getHost(), p.getPort());
      if (entries.containsKey(hp)) continue; // listed twice (a damaged or hand-edited file): the first one counts
      Bytes id = Bytes.of(p.getNodeId().toByteArray());
      Entry e = new Entry(hp, p.getLastSeenMs(), id, p.getSourceGroup());
      e.attempts = p.getAttempts();
      e.lastAttemptMs = p.getLastAttemptMs();
      e.lastSuccessMs = p.getLastSuccessMs();
      if (p.getTried()) {
        e.tried = true;
        e.bucket = bucket("tried", group(hp.host()), hp.toString(), config.triedBuckets());
        if (triedTable.get(e.bucket).size() < config.bucketSize()) {
          triedTable.get(e.bucket).add(hp);
          entries.put(hp, e);
          continue;
        }
      }
      insertNew(e);
    }
    loaded = null;
    dirty = false;
  }
}
