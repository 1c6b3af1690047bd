package org.aitbc.chain.p2p.wire;

import io.netty.handler.codec.DecoderException;
import java.util.Objects;

/**
 * A protocol violation detected inside the pipeline (framing, decoding, handshake, keep-alive). The
 * {@code ViolationHandler} at the tail of the pipeline turns it into a misbehaviour event and closes
 * the connection. It extends {@link DecoderException} so that {@code ByteToMessageDecoder} passes it
 * on unwrapped.
 */
public final class P2pProtocolException extends DecoderException {
  private static final long serialVersionUID = 1L;
  private final Violation violation;

  public P2pProtocolException(Violation violation, String detail) {
    super(violation + ": " + detail);
    this.violation = Objects.requireNonNull(violation);
  }

  public Violation violation() {
    return violation;
  }

  /** The message without the violation prefix. */
  public String detail() {
    String m = getMessage();
    int i = m.indexOf(": ");
    return i < 0 ? m : m.substring(i + 2);
  }

  /** Stack traces are noise for peer errors. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
