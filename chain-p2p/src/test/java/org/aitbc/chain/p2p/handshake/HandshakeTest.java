package org.aitbc.chain.p2p.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.TestData;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.aitbc.chain.p2p.message.P2pMessage.Version;
import org.aitbc.chain.p2p.message.RejectCode;
import org.aitbc.chain.p2p.wire.Violation;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  final Version ours = TestData.version(1, TestData.GENESIS_A, "ait-dev", 11);
  final Version theirs = TestData.version(2, TestData.GENESIS_A, "ait-dev", 22);

  Handshake started() {
    Handshake h = new Handshake(ours, n -> n == 11);
    assertEquals(List.of(ours), h.start().send());
    return h;
  }

  @Test
  void versionThenVerackCompletesAndAnswersVerack() {
    Handshake h = started();
    Handshake.Step s = h.onMessage(theirs);
    assertEquals(List.of(new P2pMessage.Verack()), s.send());
    assertEquals(Handshake.Status.PENDING, s.status());
    s = h.onMessage(new P2pMessage.Verack());
    assertEquals(Handshake.Status.COMPLETE, s.status());
    assertEquals(Optional.of(theirs), s.peer());
  }

  @Test
  void twoMachinesTalkingToEachOtherBothComplete() {
    Handshake a = new Handshake(ours, n -> n == 11);
    Handshake b = new Handshake(theirs, n -> n == 22);
    List<P2pMessage> toB = a.start().send();
    List<P2pMessage> toA = b.start().send();
    for (int round = 0; round < 3; round++) {
      List<P2pMessage> nextToA = new java.util.ArrayList<>();
      List<P2pMessage> nextToB = new java.util.ArrayList<>();
      for (P2pMessage m : toB) if (b.status() == Handshake.Status.PENDING) nextToA.addAll(b.onMessage(m).send());
      for (P2pMessage m : toA) if (a.status() == Handshake.Status.PENDING) nextToB.addAll(a.onMessage(m).send());
      toA = nextToA;
      toB = nextToB;
    }
    assertEquals(Handshake.Status.COMPLETE, a.status());
    assertEquals(Handshake.Status.COMPLETE, b.status());
  }

  @Test
  void anotherGenesisIsRefusedWithAReason() {
    Handshake.Step s = started().onMessage(TestData.version(2, TestData.GENESIS_B, "ait-dev", 22));
    Handshake.Refusal r = s.refusal().orElseThrow();
    assertEquals(Violation.WRONG_GENESIS, r.violation());
    assertEquals(Optional.of(RejectCode.WRONG_GENESIS), r.reject());
    assertTrue(r.detail().contains(TestData.GENESIS_B.hex0x()), r.detail());
  }

  @Test
  void anotherChainIdIsRefused() {
    Handshake.Step s = started().onMessage(TestData.version(2, TestData.GENESIS_A, "ait-main", 22));
    assertEquals(Violation.WRONG_CHAIN_ID, s.refusal().orElseThrow().violation());
  }

  @Test
  void ourOwnNonceMeansWeConnectedToOurselvesAndNothingIsSent() {
    Handshake.Step s = started().onMessage(TestData.version(1, TestData.GENESIS_A, "ait-dev", 11));
    assertEquals(Violation.SELF_CONNECTION, s.refusal().orElseThrow().violation());
    assertEquals(Optional.empty(), s.refusal().get().reject());
    assertEquals(0, Violation.SELF_CONNECTION.score());
  }

  @Test
  void aVersionWhoseSignatureDoesNotVerifyIsRefused() {
    Version forged = new Version(theirs.protocolVersion(), theirs.chainId(), theirs.genesisHash(), theirs.bestHeight(),
        theirs.bestHash(), TestData.key(3).publicKey(), theirs.nodeSignature(), theirs.listenHost(), theirs.listenPort(),
        theirs.userAgent(), theirs.nonce(), theirs.timestampMs());
    assertEquals(Violation.BAD_NODE_SIGNATURE, started().onMessage(forged).refusal().orElseThrow().violation());
  }

  @Test
  void anyOtherMessageBeforeTheHandshakeIsAViolation() {
    Handshake h = started();
    h.onMessage(theirs);
    Handshake.Step s = h.onMessage(new P2pMessage.Inv(List.of()));
    assertEquals(Violation.MESSAGE_BEFORE_HANDSHAKE, s.refusal().orElseThrow().violation());
  }

  @Test
  void verackBeforeVersionIsAViolation() {
    assertEquals(Violation.MESSAGE_BEFORE_HANDSHAKE,
        started().onMessage(new P2pMessage.Verack()).refusal().orElseThrow().violation());
  }

  @Test
  void aSecondVersionIsAViolation() {
    Handshake h = started();
    h.onMessage(theirs);
    assertEquals(Violation.DUPLICATE_HANDSHAKE, h.onMessage(theirs).refusal().orElseThrow().violation());
  }

  @Test
  void aRejectFromThePeerEndsTheHandshakeWithoutBlame() {
    Handshake.Step s = started().onMessage(new P2pMessage.Reject(RejectCode.WRONG_GENESIS, "version", "no"));
    assertEquals(Violation.PEER_REJECTED_US, s.refusal().orElseThrow().violation());
  }

  @Test
  void theTimeoutRefusesAPendingHandshakeOnly() {
    Handshake h = started();
    assertEquals(Violation.HANDSHAKE_TIMEOUT, h.onTimeout().refusal().orElseThrow().violation());
    Handshake done = started();
    done.onMessage(theirs);
    done.onMessage(new P2pMessage.Verack());
    assertEquals(Handshake.Status.COMPLETE, done.onTimeout().status());
  }

  @Test
  void theNodeSignatureCoversTheNonce() {
    Version v = TestData.version(4, TestData.GENESIS_A, "ait-dev", 5);
    assertTrue(Handshake.verify(v));
    Version replayed = new Version(v.protocolVersion(), v.chainId(), v.genesisHash(), v.bestHeight(), v.bestHash(),
        v.nodeId(), v.nodeSignature(), v.listenHost(), v.listenPort(), v.userAgent(), 6, v.timestampMs());
    assertEquals(false, Handshake.verify(replayed));
    assertEquals(32, Bytes.of(v.nodeId().toArray()).length());
  }
}
