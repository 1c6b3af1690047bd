package org.aitbc.chain.rpc;

import java.util.function.LongFunction;

/**
 * The body of {@code GET /rpc/blocks-range}, one block per piece:
 * {@code {"success":true,"blocks":[b1,b2,…],"count":n}} and, when the asked range was cut at
 * {@link NodeApi#MAX_RANGE_BLOCKS}, {@code "next": <height>}. Every block of the (cut) range is in it however
 * large: AITBC clients ignore {@code next}, so no byte cap may end an answer early. Each block is read from the
 * store only when the one before has been written, so memory holds one block whatever the range's size.
 */
final class BlockRangeBody implements ChunkedBody {
  private final LongFunction<String> blockText;
  private final long first;
  private final long last;
  private final long next;
  private long at;
  private boolean opened;
  private volatile boolean closed;

  /**
   * Blocks {@code first..last} (none when {@code last < first}) as {@code blockText} gives them; {@code next} is
   * the height to go on from, or -1 for none.
   */
  BlockRangeBody(LongFunction<String> blockText, long first, long last, long next) {
    this.blockText = blockText;
    this.first = first;
    this.last = last;
    this.next = next;
    this.at = first;
  }

  long count() {
    return Math.max(0, last - first + 1);
  }

  @Override
  public String next() {
    if (closed) return null;
    if (!opened) {
      opened = true;
      return "{\"success\":true,\"blocks\":[";
    }
    if (at <= last) {
      String b = blockText.apply(at);
      return at++ == first ? b : "," + b;
    }
    closed = true;
    return "],\"count\":" + count() + (next >= 0 ? ",\"next\":" + next : "") + "}";
  }

  @Override
  public void close() {
    closed = true;
  }
}
