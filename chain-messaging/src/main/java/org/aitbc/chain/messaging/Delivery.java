package org.aitbc.chain.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.messaging.Envelope.Kind;
import org.aitbc.chain.wallet.RpcException;

/**
 * The sender's side of a conversation: sending until acknowledged, and waiting for the answer to a
 * message (an ack, a result, a pong) in the sender's own inbox.
 */
public final class Delivery {
  private Delivery() {}

  /** An answer found in the inbox, opened when it was encrypted (or with the reason it did not open). */
  public record Answer(InboxMessage message, Envelope envelope, String decryptError) {}

  /** The result of {@link #sendUntilAcked}: whether an ack came, after how many sends, and the tx hashes. */
  public record Outcome(boolean acked, int sends, List<String> txHashes, Answer ack, long elapsedMs) {
    public Outcome {
      txHashes = List.copyOf(txHashes);
    }
  }

  /**
   * Sends {@code envelope} (which must require an ack) to {@code to} and waits for an {@code ack}
   * answering its id from {@code to}; resends the same envelope (same id, new nonce) every
   * {@code resendEveryMs} until acked or {@code timeoutMs} has passed. The receiver deduplicates by id.
   */
  public static Outcome sendUntilAcked(MessageSender sender, MessagingClient client, String to, Envelope envelope,
      long timeoutMs, long resendEveryMs, LongSupplier clockMs) throws RpcException, MessageSender.Refused {
    if (!envelope.requireAck()) throw new IllegalArgumentException("the envelope must carry require_ack");
    long start = clockMs.getAsLong();
    long deadline = start + timeoutMs;
    InboxWatch watch = new InboxWatch(client, sender.address(), client.cursorAfterHead(), 100, clockMs);
    List<String> hashes = new ArrayList<>();
    hashes.add(sender.send(to, envelope).txHash());
    long nextSend = clockMs.getAsLong() + resendEveryMs;
    while (true) {
      Optional<Answer> ack = find(watch, to, envelope.id(), Kind.ACK, sender.key(), Math.min(nextSend, deadline), clockMs);
      long now = clockMs.getAsLong();
      if (ack.isPresent()) return new Outcome(true, hashes.size(), hashes, ack.get(), now - start);
      if (now >= deadline) return new Outcome(false, hashes.size(), hashes, null, now - start);
      if (now >= nextSend) {
        hashes.add(sender.send(to, envelope).txHash());
        nextSend = clockMs.getAsLong() + resendEveryMs;
      }
    }
  }

  /**
   * Reads {@code watch} until a message from {@code peer} of {@code kind} answering {@code messageId}
   * arrives (encrypted answers are opened with {@code self}), or {@code untilMs} passes.
   */
  public static Optional<Answer> find(InboxWatch watch, String peer, String messageId, Kind kind, KeyPair self,
      long untilMs, LongSupplier clockMs) throws RpcException {
    while (true) {
      List<InboxMessage> page = watch.next(untilMs);
      for (InboxMessage m : page) {
        if (!m.from().equals(peer) || !(m.parsed() instanceof Envelope.Structured s)) continue;
        Envelope e = s.envelope();
        if (e.kind() != kind || !e.answers(messageId)) continue;
        if (!e.encrypted()) return Optional.of(new Answer(m, e, null));
        MessageCrypto.OpenResult r = MessageCrypto.open(e, m.from(), m.to(), self);
        if (r instanceof MessageCrypto.Opened o) return Optional.of(new Answer(m, o.envelope(), null));
        return Optional.of(new Answer(m, e, ((MessageCrypto.Failed) r).reason()));
      }
      if (page.isEmpty() && clockMs.getAsLong() >= untilMs) return Optional.empty();
    }
  }
}
