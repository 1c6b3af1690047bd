package org.aitbc.chain.core.mempool;

import org.aitbc.chain.core.tx.Refusal;
import org.aitbc.chain.core.tx.Transaction;

/**
 * What {@link Mempool#add} did with a transaction.
 *
 * @param status the outcome
 * @param refusal why it was refused; null unless {@link Status#REFUSED}
 * @param replaced the pending transaction it replaced; null unless {@link Status#REPLACED}
 */
public record AddResult(Status status, Refusal refusal, Transaction replaced) {
  public enum Status {
    /** New in the pool. */
    ACCEPTED,
    /** Already pending: not an error, nothing changed. */
    KNOWN,
    /** Took the place of a pending transaction with the same sender and nonce. */
    REPLACED,
    /** Not taken: see {@link AddResult#refusal()}. */
    REFUSED
  }

  private static final AddResult ACCEPTED_RESULT = new AddResult(Status.ACCEPTED, null, null);
  private static final AddResult KNOWN_RESULT = new AddResult(Status.KNOWN, null, null);

  public AddResult {
    if (status == null) throw new NullPointerException("status");
    if ((status == Status.REFUSED) != (refusal != null)) {
      throw new IllegalArgumentException("a refusal goes with status REFUSED and only with it");
    }
    if ((status == Status.REPLACED) != (replaced != null)) {
      throw new IllegalArgumentException("a replaced transaction goes with status REPLACED and only with it");
    }
  }

  public static AddResult accepted() {
    return ACCEPTED_RESULT;
  }

  public static AddResult known() {
    return KNOWN_RESULT;
  }

  public static AddResult replaced(Transaction old) {
    return new AddResult(Status.REPLACED, null, old);
  }

  public static AddResult refused(Refusal refusal) {
    return new AddResult(Status.REFUSED, refusal, null);
  }

  /** ACCEPTED, KNOWN or REPLACED: the transaction is pending now. */
  public boolean isSuccess() {
    return status != Status.REFUSED;
  }
}
