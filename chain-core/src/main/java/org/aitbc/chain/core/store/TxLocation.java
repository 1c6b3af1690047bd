package org.aitbc.chain.core.store;

import org.aitbc.chain.core.tx.Transaction;

/** An included transaction and where it sits in the chain. */
public record TxLocation(Transaction tx, long height, int index, long timestampMs) {}
