package org.aitbc.chain.wallet;

/** A node request that did not give the expected answer, with a kind a command line maps to an exit code. */
public final class RpcException extends Exception {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    /** The URL given is not an http(s) URL with a host. */
    BAD_URL,
    /** No connection (refused, no route, DNS) or no answer within the request timeout. */
    UNREACHABLE,
    /** The node answered {@code success:false} with a wire code (e.g. INSUFFICIENT_FUNDS): see {@link #code()}. */
    REFUSED,
    /** 404 NOT_FOUND: no such block, transaction or route. */
    NOT_FOUND,
    /** An answer that is not the contract's shape (not JSON, missing fields, unexpected status). */
    BAD_RESPONSE
  }

  private final Kind kind;
  private final int status;
  private final String code;
  private final String detail;

  public RpcException(Kind kind, int status, String code, String detail, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.detail = detail;
  }

  static RpcException of(Kind kind, String message) {
    return new RpcException(kind, 0, null, null, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** The node's wire code ({@code INSUFFICIENT_FUNDS}, {@code NOT_FOUND}, ...) or null. */
  public String code() {
    return code;
  }

  /** The node's human sentence, or null. */
  public String detail() {
    return detail;
  }
}
