package org.aitbc.chain.core.state;

import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.agent.AgentTx;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.tx.ChainParams;
import org.aitbc.chain.core.tx.Refusal;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxRules;

/**
 * The state transition: applies transactions in order to a buffered view. Each transaction moves
 * {@code amount} from sender to recipient and {@code fee} from sender to the block's proposer, raises the
 * sender's highest nonce to the transaction's (an unordered one, nonce 0, only marks a sender that never
 * sent, exactly as the earlier rule that allowed nonce 0 only as a first transaction did), and records the
 * sender's key on its first transaction. Nothing is created or destroyed. Pure apart from the signature
 * cache.
 */
public final class BlockExecutor {
  private BlockExecutor() {}

  /** A transaction that could not be applied, with its position and reason. */
  public record Rejected(int index, Transaction tx, Refusal refusal) {}

  /** What execution produced: the accounts changed, the transactions applied, those skipped. */
  public record Result(WorldUpdater state, List<Transaction> applied, List<Rejected> rejected) {}

  /**
   * Applies {@code txs}. With {@code skipInvalid} (block production) an invalid transaction is left out;
   * without it (import) execution stops at the first one, which then is the only entry of
   * {@code rejected}.
   */
  public static Result execute(List<Transaction> txs, String proposer, ChainParams params, AccountView before,
      SignatureVerifier verifier, boolean skipInvalid) {
    return execute(txs, proposer, params, before, verifier, skipInvalid, -1);
  }

  /** As above, for the block at {@code height} (recorded in agent registry entries). */
  public static Result execute(List<Transaction> txs, String proposer, ChainParams params, AccountView before,
      SignatureVerifier verifier, boolean skipInvalid, long height) {
    WorldUpdater state = new WorldUpdater(before);
    List<Transaction> applied = new ArrayList<>(txs.size());
    List<Rejected> rejected = new ArrayList<>();
    for (int i = 0; i < txs.size(); i++) {
      Transaction tx = txs.get(i);
      Refusal r = TxRules.check(tx, params, state, verifier);
      if (r == null && AgentTx.isAgentTx(tx)) r = AgentTx.checkState(tx, state);
      if (r != null) {
        rejected.add(new Rejected(i, tx, r));
        if (!skipInvalid) break;
        continue;
      }
      apply(tx, proposer, state);
      if (AgentTx.isAgentTx(tx)) state.putAgent(AgentTx.apply(tx, state, height));
      applied.add(tx);
    }
    return new Result(state, applied, rejected);
  }

  /** Applies one transaction that passed {@link TxRules#check}. */
  public static void apply(Transaction tx, String proposer, WorldUpdater state) {
    Account sender = state.account(tx.from());
    Account afterSend = new Account(sender.balance() - tx.cost(), Math.max(sender.nonce(), tx.nonce()),
        sender.publicKey() != null ? sender.publicKey() : tx.publicKey().orElseThrow());
    state.put(tx.from(), afterSend);
    if (tx.isUnordered()) state.markUnorderedApplied(tx.hash());
    Account to = state.account(tx.to());
    state.put(tx.to(), to.withBalance(Math.addExact(to.balance(), tx.amount())));
    if (tx.fee() > 0) {
      Account p = state.account(proposer);
      state.put(proposer, p.withBalance(Math.addExact(p.balance(), tx.fee())));
    }
  }
}
