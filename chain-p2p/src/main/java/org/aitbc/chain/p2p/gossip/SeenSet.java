package org.aitbc.chain.p2p.gossip;

import java.util.LinkedHashMap;
import java.util.Map;
import org.aitbc.chain.core.util.Bytes;

/**
 * A bounded set of recently seen hashes; the oldest insertion falls out first. Used for "already
 * relayed" (network wide) and "already known to this peer" (per peer), so nothing echoes back and
 * nothing circulates forever. Not thread-safe: owned by the network's logic thread.
 */
public final class SeenSet {
  private final Map<Bytes, Boolean> map;

  public SeenSet(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
    this.map = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Bytes, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** True when the hash was not in the set (it is now). */
  public boolean add(Bytes hash) {
    return map.put(hash, Boolean.TRUE) == null;
  }

  public boolean contains(Bytes hash) {
    return map.containsKey(hash);
  }

  public int size() {
    return map.size();
  }
}
