package org.aitbc.chain.consensus;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the node can write to its block store. The first failed commit of an episode (a full disk) marks
 * it degraded with one log line; further failures only count; the next successful write clears it with one
 * more line. Admission reads it to refuse new transactions with {@code STORAGE_UNAVAILABLE} meanwhile.
 */
public final class WriteHealth {
  private static final Logger log = LoggerFactory.getLogger(WriteHealth.class);

  /** Why and since when the node cannot write. */
  public record Degraded(String detail, long sinceMs) {}

  private final LongSupplier clockMillis;
  private volatile Degraded degraded;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong episodes = new AtomicLong();

  WriteHealth(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  public Optional<Degraded> degraded() {
    return Optional.ofNullable(degraded);
  }

  /** Episodes so far (each began with one failed write after a good one). */
  public long episodes() {
    return episodes.get();
  }

  synchronized void failed(String detail) {
    failures.incrementAndGet();
    if (degraded != null) return;
    degraded = new Degraded(detail, clockMillis.getAsLong());
    episodes.incrementAndGet();
    log.error("cannot write to the block store: {}; refusing new transactions (STORAGE_UNAVAILABLE) until a write "
        + "succeeds again (free disk space; no restart needed)", detail);
  }

  synchronized void succeeded() {
    Degraded d = degraded;
    if (d == null) return;
    degraded = null;
    log.info("the block store is writable again after {} s and {} failed writes; accepting transactions",
        (clockMillis.getAsLong() - d.sinceMs()) / 1000, failures.getAndSet(0));
  }
}
