package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal code of contract §1, reached through real HTTP, and the node keeps working after each. */
class TransactionRefusalsOverHttpTest {
  @TempDir Path dir;
  Genesis genesis = Chains.genesis(3, 1000, 5);
  KeyPair alice = TestKeys.key(1);
  KeyPair bob = TestKeys.key(2);
  RpcHarness node;

  @BeforeEach
  void start() throws Exception {
    node = new RpcHarness(dir.resolve("chain"), genesis, Chains.authority(), MempoolConfig.DEFAULTS, 0);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  Txs.Builder tx(KeyPair k) {
    return Txs.transfer(k, Chains.CHAIN_ID).fee(5).to(bob.address());
  }

  RpcHarness.Answer submit(String json) throws Exception {
    return node.post("/rpc/transaction", json);
  }

  void assertRefused(RpcHarness.Answer a, int status, String code) {
    assertEquals(status, a.status(), () -> a.raw().body());
    assertEquals(false, a.obj().members().get("success") == JsonValue.JsonBool.TRUE);
    assertEquals(code, a.code(), () -> a.raw().body());
    assertFalse(a.str("detail").isEmpty());
  }

  @Test
  void acceptedTransactionAnswersTheClientComputedHashAndAResubmitIsNotAnError() throws Exception {
    var b = tx(alice).nonce(1);
    var a = submit(b.jsonText());
    assertEquals(200, a.status());
    assertEquals(b.build().hashHex(), a.str("transaction_hash"));
    var again = submit(b.jsonText());
    assertEquals(200, again.status());
    assertEquals(b.build().hashHex(), again.str("transaction_hash"));
    node.seal();
    assertEquals(200, submit(b.jsonText()).status(), "an included tx resubmitted is still the same answer");
  }

  @Test
  void malformedJsonIsInvalidJson() throws Exception {
    assertRefused(submit("{\"from\": "), 400, "INVALID_JSON");
    assertRefused(submit("[1,2]"), 400, "INVALID_JSON");
    assertRefused(submit(""), 400, "INVALID_JSON");
  }

  @Test
  void aMissingFieldIsMissingField() throws Exception {
    assertRefused(submit(tx(alice).jsonText().replaceFirst("\"fee\":5,", "")), 400, "MISSING_FIELD");
  }

  @Test
  void anUnknownFieldOrWrongTypeIsInvalidField() throws Exception {
    assertRefused(submit(tx(alice).jsonText().replaceFirst("\\{", "{\"extra\":1,")), 400, "INVALID_FIELD");
    assertRefused(submit(tx(alice).jsonText().replaceFirst("\"amount\":1", "\"amount\":\"1\"")), 400, "INVALID_FIELD");
    assertRefused(submit(tx(alice).jsonText().replaceFirst("\"amount\":1", "\"amount\":-1")), 400, "INVALID_FIELD");
  }

  @Test
  void anotherChainIdIsWrongChain() throws Exception {
    assertRefused(submit(Txs.transfer(alice, "ait-other").fee(5).jsonText()), 400, "WRONG_CHAIN");
  }

  @Test
  void aTamperedBodyIsBadSignature() throws Exception {
    String json = tx(alice).amount(1).jsonText().replaceFirst("\"amount\":1", "\"amount\":2");
    assertRefused(submit(json), 400, "BAD_SIGNATURE");
  }

  @Test
  void aFromAddressOfAnotherKeyIsAddressMismatch() throws Exception {
    String json = tx(alice).jsonText().replace(alice.publicKey().hex(), bob.publicKey().hex());
    assertRefused(submit(json), 400, "ADDRESS_MISMATCH");
  }

  @Test
  void noPublicKeyForANewSenderIsUnknownPublicKeyButWorksOnceTheKeyIsKnown() throws Exception {
    assertRefused(submit(tx(alice).nonce(1).withoutPublicKey().jsonText()), 400, "UNKNOWN_PUBLIC_KEY");
    assertEquals(200, submit(tx(alice).nonce(2).jsonText()).status());
    node.seal();
    assertEquals(200, submit(tx(alice).nonce(3).withoutPublicKey().jsonText()).status());
  }

  @Test
  void aNonceNotAboveTheIncludedOneIsNonceTooLow() throws Exception {
    assertEquals(200, submit(tx(alice).nonce(10).jsonText()).status());
    node.seal();
    assertRefused(submit(tx(alice).nonce(10).payload("other").jsonText()), 400, "NONCE_TOO_LOW");
    assertRefused(submit(tx(alice).nonce(3).jsonText()), 400, "NONCE_TOO_LOW");
  }

  @Test
  void spendingMoreThanTheBalanceIsInsufficientFundsAlsoAcrossPendingTransactions() throws Exception {
    assertRefused(submit(tx(alice).amount(Chains.FUNDS).jsonText()), 400, "INSUFFICIENT_FUNDS");
    assertEquals(200, submit(tx(alice).nonce(1).amount(Chains.FUNDS - 100).jsonText()).status());
    assertRefused(submit(tx(alice).nonce(2).amount(100).jsonText()), 400, "INSUFFICIENT_FUNDS");
    assertRefused(submit(tx(TestKeys.key(50)).jsonText()), 400, "INSUFFICIENT_FUNDS");
  }

  @Test
  void aFeeBelowTheMinimumIsFeeTooLow() throws Exception {
    assertRefused(submit(tx(alice).fee(4).jsonText()), 400, "FEE_TOO_LOW");
  }

  @Test
  void aLargePayloadIsPayloadTooLargeAndAHugeBodyToo() throws Exception {
    assertRefused(submit(tx(alice).payload("x".repeat(70_000)).jsonText()), 413, "PAYLOAD_TOO_LARGE");
    assertRefused(submit("{\"payload\":\"" + "y".repeat(2 << 20) + "\"}"), 413, "PAYLOAD_TOO_LARGE");
    assertEquals(200, node.postOnNewConnection("/rpc/transaction", tx(alice).jsonText()).status(), "the node keeps working");
  }

  @Test
  void aFullMempoolIsMempoolFullWithRetryAfter(@TempDir Path other) throws Exception {
    try (RpcHarness small = new RpcHarness(other, genesis, Chains.authority(), new MempoolConfig(2, 1 << 20, 10, 60_000), 0)) {
      assertEquals(200, small.post("/rpc/transaction", tx(alice).nonce(1).jsonText()).status());
      assertEquals(200, small.post("/rpc/transaction", tx(alice).nonce(2).jsonText()).status());
      var a = small.post("/rpc/transaction", tx(alice).nonce(3).jsonText());
      assertRefused(a, 503, "MEMPOOL_FULL");
      assertTrue(a.raw().headers().firstValue("Retry-After").isPresent());
    }
  }

  @Test
  void tooManySubmissionsFromOneClientIsRateLimited(@TempDir Path other) throws Exception {
    try (RpcHarness limited = new RpcHarness(other, genesis, Chains.authority(), MempoolConfig.DEFAULTS, 2)) {
      int limitedCount = 0;
      for (int i = 1; i <= 6; i++) {
        var a = limited.post("/rpc/transaction", tx(alice).nonce(i).jsonText());
        if (a.status() == 429) {
          assertRefused(a, 429, "RATE_LIMITED");
          limitedCount++;
        }
      }
      assertTrue(limitedCount >= 3, "6 quick submissions with 2/s allowed: " + limitedCount + " limited");
    }
  }
}
