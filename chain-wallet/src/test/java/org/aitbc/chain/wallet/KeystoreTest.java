package org.aitbc.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.wallet.KeystoreException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class KeystoreTest {
  static final char[] PASSWORD = "correct horse battery staple".toCharArray();
  static final int FAST = 1000;

  /** A deterministic SecureRandom for reproducible files. */
  public static SecureRandom seeded(long seed) {
    Random r = new Random(seed);
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] bytes) {
        r.nextBytes(bytes);
      }
    };
  }

  public static KeyPair key(int n) {
    byte[] seed = new byte[32];
    for (int i = 0; i < 32; i++) seed[i] = (byte) (n * 31 + i);
    return KeyPair.fromSeed(seed);
  }

  static JsonObject parse(String json) throws Exception {
    return (JsonObject) JsonParser.parse(json);
  }

  static String replace(String json, String from, String to) {
    assertTrue(json.contains(from), "test setup: '" + from + "' not in the file");
    return json.replace(from, to);
  }

  @Test
  void aKeyEncryptedAndDecryptedWithTheSamePasswordIsTheSameKey() throws Exception {
    KeyPair k = key(1);
    String json = Keystore.encrypt(k, PASSWORD, FAST, seeded(1));
    KeyPair back = Keystore.decrypt(json, PASSWORD);
    assertArrayEquals(k.seed(), back.seed());
    assertEquals(k.address(), back.address());
    assertEquals(k.address(), Keystore.address(json));
  }

  @Test
  void newFilesHaveTheContractsFieldsAndTheDefaultIterationCount() throws Exception {
    KeyPair k = key(2);
    String json = Keystore.encrypt(k, PASSWORD, Keystore.DEFAULT_ITERATIONS, new SecureRandom());
    JsonObject o = parse(json);
    assertEquals("1", ((JsonValue.JsonNumber) o.get("version").get()).lexeme());
    assertEquals(new JsonValue.JsonString(k.address()), o.get("address").get());
    assertEquals(new JsonValue.JsonString(k.publicKey().hex()), o.get("public_key").get());
    assertEquals(new JsonValue.JsonString("ed25519"), o.get("keytype").get());
    JsonObject crypto = (JsonObject) o.get("crypto").get();
    assertEquals(new JsonValue.JsonString("pbkdf2"), crypto.get("kdf").get());
    assertEquals(new JsonValue.JsonString("aes-256-gcm"), crypto.get("cipher").get());
    JsonObject kdf = (JsonObject) crypto.get("kdfparams").get();
    assertEquals("600000", ((JsonValue.JsonNumber) kdf.get("c").get()).lexeme());
    assertEquals("32", ((JsonValue.JsonNumber) kdf.get("dklen").get()).lexeme());
    assertEquals(new JsonValue.JsonString("hmac-sha256"), kdf.get("prf").get());
    assertEquals(64, ((JsonValue.JsonString) kdf.get("salt").get()).value().length());
    JsonObject cp = (JsonObject) crypto.get("cipherparams").get();
    assertEquals(24, ((JsonValue.JsonString) cp.get("nonce").get()).value().length());
    assertEquals(96, ((JsonValue.JsonString) crypto.get("ciphertext").get()).value().length());
    assertArrayEquals(k.seed(), Keystore.decrypt(json, PASSWORD).seed());
  }

  @Test
  void theSeedIsNotInTheFileInClear() {
    KeyPair k = key(3);
    String json = Keystore.encrypt(k, PASSWORD, FAST, seeded(3));
    assertFalse(json.contains(HexFormat.of().formatHex(k.seed())));
  }

  @Test
  void aWrongPasswordIsReportedAsWrongPassword() {
    String json = Keystore.encrypt(key(4), PASSWORD, FAST, seeded(4));
    KeystoreException e = assertThrows(KeystoreException.class, () -> Keystore.decrypt(json, "nope".toCharArray()));
    assertEquals(Kind.WRONG_PASSWORD, e.kind());
  }

  @Test
  void nonAsciiPasswordsAreUsedAsUtf8() throws Exception {
    char[] pw = "pässwörd-日本".toCharArray();
    String json = Keystore.encrypt(key(5), pw, FAST, seeded(5));
    assertEquals(key(5).address(), Keystore.decrypt(json, pw).address());
    assertThrows(KeystoreException.class, () -> Keystore.decrypt(json, "passwort-日本".toCharArray()));
  }

  @Test
  void anAlteredCiphertextFailsTheTag() throws Exception {
    String json = Keystore.encrypt(key(6), PASSWORD, FAST, seeded(6));
    String ct = ((JsonValue.JsonString) ((JsonObject) parse(json).get("crypto").get()).get("ciphertext").get()).value();
    char flipped = ct.charAt(10) == '0' ? '1' : '0';
    String bad = replace(json, ct, ct.substring(0, 10) + flipped + ct.substring(11));
    assertEquals(Kind.WRONG_PASSWORD, assertThrows(KeystoreException.class, () -> Keystore.decrypt(bad, PASSWORD)).kind());
  }

  @Test
  void truncatedFilesAreCorruptAtEveryLength() {
    String json = Keystore.encrypt(key(7), PASSWORD, FAST, seeded(7));
    for (int len = 0; len < json.strip().length(); len += 7) {
      String cut = json.substring(0, len);
      KeystoreException e = assertThrows(KeystoreException.class, () -> Keystore.decrypt(cut, PASSWORD), "length " + len);
      assertEquals(Kind.CORRUPT, e.kind(), "length " + len + ": " + e.getMessage());
    }
  }

  @Test
  void aShortCiphertextIsCorrupt() throws Exception {
    String json = Keystore.encrypt(key(8), PASSWORD, FAST, seeded(8));
    String ct = ((JsonValue.JsonString) ((JsonObject) parse(json).get("crypto").get()).get("ciphertext").get()).value();
    String bad = replace(json, ct, ct.substring(0, 64));
    KeystoreException e = assertThrows(KeystoreException.class, () -> Keystore.decrypt(bad, PASSWORD));
    assertEquals(Kind.CORRUPT, e.kind());
    assertTrue(e.getMessage().contains("48"), e.getMessage());
  }

  @Test
  void missingOrMalformedFieldsAreCorrupt() {
    String json = Keystore.encrypt(key(9), PASSWORD, FAST, seeded(9));
    String[][] cases = {
        {"\"ciphertext\"", "\"ciphertextX\""},
        {"\"salt\": \"", "\"salt\": \"zz"},
        {"\"nonce\": \"", "\"nonce\": \"0"},
        {"\"c\": " + FAST, "\"c\": \"1000\""},
        {"\"c\": " + FAST, "\"c\": 0"},
        {"\"crypto\": {", "\"crypto\": [], \"x\": {"},
        {"{", "[{"},
        {"\"kdf\": \"pbkdf2\"", "\"kdfX\": \"pbkdf2\""},
    };
    for (String[] c : cases) {
      String bad = replace(json, c[0], c[1]);
      KeystoreException e = assertThrows(KeystoreException.class, () -> Keystore.decrypt(bad, PASSWORD), c[1]);
      assertEquals(Kind.CORRUPT, e.kind(), c[1] + ": " + e.getMessage());
    }
  }

  @Test
  void aFileWhoseAddressIsNotItsKeyIsCorrupt() {
    String json = Keystore.encrypt(key(10), PASSWORD, FAST, seeded(10));
    String bad = replace(json, key(10).address(), key(11).address());
    KeystoreException e = assertThrows(KeystoreException.class, () -> Keystore.decrypt(bad, PASSWORD));
    assertEquals(Kind.CORRUPT, e.kind());
  }

  @Test
  void unknownKdfCipherPrfKeytypeOrVersionAreUnsupported() {
    String json = Keystore.encrypt(key(12), PASSWORD, FAST, seeded(12));
    String[][] cases = {
        {"\"kdf\": \"pbkdf2\"", "\"kdf\": \"scrypt\""},
        {"\"cipher\": \"aes-256-gcm\"", "\"cipher\": \"aes-128-ctr\""},
        {"\"prf\": \"hmac-sha256\"", "\"prf\": \"hmac-sha512\""},
        {"\"keytype\": \"ed25519\"", "\"keytype\": \"secp256k1\""},
        {"\"version\": 1", "\"version\": 3"},
        {"\"dklen\": 32", "\"dklen\": 16"},
    };
    for (String[] c : cases) {
      String bad = replace(json, c[0], c[1]);
      KeystoreException e = assertThrows(KeystoreException.class, () -> Keystore.decrypt(bad, PASSWORD), c[1]);
      assertEquals(Kind.UNSUPPORTED, e.kind(), c[1] + ": " + e.getMessage());
    }
  }

  @Test
  void optionalFieldsMayBeAbsentAndAnyIterationCountIsRead() throws Exception {
    KeyPair k = key(13);
    String json = Keystore.encrypt(k, PASSWORD, 1, seeded(13));
    String minimal = json.replace("\"version\": 1,", "").replace("\"keytype\": \"ed25519\",", "")
        .replace(", \"dklen\": 32", "").replace("\"dklen\": 32,", "");
    assertArrayEquals(k.seed(), Keystore.decrypt(minimal, PASSWORD).seed());
  }

  @Test
  void writeCreatesTheFileWithMode0600AndNeverOverwrites(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("sub/dir/w.json");
    String first = Keystore.encrypt(key(14), PASSWORD, FAST, seeded(14));
    Keystore.write(f, first);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent())));
    String second = Keystore.encrypt(key(15), PASSWORD, FAST, seeded(15));
    assertThrows(FileAlreadyExistsException.class, () -> Keystore.write(f, second));
    assertEquals(first, Files.readString(f, StandardCharsets.UTF_8));
    try (var s = Files.list(f.getParent())) {
      assertEquals(1, s.count(), "no temporary file is left behind");
    }
  }

  @Test
  void writeDoesNotFollowADanglingSymlinkOverAnotherFile(@TempDir Path tmp) throws Exception {
    Path target = tmp.resolve("elsewhere.json");
    Path link = tmp.resolve("w.json");
    Files.createSymbolicLink(link, target);
    assertThrows(FileAlreadyExistsException.class,
        () -> Keystore.write(link, Keystore.encrypt(key(16), PASSWORD, FAST, seeded(16))));
    assertFalse(Files.exists(target));
  }
}
