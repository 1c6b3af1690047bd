package org.aitbc.chain.p2p;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.aitbc.chain.core.util.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far our clock is from our peers' clocks, as Bitcoin Core's timedata does it, but only to tell: the node
 * never adjusts its clock. Each peer's "version" carries its time ({@code timestamp_ms}, signed with its node
 * key); its offset is that time minus ours when the handshake completed, so it includes up to a round trip.
 *
 * <ul>
 *   <li>One sample per node id (a node that connects again replaces its sample), the latest {@code maxSamples}
 *       kept, so one node cannot outvote the others by reconnecting.
 *   <li>The median of the samples, from the first one on: networks of this chain are often an authority and
 *       one or two followers, and a warning costs nothing but a log line. For an even count it is the middle
 *       value closer to zero, so a lone peer among two cannot raise the warning by itself, nor any minority.
 *   <li>One WARN when the median's size exceeds {@code warnMs}, one INFO when it is back within it.
 * </ul>
 *
 * A positive offset means the peers are ahead: our clock is slow. Thread-safe.
 */
public final class ClockOffsets {
  private static final Logger LOG = LoggerFactory.getLogger(ClockOffsets.class);
  /** Samples kept (Bitcoin Core keeps 200; our networks are far smaller). */
  public static final int DEFAULT_MAX_SAMPLES = 64;
  /** The median beyond which the node warns. */
  public static final long DEFAULT_WARN_MS = 2_000;

  private final int maxSamples;
  private final long warnMs;
  private final Map<Bytes, Long> samples = new LinkedHashMap<>();
  private Long median;
  private boolean warning;

  public ClockOffsets() {
    this(DEFAULT_MAX_SAMPLES, DEFAULT_WARN_MS);
  }

  public ClockOffsets(int maxSamples, long warnMs) {
    if (maxSamples < 1 || warnMs < 0) throw new IllegalArgumentException("need maxSamples >= 1 and warnMs >= 0");
    this.maxSamples = maxSamples;
    this.warnMs = warnMs;
  }

  /** A peer's version said {@code peerTimeMs} when our clock said {@code ourTimeMs}. */
  public synchronized void add(Bytes nodeId, long peerTimeMs, long ourTimeMs) {
    samples.remove(nodeId); // re-inserted last: the most recent
    samples.put(nodeId, peerTimeMs - ourTimeMs);
    while (samples.size() > maxSamples) samples.remove(samples.keySet().iterator().next());
    median = median(new ArrayList<>(samples.values()));
    boolean off = Math.abs(median) > warnMs;
    if (off && !warning) {
      LOG.warn("this node's clock is {} ms {} the median of {} peers' clocks (more than {} ms): check its time"
          + " synchronisation (NTP); the node does not adjust its clock, and blocks it seals or checks may be"
          + " judged early or late", Math.abs(median), median > 0 ? "behind" : "ahead of", samples.size(), warnMs);
    } else if (!off && warning) {
      LOG.info("this node's clock is within {} ms of its peers' again (median offset {} ms of {} peers)", warnMs,
          median, samples.size());
    }
    warning = off;
  }

  /** The median of peer time minus ours, in ms; empty before the first peer. */
  public synchronized OptionalLong medianMs() {
    return median == null ? OptionalLong.empty() : OptionalLong.of(median);
  }

  /** Whether the median is more than {@code warnMs} away from zero. */
  public synchronized boolean warning() {
    return warning;
  }

  public synchronized int size() {
    return samples.size();
  }

  static long median(List<Long> values) {
    Collections.sort(values);
    int n = values.size();
    if (n % 2 == 1) return values.get(n / 2);
    long a = values.get(n / 2 - 1);
    long b = values.get(n / 2);
    return Math.abs(a) <= Math.abs(b) ? a : b;
  }
}
