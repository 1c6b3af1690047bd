package org.aitbc.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.aitbc.chain.core.crypto.Address;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.wallet.KeystoreException.Kind;
import org.junit.jupiter.api.AfterAll;

/** Coverage-guided fuzzing of keystore files, which users copy between machines and tools. */
class KeystoreFuzzTest {
  static final char[] PASSWORD = KeystoreTest.PASSWORD;
  /** Files asking for more PBKDF2 iterations than this are read by {@link Keystore#address} only (below). */
  static final long MAX_FUZZ_ITERATIONS = 1000;
  static final Set<Kind> READ_ERRORS = EnumSet.of(Kind.CORRUPT, Kind.UNSUPPORTED, Kind.WRONG_PASSWORD);
  static final Path DIR = tempDir();

  /**
   * Any file: {@link Keystore#address} gives a valid address or a CORRUPT {@link KeystoreException};
   * {@link Keystore#decrypt} gives a key or a KeystoreException that is CORRUPT, UNSUPPORTED or WRONG_PASSWORD,
   * nothing else. A key it gives has the address the file declares, and a file written for it decrypts to the
   * same seed. A file may ask for up to 10^8 iterations, which the reader accepts by design; the fuzzer does
   * not wait for those: a file whose {@code crypto.kdfparams.c} (read as Keystore reads it) is above
   * {@value #MAX_FUZZ_ITERATIONS} is only given to {@code address}; every check made before the key
   * derivation is reached by files with smaller counts.
   */
  @FuzzTest
  void keystoreFile(byte[] file) throws KeystoreException {
    String json = new String(file, StandardCharsets.UTF_8);
    Optional<String> declared;
    try {
      String a = Keystore.address(json);
      assertTrue(Address.isValid(a), a);
      declared = Optional.of(a);
    } catch (KeystoreException e) {
      assertEquals(Kind.CORRUPT, e.kind(), e.getMessage());
      declared = Optional.empty();
    }
    if (iterations(json).orElse(0L) > MAX_FUZZ_ITERATIONS) return;
    KeyPair key;
    try {
      key = Keystore.decrypt(json, PASSWORD);
    } catch (KeystoreException e) {
      assertTrue(READ_ERRORS.contains(e.kind()), e.kind() + ": " + e.getMessage());
      return;
    }
    declared.ifPresent(a -> assertEquals(a, key.address(), "the declared address is the key's"));
    String again = Keystore.encrypt(key, PASSWORD, 1, KeystoreTest.seeded(file.length));
    assertArrayEquals(key.seed(), Keystore.decrypt(again, PASSWORD).seed());
  }

  /**
   * A fuzzer-chosen seed and password, written by {@link Keystore#encrypt} and {@link Keystore#write}, reads
   * back from the file with the same fields (version 1, address, public key, key type, iteration count) and
   * decrypts to the same seed; another password, or one altered hex digit of the ciphertext, is WRONG_PASSWORD.
   */
  @FuzzTest
  void writeAndRead(FuzzedDataProvider data) throws Exception {
    byte[] seed = Arrays.copyOf(data.consumeBytes(32), 32);
    int iterations = data.consumeInt(1, 16);
    long rnd = data.consumeLong();
    char[] password = data.consumeRemainingAsString().toCharArray();
    KeyPair key = KeyPair.fromSeed(seed);
    Path file = DIR.resolve("wallet.json");
    try {
      Keystore.write(file, Keystore.encrypt(key, password, iterations, KeystoreTest.seeded(rnd)));
      String json = Files.readString(file);
      JsonObject o = (JsonObject) JsonParser.parse(json);
      assertEquals("1", ((JsonValue.JsonNumber) o.get("version").orElseThrow()).lexeme());
      assertEquals(JsonValue.str(key.address()), o.get("address").orElseThrow());
      assertEquals(JsonValue.str(key.publicKey().hex()), o.get("public_key").orElseThrow());
      assertEquals(JsonValue.str("ed25519"), o.get("keytype").orElseThrow());
      assertEquals(Optional.of((long) iterations), iterations(json));
      assertEquals(key.address(), Keystore.address(json));
      assertArrayEquals(seed, Keystore.decrypt(json, password).seed());

      char[] other = Arrays.copyOf(password, password.length + 1);
      other[password.length] = 'x';
      assertEquals(Kind.WRONG_PASSWORD, assertThrows(KeystoreException.class, () -> Keystore.decrypt(json, other)).kind());
      String ct = ((JsonValue.JsonString) ((JsonObject) o.get("crypto").orElseThrow()).get("ciphertext").orElseThrow()).value();
      int at = data.consumeInt(0, ct.length() - 1);
      char digit = ct.charAt(at) == '0' ? '1' : '0';
      String altered = json.replace(ct, ct.substring(0, at) + digit + ct.substring(at + 1));
      assertEquals(Kind.WRONG_PASSWORD, assertThrows(KeystoreException.class, () -> Keystore.decrypt(altered, password)).kind());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** crypto.kdfparams.c as {@link Keystore} reads it (an integer lexeme within a long), when the file has one. */
  static Optional<Long> iterations(String json) {
    try {
      return JsonParser.parse(json.strip()) instanceof JsonObject o
          && o.get("crypto").orElse(null) instanceof JsonObject crypto
          && crypto.get("kdfparams").orElse(null) instanceof JsonObject kdf
          && kdf.get("c").orElse(null) instanceof JsonValue.JsonNumber c ? c.longValueExact() : Optional.empty();
    } catch (JsonParseException e) {
      return Optional.empty();
    }
  }

  /** In memory when the machine has /dev/shm, so that each run's fsync costs nothing. */
  private static Path tempDir() {
    try {
      Path shm = Path.of("/dev/shm");
      return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "keystore-fuzz")
          : Files.createTempDirectory("keystore-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each run deletes its file, so the folder is empty by now. */
  @AfterAll
  static void removeTempDir() throws IOException {
    Files.deleteIfExists(DIR);
  }
}
