package org.aitbc.chain.core.json;

/** Malformed JSON text; the message says what and where (character offset). */
public final class JsonParseException extends Exception {
  private static final long serialVersionUID = 1L;

  public JsonParseException(String message) {
    super(message);
  }
}
