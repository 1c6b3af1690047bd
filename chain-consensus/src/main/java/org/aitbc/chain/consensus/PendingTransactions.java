package org.aitbc.chain.consensus;

import java.util.List;
import org.aitbc.chain.core.state.AccountView;
import org.aitbc.chain.core.state.BlockExecutor;
import org.aitbc.chain.core.tx.Transaction;

/** What the engine needs of the mempool (a narrow port; the node wires the real mempool in). */
public interface PendingTransactions {
  /** Executable transactions in block order, within the limits; removes nothing. */
  List<Transaction> selectForBlock(int maxTxs, long maxBytes);

  /** Drops {@code included} and re-checks the rest against the new head state. */
  List<Transaction> onBlockCommitted(List<Transaction> included, AccountView newHeadState);

  /** Removes transactions a block being sealed could not include, remembering why (the pool's dropped fates). */
  void dropInvalid(List<BlockExecutor.Rejected> rejected);

  boolean hasExecutable();

  /** The node's mempool as the engine sees it. */
  static PendingTransactions of(org.aitbc.chain.core.mempool.Mempool m) {
    return new PendingTransactions() {
      @Override
      public List<Transaction> selectForBlock(int maxTxs, long maxBytes) {
        return m.selectForBlock(maxTxs, maxBytes);
      }

      @Override
      public List<Transaction> onBlockCommitted(List<Transaction> included, AccountView newHeadState) {
        return m.onBlockCommitted(included, newHeadState);
      }

      @Override
      public void dropInvalid(List<BlockExecutor.Rejected> rejected) {
        m.dropInvalid(rejected);
      }

      @Override
      public boolean hasExecutable() {
        return m.hasExecutable();
      }
    };
  }

  /** No pool: a follower that only imports (tests, tools). */
  PendingTransactions NONE = new PendingTransactions() {
    @Override
    public List<Transaction> selectForBlock(int maxTxs, long maxBytes) {
      return List.of();
    }

    @Override
    public List<Transaction> onBlockCommitted(List<Transaction> included, AccountView newHeadState) {
      return List.of();
    }

    @Override
    public void dropInvalid(List<BlockExecutor.Rejected> rejected) {
      // no pool, nothing pending to drop
    }

    @Override
    public boolean hasExecutable() {
      return false;
    }
  };
}
