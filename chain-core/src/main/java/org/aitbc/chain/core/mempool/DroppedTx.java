package org.aitbc.chain.core.mempool;

import org.aitbc.chain.core.util.Bytes;

/**
 * A transaction that was accepted into the pool and left it without being included: who sent it, why it
 * left ({@code code}: {@code NONCE_TOO_LOW} when a higher nonce of its sender was included first,
 * {@code INSUFFICIENT_FUNDS}, {@code EXPIRED}, {@code EVICTED} for a higher-fee one, {@code REPLACED} by
 * the sender, or the refusal code that left it out of a block) and when. The pool remembers the latest
 * {@link Mempool#DROPPED_REMEMBERED} of them, so that a client that was told "accepted" can learn its fate.
 */
public record DroppedTx(Bytes hash, String from, long nonce, String code, String detail, long atMillis) {}
