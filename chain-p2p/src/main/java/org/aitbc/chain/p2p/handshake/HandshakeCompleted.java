package org.aitbc.chain.p2p.handshake;

import java.util.Objects;
import org.aitbc.chain.p2p.message.P2pMessage.Version;

/** User event fired down the pipeline once version/verack succeeded both ways; carries the peer's version. */
public record HandshakeCompleted(Version peer) {
  public HandshakeCompleted {
    Objects.requireNonNull(peer);
  }
}
