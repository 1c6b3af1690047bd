package org.aitbc.chain.core.tx;

/**
 * Why a transaction (or a request carrying one) is refused. The name is the wire error code of the
 * contract; the same value feeds logs, metrics and peer scoring.
 */
public enum Reason {
  INVALID_JSON(400, true),
  MISSING_FIELD(400, true),
  INVALID_FIELD(400, true),
  WRONG_CHAIN(400, true),
  BAD_SIGNATURE(400, true),
  ADDRESS_MISMATCH(400, true),
  /** The chain knows no key for the sender yet: this node may be behind the peer that relayed it. */
  UNKNOWN_PUBLIC_KEY(400, false),
  NONCE_TOO_LOW(400, false),
  INSUFFICIENT_FUNDS(400, false),
  FEE_TOO_LOW(400, false),
  PAYLOAD_TOO_LARGE(413, true),
  MEMPOOL_FULL(503, false),
  RATE_LIMITED(429, false),
  /** The node cannot write to its block store (a full disk); it takes transactions again once it can. */
  STORAGE_UNAVAILABLE(503, false);

  private final int httpStatus;
  private final boolean blamesSender;

  Reason(int httpStatus, boolean blamesSender) {
    this.httpStatus = httpStatus;
    this.blamesSender = blamesSender;
  }

  /**
   * True when the transaction is wrong whatever the state (malformed, badly signed, for another chain): a
   * peer that relays it is scored for it. False when it may be valid elsewhere or later (a nonce or balance
   * this node sees differently, a full pool, a full disk): nobody's fault.
   */
  public boolean blamesSender() {
    return blamesSender;
  }

  /** The reason named {@code code}, if it is one. */
  public static java.util.Optional<Reason> of(String code) {
    for (Reason r : values()) if (r.name().equals(code)) return java.util.Optional.of(r);
    return java.util.Optional.empty();
  }

  public int httpStatus() {
    return httpStatus;
  }
}
