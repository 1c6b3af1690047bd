package org.aitbc.chain.p2p.wire;

/**
 * Everything a peer can do wrong, with the {@link Penalty} it costs (as Bitcoin Core's policy): every violation
 * closes the connection; garbage, a foreign protocol or another network also discourages the address for a
 * short while; only provable misbehaviour (an invalid block or transaction from a peer whose handshake
 * completed) bans, and then the node id. The score (shown per peer) is 100 for a penalized violation, else 0.
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
  INVALID_BLOCK(100, Penalty.BAN),
  INVALID_TX(100, Penalty.BAN),
  OBSOLETE_VERSION(0),
  SELF_CONNECTION(0),
  DUPLICATE_CONNECTION(0),
  PEER_REJECTED_US(0),
  HANDSHAKE_TIMEOUT(0),
  PING_TIMEOUT(0),
  STALLED(0);

  /** What a violation costs beyond the closed connection. */
  public enum Penalty {
    /** Only the close: no fault worth remembering (timeouts, ourselves, duplicates). */
    NONE,
    /** The address is discouraged for a short while (garbage, wrong protocol or network). */
    DISCOURAGE,
    /** The node id is banned for long, its address discouraged (provable misbehaviour). */
    BAN
  }

  private final int score;
  private final Penalty penalty;

  Violation(int score) {
    this(score, score > 0 ? Penalty.DISCOURAGE : Penalty.NONE);
  }

  Violation(int score, Penalty penalty) {
    this.score = score;
    this.penalty = penalty;
  }

  public Penalty penalty() {
    return penalty;
  }

  public int score() {
    return score;
  }
}
