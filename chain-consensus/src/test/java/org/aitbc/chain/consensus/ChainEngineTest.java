package org.aitbc.chain.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import org.aitbc.chain.consensus.rules.BlockReason;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.block.Header;
import org.aitbc.chain.core.block.MerkleTree;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.mempool.AddResult;
import org.aitbc.chain.core.mempool.Mempool;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.state.AccountView;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine with real stores: an authority that seals and a follower that imports and re-checks. */
class ChainEngineTest {
  @TempDir Path dir;
  Genesis genesis = Chains.genesis(4);
  AtomicLong clock = new AtomicLong(1_800_000_000_000L);
  KeyPair alice = TestKeys.key(1);
  Node authority;
  Node follower;

  /** One engine with its store and pool. */
  final class Node implements AutoCloseable {
    final ChainStore store;
    final Mempool pool;
    final ChainEngine engine;

    Node(Path d, KeyPair key) {
      store = ChainStore.open(d, genesis);
      SignatureVerifier v = new SignatureVerifier(1 << 12);
      pool = new Mempool(MempoolConfig.DEFAULTS, genesis.params(), v, clock::get);
      engine = new ChainEngine(store, v, org.aitbc.chain.consensus.PendingTransactions.of(pool), key, clock::get, Executors.newSingleThreadScheduledExecutor(),
          ForkJoinPool.commonPool());
    }

    AddResult add(Transaction t) {
      return pool.add(t, store);
    }

    java.util.Optional<Block> seal() {
      return engine.onEngineThread(engine::sealNow);
    }

    ImportResult offer(Block b) {
      return engine.onEngineThread(() -> engine.importBlockNow(b, false));
    }

    @Override
    public void close() {
      engine.close();
      store.close();
    }
  }


  @BeforeEach
  void start() {
    authority = new Node(dir.resolve("a"), Chains.authority());
    follower = new Node(dir.resolve("f"), null);
  }

  @AfterEach
  void stop() {
    authority.close();
    follower.close();
  }

  Transaction transfer(KeyPair from, long nonce, long amount) {
    return Txs.transfer(from, Chains.CHAIN_ID).nonce(nonce).amount(amount).to(TestKeys.key(2).address()).build();
  }

  Block sealOne() {
    assertTrue(authority.add(transfer(alice, clock.incrementAndGet(), 5)).isSuccess());
    clock.addAndGet(1000);
    return authority.seal().orElseThrow();
  }

  /** Re-signs a changed header with {@code key}, as a faulty or malicious authority would. */
  static Block resign(Header h, KeyPair key, List<Transaction> txs) {
    return Block.sealed(h, Bytes.wrap(key.sign(h.signingBytes())), txs);
  }

  @Test
  void sealsNothingWhenNoTransactionWaits() {
    assertTrue(authority.seal().isEmpty());
    assertEquals(0, authority.store.head().height());
  }

  @Test
  void aFollowerImportsEveryBlockAndReachesTheSameStateRoot() {
    for (int i = 0; i < 5; i++) {
      for (int k = 1; k <= 3; k++) assertTrue(authority.add(transfer(TestKeys.key(k), clock.incrementAndGet(), 7)).isSuccess());
      clock.addAndGet(1000);
      Block b = authority.seal().orElseThrow();
      assertEquals(3, b.transactions().size());
      assertEquals(ImportResult.Status.IMPORTED, follower.offer(b).status());
    }
    assertEquals(authority.store.head().hash(), follower.store.head().hash());
    assertEquals(authority.store.stateRoot(), follower.store.stateRoot());
    assertEquals(authority.store.account(alice.address()), follower.store.account(alice.address()));
    long fees = authority.store.account(Chains.authority().address()).balance();
    assertEquals(15 * 10, fees, "fees go to the sealing authority");
  }

  @Test
  void theSameBlockTwiceIsKnownAndAGapIsNotNext() {
    Block b1 = sealOne();
    Block b2 = sealOne();
    assertEquals(ImportResult.Status.NOT_NEXT, follower.offer(b2).status());
    assertEquals(ImportResult.Status.IMPORTED, follower.offer(b1).status());
    assertEquals(ImportResult.Status.KNOWN, follower.offer(b1).status());
    assertEquals(ImportResult.Status.IMPORTED, follower.offer(b2).status());
  }

  @Test
  void aChangedSignatureIsBadSignature() {
    Block b = sealOne();
    byte[] sig = b.signature().toArray();
    sig[0] ^= 1;
    assertRefused(new Block(b.header(), b.hash(), Bytes.wrap(sig), b.transactions()), BlockReason.BAD_SIGNATURE);
  }

  @Test
  void aBlockSealedByANonAuthorityIsRefused() {
    Block b = sealOne();
    KeyPair mallory = TestKeys.key(66);
    Header h = b.header();
    Header forged = new Header(h.chainId(), h.height(), h.parentHash(), h.timestampMs(), mallory.address(), h.txCount(),
        h.txRoot(), h.stateRoot());
    assertRefused(resign(forged, mallory, b.transactions()), BlockReason.NOT_AUTHORITY);
  }

