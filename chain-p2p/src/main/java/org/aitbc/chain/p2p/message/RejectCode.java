package org.aitbc.chain.p2p.message;

/** Why a peer refused something (carried in "reject"; mirrors the protobuf enum). */
public enum RejectCode {
  UNSPECIFIED,
  MALFORMED,
  INVALID,
  OBSOLETE,
  WRONG_GENESIS,
  WRONG_CHAIN_ID,
  DUPLICATE,
  TOO_MANY_PEERS,
  BANNED,
  PROTOCOL
}
