package org.aitbc.chain.rpc;

/**
 * An answer body produced piece by piece, for answers too large to build in memory (a range of full
 * blocks). The transport asks for the next piece only after the one before has left for the client, so a
 * slow reader holds at most one piece; it calls {@link #next} off the I/O threads, one call at a time, and
 * {@link #close} once, at the end or when the client went away (no more store reads then).
 * Transport-neutral, like {@link ApiResponse}.
 */
public interface ChunkedBody extends AutoCloseable {
  /** The next piece of the body (text, sent as UTF-8), or null after the last one. */
  String next();

  @Override
  void close();
}
