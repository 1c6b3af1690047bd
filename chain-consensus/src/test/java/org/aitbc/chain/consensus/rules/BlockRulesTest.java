package org.aitbc.chain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.block.Header;
import org.aitbc.chain.core.block.MerkleTree;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each block rule on its own, with values only (no store, no engine, no clock): a block that keeps it and
 * the smallest change that breaks it. The engine's tests cover the composition on a real chain.
 */
class BlockRulesTest {
  static final Genesis GENESIS = Chains.genesis(2);
  static final KeyPair AUTHORITY = Chains.authority();
  static final long PARENT_TIME = 1_700_000_100_000L;
  static final long NOW = PARENT_TIME + 1_000;
  static final Block PARENT = block(AUTHORITY, 7, Bytes.wrap(new byte[32]), PARENT_TIME, List.of());
  static final List<Transaction> TXS = List.of(tx(1, 1), tx(2, 1));

  /** A signed block of {@code txs} with a matching count and root. */
  static Block block(KeyPair signer, long height, Bytes parentHash, long timeMs, List<Transaction> txs) {
    return signed(signer, new Header(Chains.CHAIN_ID, height, parentHash, timeMs, signer.address(), txs.size(),
        MerkleTree.root(txs.stream().map(Transaction::hash).toList()), Bytes.wrap(new byte[32])), txs);
  }

  static Block signed(KeyPair signer, Header h, List<Transaction> txs) {
    return Block.sealed(h, Bytes.wrap(signer.sign(h.signingBytes())), txs);
  }

  static Block child(long timeMs, List<Transaction> txs) {
    return block(AUTHORITY, PARENT.height() + 1, PARENT.hash(), timeMs, txs);
  }

  static Transaction tx(int sender, long nonce) {
    return Txs.transfer(TestKeys.key(sender), Chains.CHAIN_ID).to(TestKeys.key(9).address()).nonce(nonce).build();
  }

  static Transaction bigTx(int sender, int payloadChars) {
    return Txs.transfer(TestKeys.key(sender), Chains.CHAIN_ID).to(TestKeys.key(9).address()).nonce(1).payload("x".repeat(payloadChars)).build();
  }

  static Header with(Header h, long height, Bytes parentHash, int txCount, Bytes txRoot) {
    return new Header(h.chainId(), height, parentHash, h.timestampMs(), h.proposer(), txCount, txRoot, h.stateRoot());
  }

  static void keeps(BlockRule rule, Block b) {
    assertNull(rule.check(PARENT, b, GENESIS, NOW));
  }

  static void breaks(BlockRule rule, Block b, BlockReason reason, String detail) {
    Violation v = rule.check(PARENT, b, GENESIS, NOW);
    assertEquals(new Violation(reason, detail), v);
  }

  @Test
  void aWellFormedChildKeepsEveryRuleInOrder() {
    assertNull(HeaderRules.check(PARENT, child(NOW, TXS), GENESIS, NOW));
  }

  @Test
  void theFirstBrokenRuleIsTheAnswer() {
    Block wrongHeightAndRoot = signed(AUTHORITY, with(child(NOW, TXS).header(), 20, PARENT.hash(), 2, Bytes.wrap(new byte[32])), TXS);
    assertEquals(BlockReason.NOT_NEXT_HEIGHT, HeaderRules.check(PARENT, wrongHeightAndRoot, GENESIS, NOW).reason());
  }

  @Nested
  class HeightFollowsParentRule {
    final BlockRule rule = new HeightFollowsParent();

    @Test
    void theNextHeightKeepsItAndAnyOtherBreaksIt() {
      keeps(rule, child(NOW, List.of()));
      Header h = child(NOW, List.of()).header();
      breaks(rule, signed(AUTHORITY, with(h, 9, h.parentHash(), 0, h.txRoot()), List.of()), BlockReason.NOT_NEXT_HEIGHT,
          "height 9 does not follow the head 7");
      breaks(rule, signed(AUTHORITY, with(h, 7, h.parentHash(), 0, h.txRoot()), List.of()), BlockReason.NOT_NEXT_HEIGHT,
          "height 7 does not follow the head 7");
    }
  }

  @Nested
  class ParentHashMatchesRule {
    final BlockRule rule = new ParentHashMatches();

    @Test
    void anotherParentHashBreaksIt() {
      keeps(rule, child(NOW, List.of()));
      Bytes other = Bytes.wrap(new byte[32]);
      Block b = block(AUTHORITY, 8, other, NOW, List.of());
      breaks(rule, b, BlockReason.UNKNOWN_PARENT, "parent_hash " + other + " is not the head " + PARENT.hash());
    }
  }

  @Nested
  class TimestampNotBeforeParentRule {
    final BlockRule rule = new TimestampNotBeforeParent();

    @Test
    void theParentsOwnMillisecondKeepsItAndOneBeforeBreaksIt() {
      keeps(rule, child(PARENT_TIME, List.of()));
      breaks(rule, child(PARENT_TIME - 1, List.of()), BlockReason.BAD_TIMESTAMP, "timestamp is before the parent's");
    }
  }