  @Test
  void aWrongStateRootSignedByTheAuthorityIsStillRefused() {
    Block b = sealOne();
    Header h = b.header();
    Header bad = new Header(h.chainId(), h.height(), h.parentHash(), h.timestampMs(), h.proposer(), h.txCount(),
        h.txRoot(), Bytes.wrap(new byte[32]));
    assertRefused(resign(bad, Chains.authority(), b.transactions()), BlockReason.BAD_STATE_ROOT);
  }

  @Test
  void aWrongTxRootOrCountIsRefused() {
    Block b = sealOne();
    Header h = b.header();
    Header badRoot = new Header(h.chainId(), h.height(), h.parentHash(), h.timestampMs(), h.proposer(), h.txCount(),
        Bytes.wrap(new byte[32]), h.stateRoot());
    assertRefused(resign(badRoot, Chains.authority(), b.transactions()), BlockReason.BAD_TX_ROOT);
    Header badCount = new Header(h.chainId(), h.height(), h.parentHash(), h.timestampMs(), h.proposer(), 2,
        h.txRoot(), h.stateRoot());
    assertRefused(resign(badCount, Chains.authority(), b.transactions()), BlockReason.BAD_TX_COUNT);
  }

  @Test
  void anOverspendingTransactionInABlockIsInvalidTx() {
    Transaction overspend = transfer(alice, 1, Chains.FUNDS * 2);
    Block parent = follower.store.head();
    List<Transaction> txs = List.of(overspend);
    Header h = new Header(Chains.CHAIN_ID, 1, parent.hash(), clock.get(), Chains.authority().address(), 1,
        MerkleTree.root(List.of(overspend.hash())), parent.header().stateRoot());
    assertRefused(resign(h, Chains.authority(), txs), BlockReason.INVALID_TX);
  }

  @Test
  void anUnorderedTransactionIsIncludedOnceAndABlockThatRepeatsItIsRefusedEvenSignedByTheAuthority() {
    Transaction u = transfer(alice, 0, 5);
    assertTrue(authority.add(u).isSuccess());
    assertTrue(authority.add(transfer(alice, 0, 6)).isSuccess(), "another unordered tx of the same sender");
    assertTrue(authority.add(transfer(alice, 1, 7)).isSuccess(), "ordered nonces do not wait for unordered ones");
    clock.addAndGet(1000);
    Block b1 = authority.seal().orElseThrow();
    assertEquals(3, b1.transactions().size());
    assertEquals(org.aitbc.chain.core.tx.Reason.NONCE_TOO_LOW, authority.add(u).refusal().reason(), "a replay is refused");
    assertTrue(authority.seal().isEmpty(), "nothing left to seal");

    Block parent = follower.store.head();
    List<Transaction> twice = List.of(u, u);
    Header h = new Header(Chains.CHAIN_ID, 1, parent.hash(), clock.get(), Chains.authority().address(), 2,
        MerkleTree.root(List.of(u.hash(), u.hash())), parent.header().stateRoot());
    assertRefused(resign(h, Chains.authority(), twice), BlockReason.DUPLICATE_TX);

    assertEquals(ImportResult.Status.IMPORTED, follower.offer(b1).status());
    Header again = new Header(Chains.CHAIN_ID, 2, b1.hash(), clock.get(), Chains.authority().address(), 1,
        MerkleTree.root(List.of(u.hash())), b1.header().stateRoot());
    ImportResult r = follower.offer(resign(again, Chains.authority(), List.of(u)));
    assertEquals(BlockReason.INVALID_TX, r.reason(), r::detail);
    assertTrue(r.detail().contains("already included"), r::detail);
    assertEquals(1, follower.store.head().height());
  }

  @Test
  void aWrongParentOrAFarFutureTimestampIsRefused() {
    Block b = sealOne();
    Header h = b.header();
    Header orphan = new Header(h.chainId(), h.height(), Bytes.wrap(new byte[32]), h.timestampMs(), h.proposer(),
        h.txCount(), h.txRoot(), h.stateRoot());
    assertRefused(resign(orphan, Chains.authority(), b.transactions()), BlockReason.UNKNOWN_PARENT);
    Header future = new Header(h.chainId(), h.height(), h.parentHash(), clock.get() + 3_600_000, h.proposer(),
        h.txCount(), h.txRoot(), h.stateRoot());
    assertRefused(resign(future, Chains.authority(), b.transactions()), BlockReason.BAD_TIMESTAMP);
    assertEquals(ImportResult.Status.IMPORTED, follower.offer(b).status(), "the honest block still imports");
  }

  @Test
  void listenersHearEachNewHeadAfterItIsStored() {
    List<Long> heard = new ArrayList<>();
    follower.engine.addListener((block, here) -> heard.add(follower.store.head().height()));
    follower.offer(sealOne());
    follower.offer(sealOne());
    assertEquals(List.of(1L, 2L), heard);
  }

  void assertRefused(Block b, BlockReason reason) {
    ImportResult r = follower.offer(b);
    assertEquals(ImportResult.Status.INVALID, r.status(), r::detail);
    assertEquals(reason, r.reason(), r::detail);
    assertEquals(0, follower.store.head().height(), "nothing was written");
  }
}
