package org.aitbc.chain.p2p;

/** Who opened the connection: the peer (inbound) or we (outbound). */
public enum Direction { INBOUND, OUTBOUND }
