package org.aitbc.chain.core.tx;

/** A refused transaction: the reason (wire code) and a sentence for humans. */
public record Refusal(Reason reason, String detail) {
  public Refusal {
    if (reason == null || detail == null) throw new NullPointerException();
  }

  public static Refusal of(Reason reason, String detail) {
    return new Refusal(reason, detail);
  }
}
