package org.aitbc.chain.core.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.state.AccountView;
import org.aitbc.chain.core.state.IncludedTxs;
import org.aitbc.chain.core.testutil.Keys;
import org.aitbc.chain.core.testutil.Transfers;
import org.junit.jupiter.api.Test;

/** Each validity rule reached from a minimal case; a valid transaction passes all of them. */
class TxRulesTest {
  static final KeyPair ALICE = Keys.key(1);
  static final KeyPair BOB = Keys.key(2);
  static final ChainParams PARAMS = new ChainParams(Transfers.CHAIN_ID, 1000, 5, 1024, 100, 1 << 20);

  final Map<String, Account> accounts = new HashMap<>();
  final AccountView state = a -> accounts.getOrDefault(a, Account.EMPTY);
  final SignatureVerifier verifier = new SignatureVerifier(64);

  TxRulesTest() {
    accounts.put(ALICE.address(), new Account(1_000, Account.NO_NONCE, null));
  }

  Transfers.Builder transfer() {
    return Transfers.from(ALICE).to(BOB.address()).amount(10).fee(5).nonce(1);
  }

  Reason reasonOf(Transaction tx) {
    Refusal r = TxRules.check(tx, PARAMS, state, verifier);
    return r == null ? null : r.reason();
  }

  @Test
  void aValidTransferPassesEveryRule() {
    assertNull(TxRules.check(transfer().tx(), PARAMS, state, verifier));
  }

  @Test
  void anotherChainIdIsWrongChain() {
    assertEquals(Reason.WRONG_CHAIN, reasonOf(transfer().chainId("ait-mainnet").tx()));
  }

  @Test
  void aFeeBelowTheMinimumIsFeeTooLowAndTheMinimumItselfPasses() {
    assertEquals(Reason.FEE_TOO_LOW, reasonOf(transfer().fee(4).tx()));
    assertNull(reasonOf(transfer().fee(5).tx()));
  }

  @Test
  void aPayloadOverTheChainsLimitIsPayloadTooLarge() {
    assertEquals(Reason.PAYLOAD_TOO_LARGE, reasonOf(transfer().payload("p".repeat(1023)).tx()));
  }

  @Test
  void noPublicKeyForASenderTheChainDoesNotKnowIsUnknownPublicKey() {
    assertEquals(Reason.UNKNOWN_PUBLIC_KEY, reasonOf(transfer().withoutPublicKey().tx()));
  }

  @Test
  void noPublicKeyIsFineOnceTheChainLearnedTheSendersKey() {
    accounts.put(ALICE.address(), new Account(1_000, 3, ALICE.publicKey()));
    assertNull(reasonOf(transfer().nonce(4).withoutPublicKey().tx()));
  }

  @Test
  void aPublicKeyThatIsNotTheSendersAddressIsAddressMismatch() {
    assertEquals(Reason.ADDRESS_MISMATCH, reasonOf(transfer().publicKey(BOB.publicKey()).signedBy(BOB).tx()));
  }

  @Test
  void aPublicKeyOtherThanTheOneTheChainKnowsIsAddressMismatch() {
    // The chain's key for the address differs from the key sent (only reachable with a corrupt or
    // colliding state, but the rule must hold).
    accounts.put(ALICE.address(), new Account(1_000, Account.NO_NONCE, BOB.publicKey()));
    assertEquals(Reason.ADDRESS_MISMATCH, reasonOf(transfer().tx()));
  }

  @Test
  void aSignatureByAnotherKeyOrOverOtherBytesIsBadSignature() {
    assertEquals(Reason.BAD_SIGNATURE, reasonOf(transfer().signedBy(BOB).tx()));
    assertEquals(Reason.BAD_SIGNATURE, reasonOf(transfer().corruptSignature().tx()));
  }

  @Test
  void aNonceNotAboveTheHighestIncludedOneIsNonceTooLow() {
    accounts.put(ALICE.address(), new Account(1_000, 7, ALICE.publicKey()));
    assertEquals(Reason.NONCE_TOO_LOW, reasonOf(transfer().nonce(7).tx()));
    assertEquals(Reason.NONCE_TOO_LOW, reasonOf(transfer().nonce(2).tx()));
    assertNull(reasonOf(transfer().nonce(8).tx()));
    // gaps are allowed (clients use millisecond timestamps)
    assertNull(reasonOf(transfer().nonce(1_775_819_657_114L).tx()));
  }

