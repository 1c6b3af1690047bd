package org.aitbc.chain.wallet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.aitbc.chain.core.crypto.Address;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonNumber;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.JsonValue.JsonString;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.wallet.KeystoreException.Kind;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Keystore files in the AITBC format (wire contract §4), readable and writable by the AITBC Python
 * tools:
 *
 * <pre>
 * {"version": 1, "address": "ait1…", "public_key": hex, "keytype": "ed25519",
 *  "crypto": {"kdf": "pbkdf2",
 *             "kdfparams": {"salt": hex(32 bytes), "c": iterations, "dklen": 32, "prf": "hmac-sha256"},
 *             "cipher": "aes-256-gcm", "cipherparams": {"nonce": hex(12 bytes)},
 *             "ciphertext": hex(seed ‖ 16-byte tag)}}
 * </pre>
 *
 * key = PBKDF2-HMAC-SHA256(UTF-8 password, salt, c, 32); AES-256-GCM(key, nonce), no associated data.
 * Reading accepts any {@code c} from 1 to {@link #MAX_ITERATIONS}; new files use {@link #DEFAULT_ITERATIONS}
 * unless told otherwise. Absent {@code version}, {@code keytype}, {@code dklen} and {@code prf} mean the
 * values above. Stateless and thread-safe.
 */
public final class Keystore {
  /** Iterations for new files (OWASP's figure for PBKDF2-HMAC-SHA256). AITBC's own tools write 100,000. */
  public static final int DEFAULT_ITERATIONS = 600_000;
  /** Largest iteration count read, so that a hostile file cannot keep the CPU busy for hours. */
  public static final int MAX_ITERATIONS = 100_000_000;
  /** Largest keystore file read (real ones are about 600 bytes). */
  public static final int MAX_FILE_BYTES = 64 * 1024;

  static final int SALT_BYTES = 32;
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  static final int SEED_BYTES = 32;
  private static final HexFormat HEX = HexFormat.of();
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

  private Keystore() {}

  /** The keystore JSON text (indented, ending in a newline) for {@code key} under {@code password}. */
  public static String encrypt(KeyPair key, char[] password, int iterations, SecureRandom rnd) {
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS);
    }
    byte[] salt = new byte[SALT_BYTES];
    rnd.nextBytes(salt);
    byte[] nonce = new byte[NONCE_BYTES];
    rnd.nextBytes(nonce);
    byte[] aesKey = deriveKey(password, salt, iterations);
    byte[] seed = key.seed();
    byte[] ciphertext;
    try {
      ciphertext = gcm(true, aesKey, nonce, seed);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    } finally {
      Arrays.fill(seed, (byte) 0);
      Arrays.fill(aesKey, (byte) 0);
    }
    JsonObject crypto = Json.obj(
        "kdf", "pbkdf2",
        "kdfparams", Json.obj("salt", HEX.formatHex(salt), "c", iterations, "dklen", 32, "prf", "hmac-sha256"),
        "cipher", "aes-256-gcm",
        "cipherparams", Json.obj("nonce", HEX.formatHex(nonce)),
        "ciphertext", HEX.formatHex(ciphertext));
    return JsonText.pretty(Json.obj(
        "version", 1,
        "address", key.address(),
        "public_key", key.publicKey().hex(),
        "keytype", "ed25519",
        "crypto", crypto));
  }

  /** The key in {@code json}, checked against the file's own public_key and address when present. */
  public static KeyPair decrypt(String json, char[] password) throws KeystoreException {
    Params p = params(json);
    byte[] aesKey = deriveKey(password, p.salt, p.iterations);
    byte[] seed;
    try {
      seed = gcm(false, aesKey, p.nonce, p.ciphertext);
    } catch (InvalidCipherTextException e) {
      throw new KeystoreException(Kind.WRONG_PASSWORD, "wrong password (or the keystore's ciphertext was altered)");
    } finally {
      Arrays.fill(aesKey, (byte) 0);
    }
    KeyPair key;
    try {
      key = KeyPair.fromSeed(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
    if (p.publicKey.isPresent() && !p.publicKey.get().equals(key.publicKey())) {
      throw new KeystoreException(Kind.CORRUPT, "the file's public_key is not the key it holds");
    }
    if (p.address.isPresent() && !p.address.get().equals(key.address())) {
      throw new KeystoreException(Kind.CORRUPT, "the file's address " + p.address.get() + " is not the address of the key it holds");
    }
    return key;
  }

  /** The address a keystore file declares (or derives from its public_key), without the password. */
  public static String address(String json) throws KeystoreException {
    JsonObject o = object(json);
    Optional<String> a = string(o, "address");
    if (a.isPresent()) {
      if (!Address.isValid(a.get())) throw corrupt("address is not \"ait1\" and 40 lowercase hex characters");
      return a.get();
    }
    Optional<Bytes> pk = publicKey(o);
    if (pk.isPresent()) return Address.fromPublicKey(pk.get());
    throw corrupt("neither address nor public_key is present");
  }

  /**
   * Writes {@code json} to {@code file} atomically with mode 0600: a temporary file in the same folder
   * is written and forced to disk, then linked to its name, which fails if the name exists. An existing
   * file is never replaced ({@link FileAlreadyExistsException}). Missing parent folders are made with
   * mode 0700.
   */
  public static void write(Path file, String json) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
      else Files.createDirectories(dir);
    }
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(file.toString());
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attrs);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
      try {
        Files.createLink(file, tmp); // atomic, and refuses an existing name
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, file); // no REPLACE_EXISTING: refuses an existing name
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    forceDirectory(dir);
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems cannot sync a directory; the file itself is already on disk.
    }
  }

  // ---------------------------------------------------------------------------------------------

  private record Params(byte[] salt, int iterations, byte[] nonce, byte[] ciphertext, Optional<Bytes> publicKey,
      Optional<String> address) {}

  private static Params params(String json) throws KeystoreException {
    JsonObject o = object(json);
    Optional<JsonValue> version = o.get("version");
    if (version.isPresent() && !(version.get() instanceof JsonNumber n && n.lexeme().equals("1"))) {
      throw unsupported("version " + compact(version.get()) + " (only 1 is known)");
    }
    Optional<String> keytype = string(o, "keytype");
    if (o.get("keytype").isPresent() && !keytype.map(k -> k.equalsIgnoreCase("ed25519")).orElse(false)) {
      throw unsupported("keytype " + compact(o.get("keytype").get()) + " (only ed25519 is known)");
    }
    JsonObject crypto = objectField(o, "crypto");
    String kdf = string(crypto, "kdf").orElseThrow(() -> corrupt("crypto.kdf is missing"));
    if (!kdf.equals("pbkdf2")) throw unsupported("kdf '" + kdf + "' (only pbkdf2 is known)");
    String cipher = string(crypto, "cipher").orElseThrow(() -> corrupt("crypto.cipher is missing"));
    if (!cipher.equals("aes-256-gcm")) throw unsupported("cipher '" + cipher + "' (only aes-256-gcm is known)");
    JsonObject kdfParams = objectField(crypto, "kdfparams");
    if (kdfParams.get("prf").isPresent() && !string(kdfParams, "prf").orElse("").equals("hmac-sha256")) {
      throw unsupported("prf " + compact(kdfParams.get("prf").get()) + " (only hmac-sha256 is known)");
    }
    if (kdfParams.get("dklen").isPresent() && !integer(kdfParams, "dklen").map(d -> d == 32).orElse(false)) {
      throw unsupported("dklen " + compact(kdfParams.get("dklen").get()) + " (AES-256 needs 32)");
    }
    long c = integer(kdfParams, "c").orElseThrow(() -> corrupt("crypto.kdfparams.c must be an integer"));
    if (c < 1) throw corrupt("crypto.kdfparams.c must be at least 1");
    if (c > MAX_ITERATIONS) throw unsupported("iteration count " + c + " is above the limit " + MAX_ITERATIONS);
    byte[] salt = hexField(kdfParams, "salt", "crypto.kdfparams.salt");
    if (salt.length == 0) throw corrupt("crypto.kdfparams.salt is empty");
    byte[] nonce = hexField(objectField(crypto, "cipherparams"), "nonce", "crypto.cipherparams.nonce");
    if (nonce.length < 8 || nonce.length > 128) throw corrupt("crypto.cipherparams.nonce must be 8 to 128 bytes");
    byte[] ciphertext = hexField(crypto, "ciphertext", "crypto.ciphertext");
    if (ciphertext.length != SEED_BYTES + TAG_BYTES) {
      throw corrupt("crypto.ciphertext is " + ciphertext.length + " bytes; a 32-byte seed and its 16-byte tag make 48");
    }
    Optional<String> address = string(o, "address");
    if (o.get("address").isPresent() && address.isEmpty()) throw corrupt("address must be a string");
    return new Params(salt, (int) c, nonce, ciphertext, publicKey(o), address);
  }

  private static JsonObject object(String json) throws KeystoreException {
    if (json == null) throw corrupt("no content");
    if (json.length() > MAX_FILE_BYTES) throw corrupt("larger than " + MAX_FILE_BYTES + " bytes");
    JsonValue v;
    try {
      v = JsonParser.parse(json.strip());
    } catch (JsonParseException e) {
      throw corrupt("not valid JSON (" + e.getMessage() + ")");
    }
    if (!(v instanceof JsonObject o)) throw corrupt("not a JSON object");
    return o;
  }

  private static Optional<Bytes> publicKey(JsonObject o) throws KeystoreException {
    if (o.get("public_key").isEmpty()) return Optional.empty();
    byte[] pk = hexField(o, "public_key", "public_key");
    if (pk.length != 32) throw corrupt("public_key must be 32 bytes");
    return Optional.of(Bytes.wrap(pk));
  }

  private static JsonObject objectField(JsonObject o, String key) throws KeystoreException {
    Optional<JsonValue> v = o.get(key);
    if (v.isEmpty()) throw corrupt(key + " is missing");
    if (!(v.get() instanceof JsonObject obj)) throw corrupt(key + " must be an object");
    return obj;
  }

  private static Optional<String> string(JsonObject o, String key) {
    return o.get(key).filter(JsonString.class::isInstance).map(v -> ((JsonString) v).value());
  }

  private static Optional<Long> integer(JsonObject o, String key) {
    return o.get(key).filter(JsonNumber.class::isInstance).flatMap(v -> ((JsonNumber) v).longValueExact());
  }

  private static byte[] hexField(JsonObject o, String key, String path) throws KeystoreException {
    String s = string(o, key).orElseThrow(() -> corrupt(path + " must be a hex string"));
    if (s.startsWith("0x")) s = s.substring(2);
    if (s.length() % 2 != 0) throw corrupt(path + " has an odd number of hex digits");
    try {
      return HEX.parseHex(s);
    } catch (IllegalArgumentException e) {
      throw corrupt(path + " is not hex");
    }
  }

  private static String compact(JsonValue v) {
    String s = org.aitbc.chain.core.json.PyJson.compact(v);
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static KeystoreException corrupt(String what) {
    return new KeystoreException(Kind.CORRUPT, "not a valid keystore: " + what);
  }

  private static KeystoreException unsupported(String what) {
    return new KeystoreException(Kind.UNSUPPORTED, "unsupported keystore: " + what);
  }

  static byte[] deriveKey(char[] password, byte[] salt, int iterations) {
    byte[] pw = PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(password);
    try {
      PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
      gen.init(pw, salt, iterations);
      return ((KeyParameter) gen.generateDerivedParameters(256)).getKey();
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }

  private static byte[] gcm(boolean encrypt, byte[] key, byte[] nonce, byte[] in) throws InvalidCipherTextException {
    GCMModeCipher c = GCMBlockCipher.newInstance(AESEngine.newInstance());
    c.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce));
    byte[] out = new byte[c.getOutputSize(in.length)];
    int n = c.processBytes(in, 0, in.length, out, 0);
    n += c.doFinal(out, n);
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
