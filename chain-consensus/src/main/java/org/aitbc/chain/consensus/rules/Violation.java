package org.aitbc.chain.consensus.rules;

/** A refusal of a block rule: the reason (its code, the sender's blame) and a sentence for the log and the client. */
public record Violation(BlockReason reason, String detail) {}
