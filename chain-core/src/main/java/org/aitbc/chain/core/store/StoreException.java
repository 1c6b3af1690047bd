package org.aitbc.chain.core.store;

/** The store cannot be used: broken disk, a foreign or damaged data directory. The message says how to repair. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
