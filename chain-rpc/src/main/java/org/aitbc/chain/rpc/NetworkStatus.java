package org.aitbc.chain.rpc;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.aitbc.chain.core.json.JsonValue;

/** What the API shows of the P2P side; a single node without peers uses {@link #NONE}. */
public interface NetworkStatus {
  int peerCount();

  boolean syncing();

  /** Blocks still to fetch while syncing (0 otherwise). */
  long remaining();

  List<JsonValue> peers();

  /** Median of the peers' clocks minus ours in ms (positive: ours is slow); empty without peers. */
  default OptionalLong clockOffsetMs() {
    return OptionalLong.empty();
  }

  /** Whether that median is more than 2 s from zero. */
  default boolean clockWarning() {
    return false;
  }

  /** Bans and discouragements in force, for {@code /rpc/bans}; a node without P2P has none. */
  default List<JsonValue> bans() {
    return List.of();
  }

  /** Lifts the entries matching {@code target} (a host or a node id), or every one when empty; returns them. */
  default List<JsonValue> liftBans(Optional<String> target) {
    return List.of();
  }

  NetworkStatus NONE = new NetworkStatus() {
    @Override
    public int peerCount() {
      return 0;
    }

    @Override
    public boolean syncing() {
      return false;
    }

    @Override
    public long remaining() {
      return 0;
    }

    @Override
    public List<JsonValue> peers() {
      return List.of();
    }
  };
}
