package org.aitbc.chain.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aitbc.chain.core.testutil.Keys;
import org.aitbc.chain.core.util.Bytes;
import org.junit.jupiter.api.Test;

/** The verify-once cache: a verdict is reused only for the very same hash, signature and key. */
class SignatureVerifierTest {
  static final KeyPair ALICE = Keys.key(1);
  static final KeyPair BOB = Keys.key(2);

  record Signed(Bytes hash, byte[] message, Bytes signature, Bytes key) {
    static Signed by(KeyPair k, String text) {
      byte[] m = text.getBytes(StandardCharsets.US_ASCII);
      return new Signed(Bytes.wrap(Hashes.sha256(m)), m, Bytes.wrap(k.sign(m)), k.publicKey());
    }

    boolean verifyWith(SignatureVerifier v) {
      return v.verify(hash, message, signature, key);
    }
  }

  static Bytes flipped(Bytes b, int index) {
    byte[] a = b.toArray();
    a[index] ^= 0x01;
    return Bytes.wrap(a);
  }

  @Test
  void aValidSignatureIsVerifiedOnceAndThenFoundInTheCache() {
    SignatureVerifier v = new SignatureVerifier(1024);
    Signed s = Signed.by(ALICE, "pay bob 5");
    assertTrue(s.verifyWith(v));
    assertTrue(s.verifyWith(v));
    assertTrue(s.verifyWith(v));
    assertEquals(1, v.verifications());
    assertEquals(2, v.cacheHits());
  }

  @Test
  void anInvalidSignatureIsNeverRememberedAndIsRefusedEveryTime() {
    SignatureVerifier v = new SignatureVerifier(1024);
    Signed s = Signed.by(ALICE, "pay bob 5");
    Signed bad = new Signed(s.hash(), s.message(), flipped(s.signature(), 9), s.key());
    for (int i = 0; i < 3; i++) assertFalse(bad.verifyWith(v));
    assertEquals(3, v.verifications());
    assertEquals(0, v.cacheHits());
  }

  @Test
  void aCachedHashWithAnotherSignatureOrKeyIsVerifiedAgainAndRefused() {
    SignatureVerifier v = new SignatureVerifier(1024);
    Signed s = Signed.by(ALICE, "pay bob 5");
    assertTrue(s.verifyWith(v));
    // same message hash, but a forged signature, or the right signature claimed for another key
    assertFalse(new Signed(s.hash(), s.message(), flipped(s.signature(), 40), s.key()).verifyWith(v));
    assertFalse(new Signed(s.hash(), s.message(), s.signature(), BOB.publicKey()).verifyWith(v));
    assertEquals(3, v.verifications());
    assertEquals(0, v.cacheHits());
    assertTrue(s.verifyWith(v), "the genuine verdict is still there");
    assertEquals(1, v.cacheHits());
  }

  @Test
  void aSmallTableEvictsVerdictsButNeverChangesAnAnswer() {
    SignatureVerifier v = new SignatureVerifier(4);
    assertEquals(4, v.slots());
    List<Signed> valid = new ArrayList<>();
    for (int i = 0; i < 64; i++) valid.add(Signed.by(i % 2 == 0 ? ALICE : BOB, "message " + i));
    for (int round = 0; round < 2; round++) {
      for (Signed s : valid) {
        assertTrue(s.verifyWith(v));
        assertFalse(new Signed(s.hash(), s.message(), flipped(s.signature(), 3), s.key()).verifyWith(v));
      }
    }
    // 64 verdicts in 4 slots: most of the second round had been evicted and was verified again
    assertTrue(v.verifications() > 64 + 64 + 32, "verifications: " + v.verifications());
  }

  @Test
  void threadsSharingOneTableAllGetTheRightAnswers() throws Exception {
    SignatureVerifier v = new SignatureVerifier(64); // small: threads keep overwriting each other's slots
    List<Signed> valid = new ArrayList<>();
    for (int i = 0; i < 40; i++) valid.add(Signed.by(i % 2 == 0 ? ALICE : BOB, "concurrent " + i));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        wrong.add(pool.submit(() -> {
          int errors = 0;
          for (int round = 0; round < 20; round++) {
            for (int i = 0; i < valid.size(); i++) {
              Signed s = valid.get((i + offset * 7) % valid.size());
              if (!s.verifyWith(v)) errors++;
              Signed forged = new Signed(s.hash(), s.message(), s.signature(), (offset % 2 == 0 ? BOB : ALICE).publicKey());
              if (forged.key().equals(s.key())) forged = new Signed(s.hash(), s.message(), flipped(s.signature(), 1), s.key());
              if (forged.verifyWith(v)) errors++;
            }
          }
          return errors;
        }));
      }
      for (Future<Integer> f : wrong) assertEquals(0, f.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theTableSizeIsRoundedUpToAPowerOfTwoAndBounded() {
    assertEquals(1024, new SignatureVerifier(1000).slots());
    assertEquals(2, new SignatureVerifier(2).slots());
    assertThrows(IllegalArgumentException.class, () -> new SignatureVerifier(1));
    assertThrows(IllegalArgumentException.class, () -> new SignatureVerifier((1 << 28) + 1));
  }
}
