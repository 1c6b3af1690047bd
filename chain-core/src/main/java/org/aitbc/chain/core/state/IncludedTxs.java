package org.aitbc.chain.core.state;

import org.aitbc.chain.core.util.Bytes;

/**
 * Which transactions a chain has already included. An unordered transaction (nonce 0) has no nonce to
 * stop a replay, so it is valid once: the rules ask this view whether its hash is in the chain.
 *
 * <p>{@link org.aitbc.chain.core.store.ChainStore} answers from its tx index; {@link WorldUpdater} adds
 * what the block being executed has applied so far. A state view that is not also an {@code IncludedTxs}
 * (a test fixture's map of accounts) stands for a chain that has included nothing.
 */
@FunctionalInterface
public interface IncludedTxs {
  /** Nothing included. */
  IncludedTxs NONE = hash -> false;

  boolean isIncluded(Bytes txHash);

  /** {@code view}'s included transactions when it knows them, else {@link #NONE}. */
  static IncludedTxs of(AccountView view) {
    return view instanceof IncludedTxs i ? i : NONE;
  }
}
