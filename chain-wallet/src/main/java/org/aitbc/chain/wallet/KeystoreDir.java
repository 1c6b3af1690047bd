package org.aitbc.chain.wallet;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.wallet.KeystoreException.Kind;

/**
 * A keystore folder: one file {@code <name>.json} per wallet (AITBC layout). The folder is
 * {@code --keystore}, else {@code AITBC_KEYSTORE}, else {@code $AITBC_HOME/keystore}, else
 * {@code ~/.aitbc/keystore} ({@link #locate}); the one place every command (wallet, agent, the node's dev
 * chain) asks. Creating never replaces an existing file; renaming never replaces one either.
 */
public final class KeystoreDir {
  public static final String ENV = "AITBC_KEYSTORE";
  /** The folder of everything AITBC keeps for this user (dev chains, keystore, agent state). */
  public static final String HOME_ENV = "AITBC_HOME";
  public static final int MAX_NAME_LENGTH = 64;

  private final Path dir;

  public KeystoreDir(Path dir) {
    this.dir = dir;
  }

  /** One wallet in the folder. {@code problem} is set when the file could not be read (address is then null). */
  public record Entry(String name, String address, Path file, String problem) {
    public boolean readable() {
      return problem == null;
    }
  }

  /**
   * The keystore folder from a flag value (may be null), the environment and the user's home folder:
   * {@code flag}, else {@code AITBC_KEYSTORE}, else {@code $AITBC_HOME/keystore}, else
   * {@code userHome/.aitbc/keystore}. Blank values count as not set.
   */
  public static Path locate(String flag, Map<String, String> env, Path userHome) {
    if (flag != null && !flag.isBlank()) return Path.of(flag);
    String e = env.get(ENV);
    if (e != null && !e.isBlank()) return Path.of(e);
    return aitbcHome(env, userHome).resolve("keystore");
  }

  /** {@code $AITBC_HOME}, else {@code userHome/.aitbc}: where dev chains, the default keystore and agent state live. */
  public static Path aitbcHome(Map<String, String> env, Path userHome) {
    String h = env.get(HOME_ENV);
    return h != null && !h.isBlank() ? Path.of(h) : userHome.resolve(".aitbc");
  }

  public Path dir() {
    return dir;
  }

  /** The file of wallet {@code name}, whether or not it exists. */
  public Path file(String name) throws KeystoreException {
    checkName(name);
    return dir.resolve(name + ".json");
  }

  public boolean exists(String name) throws KeystoreException {
    return Files.exists(file(name), LinkOption.NOFOLLOW_LINKS);
  }

  /** A new random key stored as {@code name}. */
  public Entry create(String name, char[] password, int iterations, SecureRandom rnd) throws KeystoreException {
    return store(name, KeyPair.generate(rnd), password, iterations, rnd);
  }

  /** A known 32-byte Ed25519 seed stored as {@code name}. The caller clears its copy of the seed. */
  public Entry importSeed(String name, byte[] seed, char[] password, int iterations, SecureRandom rnd)
      throws KeystoreException {
    if (seed == null || seed.length != Keystore.SEED_BYTES) {
      throw new KeystoreException(Kind.CORRUPT, "a private key is 32 bytes (64 hex characters)");
    }
    return store(name, KeyPair.fromSeed(seed), password, iterations, rnd);
  }

  /**
   * An existing keystore file (e.g. written by the AITBC tools) copied in as {@code name} after checking
   * that {@code password} opens it; the file's bytes are kept as they are.
   */
  public Entry importFile(String name, Path source, char[] password) throws KeystoreException {
    Path target = file(name);
    String json = read(source, null);
    KeyPair key = Keystore.decrypt(json, password);
    writeNew(target, json, name);
    return new Entry(name, key.address(), target, null);
  }

  /** Stores an already encrypted keystore text (e.g. a dev key made by the node) as {@code name}. */
  public Entry storeJson(String name, String json) throws KeystoreException {
    Path target = file(name);
    String address = Keystore.address(json);
    writeNew(target, json, name);
    return new Entry(name, address, target, null);
  }

  public Entry store(String name, KeyPair key, char[] password, int iterations, SecureRandom rnd)
      throws KeystoreException {
    Path target = file(name);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw alreadyExists(name);
    writeNew(target, Keystore.encrypt(key, password, iterations, rnd), name);
    return new Entry(name, key.address(), target, null);
  }

