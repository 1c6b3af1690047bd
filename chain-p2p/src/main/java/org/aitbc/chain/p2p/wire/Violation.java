package org.aitbc.chain.p2p.wire;

/**
 * Everything a peer can do wrong, with the misbehaviour score it earns. A peer reaching the ban
 * threshold (100 by default) is disconnected and banned; every violation closes the connection.
 * Score 0 means "close, but this is no fault worth remembering" (timeouts, ourselves, duplicates).
 */
public enum Violation {
  BAD_MAGIC(100),
  UNKNOWN_COMMAND(100),
  OVERSIZED_FRAME(100),
  BAD_CHECKSUM(100),
  MALFORMED_MESSAGE(100),
  TOO_MANY_ITEMS(100),
  MESSAGE_BEFORE_HANDSHAKE(100),
  DUPLICATE_HANDSHAKE(100),
  BAD_NODE_SIGNATURE(100),
  WRONG_GENESIS(100),
  WRONG_CHAIN_ID(100),
  INVALID_BLOCK(100),
  INVALID_TX(100),
  OBSOLETE_VERSION(0),
  SELF_CONNECTION(0),
  DUPLICATE_CONNECTION(0),
  PEER_REJECTED_US(0),
  HANDSHAKE_TIMEOUT(0),
  PING_TIMEOUT(0),
  STALLED(0);

  private final int score;

  Violation(int score) {
    this.score = score;
  }

  public int score() {
    return score;
  }
}