  @Test
  void aNonceSoHighThatNothingCouldFollowItIsRefusedSoNoSenderLocksItselfOut() {
    assertEquals(Reason.INVALID_FIELD, reasonOf(transfer().nonce(Long.MAX_VALUE).tx()), "issue 13: 2^63-1 locked its sender");
    assertNull(reasonOf(transfer().nonce(TxRules.MAX_NONCE_STEP).tx()));
    assertEquals(Reason.INVALID_FIELD, reasonOf(transfer().nonce(TxRules.MAX_NONCE_STEP + 1).tx()));
    accounts.put(ALICE.address(), new Account(1_000, 1_800_000_000_000L, ALICE.publicKey()));
    assertNull(reasonOf(transfer().nonce(1_800_000_000_000L + TxRules.MAX_NONCE_STEP).tx()), "the step counts from the included nonce");
  }

  @Test
  void anyNonceIsFineForASenderThatNeverSent() {
    assertNull(reasonOf(transfer().nonce(0).tx()));
  }

  @Test
  void anUnorderedTransactionIsValidOnceWhateverTheSendersOrderedNonce() {
    accounts.put(ALICE.address(), new Account(1_000, 7_000, ALICE.publicKey()));
    Transaction unordered = transfer().nonce(0).tx();
    assertNull(reasonOf(unordered), "nonce 0 is not below the sender's nonce: it is unordered");
    assertEquals(Reason.NONCE_TOO_LOW, reasonOf(transfer().nonce(6_999).tx()), "ordered nonces still must grow");
    Account alice = accounts.get(ALICE.address());
    Refusal replay = TxRules.checkState(unordered, alice, 0, h -> h.equals(unordered.hash()));
    assertEquals(Reason.NONCE_TOO_LOW, replay.reason());
    assertTrue(replay.detail().contains("already included"), replay.detail());
    assertNull(TxRules.checkState(transfer().nonce(0).amount(11).tx(), alice, 0, h -> h.equals(unordered.hash())),
        "another unordered transaction (another hash) is not a replay");
  }

  @Test
  void anUnknownKeyIsRefusedWithTheWaysTheChainLearnsOne() {
    Refusal r = TxRules.check(transfer().withoutPublicKey().tx(), PARAMS, state, verifier);
    assertEquals(Reason.UNKNOWN_PUBLIC_KEY, r.reason());
    assertTrue(r.detail().contains("wallet announce") && r.detail().contains("genesis"), r.detail());
  }

  @Test
  void spendingMoreThanTheBalanceIsInsufficientFunds() {
    assertEquals(Reason.INSUFFICIENT_FUNDS, reasonOf(transfer().amount(996).tx()));
    assertNull(reasonOf(transfer().amount(995).tx()));
    // amount + fee above 2^63-1 must not wrap around into a small cost
    assertEquals(Reason.INSUFFICIENT_FUNDS, reasonOf(transfer().amount(Long.MAX_VALUE).tx()));
  }

  @Test
  void pendingSpendsCountAgainstTheBalance() {
    Transaction tx = transfer().amount(500).tx();
    Account alice = accounts.get(ALICE.address());
    assertNull(TxRules.checkState(tx, alice, 495, IncludedTxs.NONE));
    assertEquals(Reason.INSUFFICIENT_FUNDS, TxRules.checkState(tx, alice, 496, IncludedTxs.NONE).reason());
  }

  @Test
  void ruleOrderIsChainFeeSignatureThenState() {
    // a tx that breaks every rule is refused for the first one
    Transaction all = transfer().chainId("other").fee(0).signedBy(BOB).amount(1_000_000).tx();
    assertEquals(Reason.WRONG_CHAIN, reasonOf(all));
    assertEquals(Reason.FEE_TOO_LOW, reasonOf(transfer().fee(0).signedBy(BOB).amount(1_000_000).tx()));
    assertEquals(Reason.BAD_SIGNATURE, reasonOf(transfer().signedBy(BOB).amount(1_000_000).tx()));
  }
}
