package org.aitbc.chain.wallet;

/**
 * A keystore file or folder operation that could not be done, with a kind a command line can map to
 * an exit code. The message never contains a password or a seed.
 */
public final class KeystoreException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Kind {
    /** The authentication tag did not verify: wrong password (or a ciphertext altered on disk). */
    WRONG_PASSWORD,
    /** Not a keystore: bad JSON, missing or malformed fields, truncated data, key and address disagree. */
    CORRUPT,
    /** A well-formed file that uses something this code does not implement (kdf, cipher, prf, keytype, version). */
    UNSUPPORTED,
    /** No wallet of that name in the folder. */
    NOT_FOUND,
    /** A wallet of that name exists already; nothing was overwritten. */
    ALREADY_EXISTS,
    /** A wallet name outside [A-Za-z0-9._-], empty, longer than 64 characters or starting with '.'. */
    BAD_NAME,
    /** The file system refused (permissions, disk full, ...). */
    IO
  }

  private final Kind kind;

  public KeystoreException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public KeystoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
