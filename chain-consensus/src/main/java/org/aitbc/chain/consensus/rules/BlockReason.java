package org.aitbc.chain.consensus.rules;

/** Why a block is refused; feeds the HTTP answer, the log line and the sending peer's score. */
public enum BlockReason {
  MALFORMED,
  NOT_NEXT_HEIGHT,
  UNKNOWN_PARENT,
  BAD_TIMESTAMP,
  NOT_AUTHORITY,
  BAD_SIGNATURE,
  TOO_LARGE,
  BAD_TX_COUNT,
  BAD_TX_ROOT,
  INVALID_TX,
  DUPLICATE_TX,
  BAD_STATE_ROOT
}
