package org.aitbc.chain.p2p.message;

import java.util.Objects;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.HostPort;

/** An address as gossiped in "addr": where a node listens, when it was last seen, its node id if known. */
public record PeerAddress(HostPort endpoint, long lastSeenMs, Bytes nodeId) {
  public static final Bytes NO_NODE_ID = Bytes.wrap(new byte[0]);

  public PeerAddress {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(nodeId, "nodeId");
  }

  public PeerAddress(HostPort endpoint, long lastSeenMs) {
    this(endpoint, lastSeenMs, NO_NODE_ID);
  }
}