  /** Every {@code *.json} file, sorted by name; unreadable files are listed with their problem. */
  public List<Entry> list() throws KeystoreException {
    if (!Files.isDirectory(dir)) return List.of();
    List<Entry> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
      for (Path p : ds) {
        String fileName = p.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".json".length());
        if (!validName(name) || !Files.isRegularFile(p)) continue;
        try {
          out.add(new Entry(name, Keystore.address(read(p, name)), p, null));
        } catch (KeystoreException e) {
          out.add(new Entry(name, null, p, e.getMessage()));
        }
      }
    } catch (IOException e) {
      throw io("cannot list " + dir, e);
    }
    out.sort(Comparator.comparing(Entry::name));
    return out;
  }

  /** The wallet's entry (address from the file, no password needed). */
  public Entry show(String name) throws KeystoreException {
    Path f = file(name);
    return new Entry(name, Keystore.address(read(f, name)), f, null);
  }

  /** The keystore text of {@code name}. */
  public String json(String name) throws KeystoreException {
    return read(file(name), name);
  }

  public KeyPair load(String name, char[] password) throws KeystoreException {
    return Keystore.decrypt(json(name), password);
  }

  /** The 32-byte seed of {@code name}; the caller must clear the array when done. */
  public byte[] export(String name, char[] password) throws KeystoreException {
    return load(name, password).seed();
  }

  /** Removes the wallet's file. */
  public void delete(String name) throws KeystoreException {
    Path f = file(name);
    try {
      Files.delete(f);
    } catch (NoSuchFileException e) {
      throw notFound(name);
    } catch (IOException e) {
      throw io("cannot delete " + f, e);
    }
  }

  /** Renames {@code from} to {@code to}; refuses when {@code to} exists. */
  public void rename(String from, String to) throws KeystoreException {
    Path src = file(from);
    Path dst = file(to);
    if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) throw notFound(from);
    try {
      Files.createLink(dst, src); // atomic and refuses an existing name
      Files.delete(src);
    } catch (FileAlreadyExistsException e) {
      throw alreadyExists(to);
    } catch (UnsupportedOperationException e) {
      try {
        Files.move(src, dst);
      } catch (FileAlreadyExistsException e2) {
        throw alreadyExists(to);
      } catch (IOException e2) {
        throw io("cannot rename " + src, e2);
      }
    } catch (IOException e) {
      throw io("cannot rename " + src, e);
    }
  }

  private void writeNew(Path target, String json, String name) throws KeystoreException {
    try {
      Keystore.write(target, json);
    } catch (FileAlreadyExistsException e) {
      throw alreadyExists(name);
    } catch (IOException e) {
      throw io("cannot write " + target, e);
    }
  }

  /** Reads a keystore text; {@code wallet} names the wallet for messages, null for a file outside the folder. */
  private String read(Path f, String wallet) throws KeystoreException {
    byte[] b;
    try {
      if (Files.size(f) > Keystore.MAX_FILE_BYTES) {
        throw new KeystoreException(Kind.CORRUPT, f + " is larger than " + Keystore.MAX_FILE_BYTES + " bytes");
      }
      b = Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      throw wallet == null
          ? new KeystoreException(Kind.NOT_FOUND, "no file " + f)
          : notFound(wallet);
    } catch (IOException e) {
      throw io("cannot read " + f, e);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw new KeystoreException(Kind.CORRUPT, "not a valid keystore: " + f + " is not UTF-8 text");
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** True for 1 to 64 characters of [A-Za-z0-9._-], not starting with '.'. */
  public static boolean validName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.charAt(0) == '.') return false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!ok) return false;
    }
    return true;
  }

  private static void checkName(String name) throws KeystoreException {
    if (!validName(name)) {
      throw new KeystoreException(Kind.BAD_NAME, "wallet name '" + Optional.ofNullable(name).orElse("")
          + "' must be 1 to 64 characters of letters, digits, '.', '_' or '-', not starting with '.'");
    }
  }

  private KeystoreException notFound(String name) {
    return new KeystoreException(Kind.NOT_FOUND, "no wallet '" + name + "' in " + dir);
  }

  private KeystoreException alreadyExists(String name) {
    return new KeystoreException(Kind.ALREADY_EXISTS, "wallet '" + name + "' already exists in " + dir + "; nothing was changed");
  }

  private static KeystoreException io(String what, IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    return new KeystoreException(Kind.IO, what + " (" + reason + ")", e);
  }
}
