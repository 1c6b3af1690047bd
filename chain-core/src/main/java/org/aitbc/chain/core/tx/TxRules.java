package org.aitbc.chain.core.tx;

import org.aitbc.chain.core.crypto.Address;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.AccountView;
import org.aitbc.chain.core.state.IncludedTxs;
import org.aitbc.chain.core.util.Bytes;

/**
 * The validity rules of a parsed transaction against a chain and a state. Pure: values in, a verdict
 * out (null when valid). The same rules run at submission (against head state plus pending spends)
 * and at block import (against the state before the transaction).
 */
public final class TxRules {
  private TxRules() {}

  /** Chain and fee rules, which need no state. */
  public static Refusal checkStateless(Transaction tx, ChainParams params) {
    if (!tx.chainId().equals(params.chainId())) {
      return Refusal.of(Reason.WRONG_CHAIN, "chain_id is '" + tx.chainId() + "'; this node runs '" + params.chainId() + "'");
    }
    if (tx.fee() < params.minFee()) {
      return Refusal.of(Reason.FEE_TOO_LOW, "fee " + tx.fee() + " is below the minimum " + params.minFee());
    }
    if (tx.payloadSize() > params.maxPayloadBytes()) {
      return Refusal.of(Reason.PAYLOAD_TOO_LARGE, "payload is larger than " + params.maxPayloadBytes() + " bytes");
    }
    return null;
  }

  /** Key and signature: the key sent with the tx, or the one the chain learned for the sender. */
  public static Refusal checkSignature(Transaction tx, Account sender, SignatureVerifier verifier) {
    Bytes key = tx.publicKey().orElse(sender.publicKey());
    if (key == null) {
      return Refusal.of(Reason.UNKNOWN_PUBLIC_KEY, "public_key is required: the chain has no key for " + tx.from()
          + " yet. The chain learns a key from the first included transaction that carries public_key"
          + " (bin/aitbc wallet announce, or aitbc-cli agent message, sends one) or from the genesis allocation");
    }
    if (!Address.matches(tx.from(), key)) {
      return Refusal.of(Reason.ADDRESS_MISMATCH, "from " + tx.from() + " is not the address of public_key " + key.hex());
    }
    if (sender.publicKey() != null && !sender.publicKey().equals(key)) {
      return Refusal.of(Reason.ADDRESS_MISMATCH, "public_key differs from the key the chain knows for " + tx.from());
    }
    if (!verifier.verify(tx.hash(), tx.signingBytesUnsafe(), tx.signature(), key)) {
      return Refusal.of(Reason.BAD_SIGNATURE, "signature does not verify over the signing string");
    }
    return null;
  }

  /**
   * How far above the sender's highest included nonce (0 for one that never sent) an ordered nonce may
   * go: 2^42, so a millisecond clock (1.8e12 in 2026) is a valid first nonce until the year 2109, while
   * one transaction can never take its sender to the last nonce (2^63-1) and lock it out for good.
   */
  public static final long MAX_NONCE_STEP = 1L << 42;

  /**
   * Nonce and funds against the sender's account; {@code pendingSpend} is what its other pending txs use.
   * An ordered nonce (1 and up) must be above the sender's highest included nonce, by at most
   * {@link #MAX_NONCE_STEP}; an unordered one (0)
   * must not be in {@code included} already (its hash is what makes it unique).
   */
  public static Refusal checkState(Transaction tx, Account sender, long pendingSpend, IncludedTxs included) {
    if (tx.isUnordered()) {
      if (included.isIncluded(tx.hash())) {
        return Refusal.of(Reason.NONCE_TOO_LOW, "unordered transaction (nonce 0) " + tx.hashHex()
            + " is already included; each is valid once");
      }
    } else if (sender.hasNonce() && tx.nonce() <= sender.nonce()) {
      return Refusal.of(Reason.NONCE_TOO_LOW,
          "nonce " + tx.nonce() + " must be greater than " + sender.nonce() + ", the sender's highest included nonce");
    } else if (tx.nonce() - (sender.hasNonce() ? sender.nonce() : 0) > MAX_NONCE_STEP) {
      return Refusal.of(Reason.INVALID_FIELD, "nonce " + tx.nonce() + " is more than " + MAX_NONCE_STEP
          + " above the sender's highest included nonce " + (sender.hasNonce() ? sender.nonce() : 0)
          + ": a nonce that high would leave no nonce after it");
    }
    long available = sender.balance() - pendingSpend;
    if (tx.cost() > available) {
      return Refusal.of(Reason.INSUFFICIENT_FUNDS, "amount + fee = " + costText(tx) + " but the sender has "
          + Math.max(0, available) + (pendingSpend > 0 ? " after its pending transactions" : ""));
    }
    return null;
  }

  /**
   * All rules in order, against the state before the transaction; the included transactions are
   * {@code state}'s when it knows them ({@link IncludedTxs#of}).
   */
  public static Refusal check(Transaction tx, ChainParams params, AccountView state, SignatureVerifier verifier) {
    Refusal r = checkStateless(tx, params);
    if (r != null) return r;
    Account sender = state.account(tx.from());
    r = checkSignature(tx, sender, verifier);
    if (r != null) return r;
    return checkState(tx, sender, 0, IncludedTxs.of(state));
  }

  private static String costText(Transaction tx) {
    return java.math.BigInteger.valueOf(tx.amount()).add(java.math.BigInteger.valueOf(tx.fee())).toString();
  }
}