  @Nested
  class TimestampNotFarAheadRule {
    final BlockRule rule = new TimestampNotFarAhead();

    @Test
    void fifteenSecondsAheadKeepsItAndOneMillisecondMoreBreaksIt() {
      keeps(rule, child(NOW + TimestampNotFarAhead.MAX_FUTURE_MS, List.of()));
      breaks(rule, child(NOW + TimestampNotFarAhead.MAX_FUTURE_MS + 1, List.of()), BlockReason.BAD_TIMESTAMP,
          "timestamp is more than 15 s in the future");
    }
  }

  @Nested
  class SealedByAuthorityRule {
    final BlockRule rule = new SealedByAuthority();

    @Test
    void aBlockSignedByANonAuthorityIsNotAuthority() {
      KeyPair mallory = TestKeys.key(66);
      keeps(rule, child(NOW, TXS));
      breaks(rule, block(mallory, 8, PARENT.hash(), NOW, TXS), BlockReason.NOT_AUTHORITY,
          "proposer " + mallory.address() + " is not an authority of this chain");
    }

    @Test
    void theAuthoritysNameWithAnotherKeysSignatureOrAnAlteredHeaderIsBadSignature() {
      Block good = child(NOW, TXS);
      Block otherKey = Block.sealed(good.header(), Bytes.wrap(TestKeys.key(66).sign(good.header().signingBytes())), TXS);
      breaks(rule, otherKey, BlockReason.BAD_SIGNATURE, "the block signature does not verify with the proposer's key");
      Header altered = with(good.header(), 8, PARENT.hash(), 2, Bytes.wrap(new byte[32]));
      breaks(rule, Block.sealed(altered, good.signature(), TXS), BlockReason.BAD_SIGNATURE,
          "the block signature does not verify with the proposer's key");
    }
  }

  @Nested
  class WithinSizeLimitsRule {
    final BlockRule rule = new WithinSizeLimits();

    @Test
    void theGenesisLimitsOnCountAndBytesHoldExactly() throws Exception {
      Genesis small = Genesis.fromJson(Genesis.withParam(Genesis.build(Chains.CHAIN_ID, 1_700_000_000_000L,
          GENESIS.authorities(), GENESIS.allocations(), 1000, 1), "max_block_txs", 2));
      assertNull(rule.check(PARENT, child(NOW, TXS), small, NOW));
      List<Transaction> three = new ArrayList<>(TXS);
      three.add(tx(1, 2));
      assertEquals(new Violation(BlockReason.TOO_LARGE, "3 transactions; the limit is 2"), rule.check(PARENT, child(NOW, three), small, NOW));

      Genesis tight = Genesis.fromJson(Genesis.withParam(Genesis.build(Chains.CHAIN_ID, 1_700_000_000_000L,
          GENESIS.authorities(), GENESIS.allocations(), 1000, 1), "max_block_bytes", 1024)); // the least a genesis may set
      List<Transaction> big = List.of(bigTx(1, 500), bigTx(2, 500));
      long bytes = big.get(0).encodedSize() + big.get(1).encodedSize();
      assertEquals(new Violation(BlockReason.TOO_LARGE, bytes + " bytes of transactions; the limit is 1024"),
          rule.check(PARENT, child(NOW, big), tight, NOW));
      assertNull(rule.check(PARENT, child(NOW, big.subList(0, 1)), tight, NOW), big.get(0).encodedSize() + " bytes fit");
    }
  }

  @Nested
  class TxCountMatchesRule {
    final BlockRule rule = new TxCountMatches();

    @Test
    void aCountOtherThanTheTransactionsBreaksIt() {
      keeps(rule, child(NOW, TXS));
      Header h = child(NOW, TXS).header();
      breaks(rule, signed(AUTHORITY, with(h, 8, PARENT.hash(), 3, h.txRoot()), TXS), BlockReason.BAD_TX_COUNT,
          "tx_count 3 but 2 transactions");
    }
  }

  @Nested
  class NoDuplicateTransactionsRule {
    final BlockRule rule = new NoDuplicateTransactions();

    @Test
    void theSameTransactionTwiceBreaksIt() {
      keeps(rule, child(NOW, TXS));
      Transaction t = TXS.get(0);
      breaks(rule, child(NOW, List.of(t, TXS.get(1), t)), BlockReason.DUPLICATE_TX, "transaction " + t.hashHex() + " appears twice");
    }
  }

  @Nested
  class TxRootMatchesRule {
    final BlockRule rule = new TxRootMatches();

    @Test
    void transactionsInAnotherOrderOrAnotherRootBreakIt() {
      keeps(rule, child(NOW, TXS));
      Block b = child(NOW, TXS);
      breaks(rule, signed(AUTHORITY, b.header(), List.of(TXS.get(1), TXS.get(0))), BlockReason.BAD_TX_ROOT,
          "tx_root does not match the transactions");
      breaks(rule, signed(AUTHORITY, with(b.header(), 8, PARENT.hash(), 2, Bytes.wrap(new byte[32])), TXS),
          BlockReason.BAD_TX_ROOT, "tx_root does not match the transactions");
    }
  }
}
