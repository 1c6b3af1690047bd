package org.aitbc.chain.rpc;

import java.util.List;
import org.aitbc.chain.core.json.JsonValue;

/** What the API shows of the P2P side; a single node without peers uses {@link #NONE}. */
public interface NetworkStatus {
  int peerCount();

  boolean syncing();

  /** Blocks still to fetch while syncing (0 otherwise). */
  long remaining();

  List<JsonValue> peers();

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
