package org.aitbc.chain.core.testutil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.block.Header;
import org.aitbc.chain.core.block.MerkleTree;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.BlockExecutor;
import org.aitbc.chain.core.state.StateCommitment;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;

/** Genesis files and sealed blocks for tests, built the way the authority builds them. */
public final class TestChain {
  /** 2024-01-01T00:00:00Z */
  public static final long GENESIS_TIME_MS = 1_704_067_200_000L;

  private TestChain() {}

  /** A genesis with one authority, the given allocations, block time 1000 ms and min fee 1. */
  public static Genesis genesis(String chainId, KeyPair authority, Map<String, Long> allocations) {
    try {
      return Genesis.fromJson(Genesis.build(chainId, GENESIS_TIME_MS,
          List.of(new Genesis.Authority(authority.address(), authority.publicKey())), allocations, 1000, 1));
    } catch (Genesis.InvalidGenesisException e) {
      throw new AssertionError("test genesis is invalid: " + e.getMessage(), e);
    }
  }

  /** A block ready for {@link ChainStore#commitBlock}: the block and what committing it needs. */
  public record Sealed(Block block, Map<String, Account> changes, StateCommitment.Update update,
      List<BlockExecutor.Rejected> rejected) {}

  /**
   * Executes {@code txs} on the store's head state (leaving out invalid ones), and seals the result as
   * the next block, proposed and signed by {@code authority}.
   */
  public static Sealed seal(ChainStore store, KeyPair authority, List<Transaction> txs, long timestampMs,
      SignatureVerifier verifier) {
    Block head = store.head();
    BlockExecutor.Result r = BlockExecutor.execute(txs, authority.address(), store.genesis().params(), store,
        verifier, true);
    Map<String, Account> changes = r.state().changes();
    StateCommitment.Update update = store.commitment().prepare(changes, store);
    List<Bytes> hashes = new ArrayList<>();
    for (Transaction t : r.applied()) hashes.add(t.hash());
    Header h = new Header(store.genesis().chainId(), head.height() + 1, head.hash(), timestampMs, authority.address(),
        r.applied().size(), MerkleTree.root(hashes), update.root());
    Block b = Block.sealed(h, Bytes.wrap(authority.sign(h.signingBytes())), r.applied());
    return new Sealed(b, Map.copyOf(changes), update, r.rejected());
  }

  /** {@link #seal} and commit; returns the committed block. */
  public static Block commit(ChainStore store, KeyPair authority, List<Transaction> txs, long timestampMs,
      SignatureVerifier verifier) {
    Sealed s = seal(store, authority, txs, timestampMs, verifier);
    store.commitBlock(s.block(), s.changes(), s.update());
    return s.block();
  }
}
