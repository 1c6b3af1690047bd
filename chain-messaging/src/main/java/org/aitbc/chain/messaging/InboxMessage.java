package org.aitbc.chain.messaging;

import org.aitbc.chain.core.json.JsonValue;

/** One message of an inbox as {@code GET /rpc/messages} gives it. */
public record InboxMessage(String cursor, String txHash, String from, String to, JsonValue payload, long blockHeight,
    int txIndex, String timestamp) {

  /** The payload read as an envelope or a raw payload (never throws). */
  public Envelope.Parsed parsed() {
    return Envelope.parse(payload);
  }

  /** One page: the messages and the cursor to continue from (the given cursor when the page is empty). */
  public record Page(java.util.List<InboxMessage> messages, String nextCursor) {
    public Page {
      messages = java.util.List.copyOf(messages);
    }
  }
}
