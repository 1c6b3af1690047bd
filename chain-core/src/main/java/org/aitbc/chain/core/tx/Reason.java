package org.aitbc.chain.core.tx;

/**
 * Why a transaction (or a request carrying one) is refused. The name is the wire error code of the
 * contract; the same value feeds logs, metrics and peer scoring.
 */
public enum Reason {
  INVALID_JSON(400),
  MISSING_FIELD(400),
  INVALID_FIELD(400),
  WRONG_CHAIN(400),
  BAD_SIGNATURE(400),
  ADDRESS_MISMATCH(400),
  UNKNOWN_PUBLIC_KEY(400),
  NONCE_TOO_LOW(400),
  INSUFFICIENT_FUNDS(400),
  FEE_TOO_LOW(400),
  PAYLOAD_TOO_LARGE(413),
  MEMPOOL_FULL(503),
  RATE_LIMITED(429),
  /** The node cannot write to its block store (a full disk); it takes transactions again once it can. */
  STORAGE_UNAVAILABLE(503);

  private final int httpStatus;

  Reason(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
