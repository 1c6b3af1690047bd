package org.aitbc.chain.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.messaging.Envelope.Kind;
import org.aitbc.chain.messaging.MessageCrypto.Failed;
import org.aitbc.chain.messaging.MessageCrypto.OpenResult;
import org.aitbc.chain.messaging.MessageCrypto.Opened;
import org.aitbc.chain.testing.TestKeys;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

class MessageCryptoTest {
  static final HexFormat HEX = HexFormat.of();
  static final KeyPair ALICE = TestKeys.key(1);
  static final KeyPair BOB = TestKeys.key(2);
  static final KeyPair CAROL = TestKeys.key(3);

  static SecureRandom seeded(long seed) {
    Random r = new Random(seed);
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] bytes) {
        r.nextBytes(bytes);
      }
    };
  }

  // ---- Ed25519 -> X25519 -----------------------------------------------------------------------

  @Test
  void theLibsodiumConversionVectorGivesItsPublishedX25519Keys() {
    // libsodium test/default/ed25519_convert.c and .exp
    byte[] seed = HEX.parseHex("421151a459faeade3d247115f94aedae42318124095afabe4d1451a559faedee");
    KeyPair k = KeyPair.fromSeed(seed);
    assertEquals("b5076a8474a832daee4dd5b4040983b6623b5f344aca57d4d6ee4baf3f259e6e", k.publicKey().hex());
    assertEquals("8052030376d47112be7f73ed7a019293dd12ad910b654455798b4667d73de166",
        HEX.formatHex(X25519Keys.privateFromEd25519Seed(seed)));
    assertEquals("f1814f0e8ff1043d8a44d25babff3cedcae6c22c3edaa48f857ae70de2baae50",
        X25519Keys.publicFromEd25519(k.publicKey()).orElseThrow().hex());
  }

  @Test
  void theConvertedPublicKeyIsThePublicKeyOfTheConvertedPrivateKeyForManySeeds() {
    SecureRandom rnd = seeded(7);
    for (int i = 0; i < 200; i++) {
      KeyPair k = KeyPair.generate(rnd);
      byte[] sk = X25519Keys.privateFromEd25519Seed(k.seed());
      byte[] fromPrivate = new X25519PrivateKeyParameters(sk, 0).generatePublicKey().getEncoded();
      assertEquals(HEX.formatHex(fromPrivate), X25519Keys.publicFromEd25519(k.publicKey()).orElseThrow().hex());
    }
  }

  @Test
  void theConversionAgreesWithPythonCryptographyOnRandomSeeds() throws Exception {
    Path script = Path.of(getClass().getResource("/interop/x25519_from_seed.py").toURI());
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
      fail("/usr/bin/python3 is missing: install python3 and python3-cryptography");
    }
    SecureRandom rnd = seeded(11);
    List<KeyPair> keys = new ArrayList<>();
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      KeyPair k = KeyPair.generate(rnd);
      keys.add(k);
      in.append(HEX.formatHex(k.seed())).append('\n');
    }
    Process p = new ProcessBuilder("/usr/bin/python3", script.toString()).start();
    try (OutputStream os = p.getOutputStream()) {
      os.write(in.toString().getBytes(StandardCharsets.US_ASCII));
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python finished");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), () -> "python3-cryptography is needed (apt-get install python3-cryptography): " + err);
    String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().split("\n");
    assertEquals(keys.size(), lines.length);
    for (int i = 0; i < lines.length; i++) {
      String[] f = lines[i].split(" ");
      assertEquals(keys.get(i).publicKey().hex(), f[0], "same Ed25519 key");
      assertEquals(f[1], X25519Keys.publicFromEd25519(keys.get(i).publicKey()).orElseThrow().hex(), "seed " + i);
    }
  }

  @Test
  void smallOrderAndMalformedEd25519KeysHaveNoX25519Key() {
    byte[] identity = new byte[32];
    identity[0] = 1; // y = 1: the neutral point, u would divide by zero
    assertTrue(X25519Keys.publicFromEd25519(Bytes.wrap(identity)).isEmpty());
    assertTrue(X25519Keys.publicFromEd25519(Bytes.wrap(new byte[31])).isEmpty());
    byte[] notOnCurve = HEX.parseHex("0200000000000000000000000000000000000000000000000000000000000000");
    assertTrue(X25519Keys.publicFromEd25519(Bytes.wrap(notOnCurve)).isEmpty());
  }

  // ---- HPKE -------------------------------------------------------------------------------------

  @Test
  void theSuiteReproducesRfc9180AppendixA21() throws IOException {
    // RFC 9180 A.2.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, base mode, sequence 0
    byte[] ikmE = HEX.parseHex("909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b");
    byte[] pkRm = HEX.parseHex("4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a");
    byte[] skRm = HEX.parseHex("8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb");
    byte[] info = HEX.parseHex("4f6465206f6e2061204772656369616e2055726e");
    byte[] aad = HEX.parseHex("436f756e742d30");
    byte[] pt = HEX.parseHex("4265617574792069732074727574682c20747275746820626561757479");
    byte[][] ctEnc = MessageCrypto.sealRaw(pkRm, info, aad, pt, ikmE);
    assertEquals("1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a", HEX.formatHex(ctEnc[1]));
    assertEquals("1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28",
        HEX.formatHex(ctEnc[0]));
    assertArrayEquals(pt, MessageCrypto.openRaw(ctEnc[1], skRm, info, aad, ctEnc[0]).orElseThrow());
  }

  static Envelope secret() {
    return Envelope.text("the launch code is 0000 \u00e9\u20ac", seeded(1)).withRequireAck(true);
  }

  static Envelope sealedFor(KeyPair recipient, String from, String to) {
    MessageCrypto.SealResult r = MessageCrypto.seal(secret(), from, to, recipient.publicKey(), seeded(2));
    assertTrue(r.isOk(), r.problem());
    return r.envelope();
  }

  @Test
  void aSealedMessageOpensForItsRecipientWithTheSameContentAndHeader() {
    Envelope sealed = sealedFor(BOB, ALICE.address(), BOB.address());
    assertTrue(sealed.encrypted());
    assertEquals(null, sealed.body());
    assertFalse(sealed.text().contains("launch"), "the text is not readable outside");
    // through the payload and back, as a reader of the chain sees it
    Envelope read = ((Envelope.Structured) Envelope.parse(sealed.toPayload())).envelope();
    assertEquals(sealed, read);
    OpenResult r = MessageCrypto.open(read, ALICE.address(), BOB.address(), BOB);
    Envelope plain = assertInstanceOf(Opened.class, r).envelope();
    assertEquals(secret(), plain);
  }

  @Test
  void twoSealsOfOneMessageDiffer() {
    Envelope a = MessageCrypto.seal(secret(), ALICE.address(), BOB.address(), BOB.publicKey(), seeded(3)).envelope();
    Envelope b = MessageCrypto.seal(secret(), ALICE.address(), BOB.address(), BOB.publicKey(), seeded(4)).envelope();
    assertNotEquals(a.sealed(), b.sealed());
  }

  @Test
  void aFlippedCiphertextBitIsDetected() {
    Envelope sealed = sealedFor(BOB, ALICE.address(), BOB.address());
    byte[] ct = sealed.sealed().ciphertext().toArray();
    for (int i : new int[] {0, ct.length / 2, ct.length - 1}) {
      byte[] t = ct.clone();
      t[i] ^= 0x01;
      Envelope tampered = sealed.withSealed(new Sealed(Sealed.ALG, sealed.sealed().enc(), Bytes.wrap(t)));
      Failed f = assertInstanceOf(Failed.class, MessageCrypto.open(tampered, ALICE.address(), BOB.address(), BOB));
      assertTrue(f.reason().startsWith("authentication failed"), f.reason());
    }
    byte[] enc = sealed.sealed().enc().toArray();
    enc[3] ^= 0x40;
    Envelope badEnc = sealed.withSealed(new Sealed(Sealed.ALG, Bytes.wrap(enc), sealed.sealed().ciphertext()));
    assertInstanceOf(Failed.class, MessageCrypto.open(badEnc, ALICE.address(), BOB.address(), BOB));
  }

  @Test
  void theAssociatedDataBindsSenderRecipientAndHeader() {
    Envelope sealed = sealedFor(BOB, ALICE.address(), BOB.address());
    // another sender replaying the ciphertext in its own transaction
    assertInstanceOf(Failed.class, MessageCrypto.open(sealed, CAROL.address(), BOB.address(), BOB));
    // the ciphertext presented as sent to another address of the same key holder
    assertInstanceOf(Failed.class, MessageCrypto.open(sealed, ALICE.address(), CAROL.address(), BOB));
    // a changed header: id, kind, reply_to, require_ack
    Envelope otherId = new Envelope(1, "other-id", sealed.kind(), null, null, true, null, null, sealed.sealed());
    assertInstanceOf(Failed.class, MessageCrypto.open(otherId, ALICE.address(), BOB.address(), BOB));
    Envelope otherKind = new Envelope(1, sealed.id(), Kind.TASK, null, null, true, null, null, sealed.sealed());
    assertInstanceOf(Failed.class, MessageCrypto.open(otherKind, ALICE.address(), BOB.address(), BOB));
    Envelope replyTo = new Envelope(1, sealed.id(), sealed.kind(), "x", null, true, null, null, sealed.sealed());
    assertInstanceOf(Failed.class, MessageCrypto.open(replyTo, ALICE.address(), BOB.address(), BOB));
    assertInstanceOf(Failed.class, MessageCrypto.open(sealed.withRequireAck(false), ALICE.address(), BOB.address(), BOB));
  }

  @Test
  void anotherKeyCannotOpen() {
    Envelope sealed = sealedFor(BOB, ALICE.address(), BOB.address());
    Failed f = assertInstanceOf(Failed.class, MessageCrypto.open(sealed, ALICE.address(), BOB.address(), CAROL));
    assertTrue(f.reason().contains("not encrypted for this wallet's key"), f.reason());
  }

  @Test
  void anUnknownSuiteOrAShortEncapsulationIsAClearFailure() {
    Envelope sealed = sealedFor(BOB, ALICE.address(), BOB.address());
    Envelope otherAlg = sealed.withSealed(new Sealed("rsa-oaep", sealed.sealed().enc(), sealed.sealed().ciphertext()));
    Failed f = assertInstanceOf(Failed.class, MessageCrypto.open(otherAlg, ALICE.address(), BOB.address(), BOB));
    assertTrue(f.reason().contains("unsupported encryption 'rsa-oaep'"), f.reason());
    Envelope shortEnc = sealed.withSealed(new Sealed(Sealed.ALG, Bytes.wrap(new byte[5]), sealed.sealed().ciphertext()));
    assertInstanceOf(Failed.class, MessageCrypto.open(shortEnc, ALICE.address(), BOB.address(), BOB));
    Envelope zeroEnc = sealed.withSealed(new Sealed(Sealed.ALG, Bytes.wrap(new byte[32]), sealed.sealed().ciphertext()));
    assertInstanceOf(Failed.class, MessageCrypto.open(zeroEnc, ALICE.address(), BOB.address(), BOB));
  }

  @Test
  void aJsonBodyAndNoBodyBothSurviveSealing() {
    Envelope task = Envelope.task("sum", Json.obj("a", 1, "b", JsonValue.num(2)), seeded(5));
    Envelope s = MessageCrypto.seal(task, ALICE.address(), BOB.address(), BOB.publicKey(), seeded(6)).envelope();
    assertEquals(task, ((Opened) MessageCrypto.open(s, ALICE.address(), BOB.address(), BOB)).envelope());
    Envelope ping = Envelope.of(Kind.PING, seeded(7));
    Envelope sp = MessageCrypto.seal(ping, ALICE.address(), BOB.address(), BOB.publicKey(), seeded(8)).envelope();
    assertEquals(ping, ((Opened) MessageCrypto.open(sp, ALICE.address(), BOB.address(), BOB)).envelope());
  }

  @Test
  void anInvalidRecipientKeyIsRefusedBeforeSealing() {
    byte[] identity = new byte[32];
    identity[0] = 1;
    MessageCrypto.SealResult r = MessageCrypto.seal(secret(), ALICE.address(), BOB.address(), Bytes.wrap(identity), seeded(9));
    assertFalse(r.isOk());
    assertTrue(r.problem().contains("not a valid Ed25519 key"));
  }
}
