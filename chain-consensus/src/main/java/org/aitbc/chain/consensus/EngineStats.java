package org.aitbc.chain.consensus;

import java.util.concurrent.atomic.AtomicLong;

/** Counters the engine keeps for /metrics. Thread-safe reads. */
public final class EngineStats {
  public final AtomicLong blocksSealed = new AtomicLong();
  public final AtomicLong blocksImported = new AtomicLong();
  public final AtomicLong blocksRefused = new AtomicLong();
  public final AtomicLong txsSealed = new AtomicLong();
  public final AtomicLong txsImported = new AtomicLong();
  public final AtomicLong sealNanosTotal = new AtomicLong();
  public final AtomicLong importNanosTotal = new AtomicLong();
  public final AtomicLong lastSealMillis = new AtomicLong();
  public final AtomicLong lastImportMillis = new AtomicLong();
}
