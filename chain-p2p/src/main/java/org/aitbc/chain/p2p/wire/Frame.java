package org.aitbc.chain.p2p.wire;

import java.util.Objects;
import org.aitbc.chain.core.util.Bytes;

/**
 * One decoded frame: the network magic it carried, its command and its body (a protobuf message).
 * The checksum and length are properties of the encoding and are not kept.
 */
public record Frame(int magic, Command command, Bytes body) {
  public Frame {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(body, "body");
  }

  /** The same frame under another network magic (used to answer a peer of another network). */
  public Frame withMagic(int otherMagic) {
    return new Frame(otherMagic, command, body);
  }

  /** Bytes this frame takes on the wire. */
  public int encodedLength() {
    return WireFormat.HEADER_LENGTH + body.length();
  }
}
