package org.aitbc.chain.messaging;

import java.util.List;
import java.util.function.LongSupplier;
import org.aitbc.chain.wallet.RpcException;

/**
 * Follows one inbox from a cursor: each call returns the next messages, long-polling the node until
 * something arrives or a deadline passes. Every message is returned once, in chain order. Not
 * thread-safe (one follower).
 */
public final class InboxWatch {
  private final MessagingClient client;
  private final String address;
  private final LongSupplier clockMs;
  private final int pageSize;
  private String cursor;

  public InboxWatch(MessagingClient client, String address, String cursor, int pageSize, LongSupplier clockMs) {
    this.client = client;
    this.address = address;
    this.cursor = cursor == null ? "" : cursor;
    this.pageSize = pageSize;
    this.clockMs = clockMs;
  }

  /** The cursor after the last message returned. */
  public String cursor() {
    return cursor;
  }

  public String address() {
    return address;
  }

  /**
   * The next page; waits (server-side) up to {@code untilMs} on the clock when there is nothing new.
   * Empty only when the deadline passed without a message.
   */
  public List<InboxMessage> next(long untilMs) throws RpcException {
    while (true) {
      long wait = Math.max(0, Math.min(MessagingClient.MAX_WAIT_MS, untilMs - clockMs.getAsLong()));
      InboxMessage.Page page = client.messages(address, cursor, pageSize, wait);
      cursor = page.nextCursor();
      if (!page.messages().isEmpty() || wait == 0 || clockMs.getAsLong() >= untilMs) return page.messages();
    }
  }
}
