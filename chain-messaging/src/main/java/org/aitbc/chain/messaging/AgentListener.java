package org.aitbc.chain.messaging;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.messaging.Envelope.Kind;
import org.aitbc.chain.wallet.RpcException;

/**
 * The agent daemon's logic: follows one inbox from the cursor kept on disk and handles each message
 * once, in chain order.
 *
 * <ul>
 *   <li>a raw payload (old clients: {@code "ping"}) whose text matches a reply rule gets the rule's
 *       text back as a raw payload;
 *   <li>an envelope with {@code require_ack} gets an {@code ack} (reply_to = its id), also when it is
 *       a duplicate, so a sender whose ack was lost stops resending;
 *   <li>a {@code ping} gets a {@code pong} (body: the rule's text for the ping, if any); a {@code text}
 *       whose body matches a rule gets a {@code text} reply; a {@code task} runs the {@link TaskHandler}
 *       and gets a {@code result}; answers (pong, result, ack) are never answered;
 *   <li>an encrypted envelope is opened with the listener's key (a failure is reported, not acked);
 *       replies to it are encrypted for its sender;
 *   <li>an envelope whose sender and id were processed before is not processed again.
 * </ul>
 *
 * After each message the cursor and the processed ids are saved atomically, so a restart neither
 * replays nor misses a message (a crash between sending a reply and saving can repeat that one reply).
 * A node that cannot be reached is retried with a back-off; the message is handled again then, and a
 * task's result computed before is reused rather than run again. Not thread-safe: one loop.
 */
public final class AgentListener {
  /**
   * @param replies text -> reply text ({@code --reply ping=pong})
   * @param fromStart a first start (no saved state) reads the inbox from its beginning instead of from the head
   */
  public record Config(Map<String, String> replies, boolean fromStart, int pageSize, long maxBackoffMs) {
    public Config {
      replies = Map.copyOf(replies);
    }

    public static Config of(Map<String, String> replies) {
      return new Config(replies, false, 100, 30_000);
    }
  }

  /** What the listener did with one message (or a notice about the node). */
  public record Event(String cursor, String txHash, String from, String kind, String action, String detail,
      List<String> sent) {
    public Event {
      sent = List.copyOf(sent);
    }
  }

  private final KeyPair key;
  private final MessagingClient client;
  private final MessageSender sender;
  private final TaskHandler tasks;
  private final ListenerState.Store store;
  private final Config config;
  private final SecureRandom random;
  private final Consumer<Event> events;
  private final Map<String, Envelope> computedResults = new HashMap<>();
  private final Map<String, Bytes> peerKeys = new HashMap<>();
  private String cursor;
  private LinkedHashSet<String> seen;

  public AgentListener(KeyPair key, MessagingClient client, MessageSender sender, TaskHandler tasks,
      ListenerState.Store store, Config config, SecureRandom random, Consumer<Event> events) {
    this.key = key;
    this.client = client;
    this.sender = sender;
    this.tasks = tasks;
    this.store = store;
    this.config = config;
    this.random = random;
    this.events = events;
  }

  /**
   * Loads the saved state, or on a first start begins at the head (or the beginning with
   * {@code fromStart}) and saves that at once, so that messages arriving before the next start are
   * not skipped. Returns the cursor it starts from.
   */
  public String start() throws IOException, RpcException {
    Optional<ListenerState> s = store.load();
    if (s.isPresent()) {
      cursor = s.get().cursor();
      seen = new LinkedHashSet<>(s.get().seen());
    } else {
      cursor = config.fromStart() ? "" : client.cursorAfterHead();
      seen = new LinkedHashSet<>();
      save();
    }
    return cursor;
  }

  public String cursor() {
    return cursor;
  }

  /**
   * Handles messages until {@code maxMessages} (0: no limit) are handled or {@code stop} says so (it is
   * checked between polls; an interrupt stops too). Returns how many messages were handled.
   */
  public long run(long maxMessages, BooleanSupplier stop) throws IOException {
    if (cursor == null) throw new IllegalStateException("start() first");
    long handled = 0;
    long backoff = 0;
    while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted() && (maxMessages == 0 || handled < maxMessages)) {
      try {
        InboxMessage.Page page = client.messages(key.address(), cursor, config.pageSize(), MessagingClient.MAX_WAIT_MS);
        for (InboxMessage m : page.messages()) {
          if (maxMessages != 0 && handled >= maxMessages) break;
          Event e = handle(m);
          cursor = m.cursor();
          save();
          events.accept(e);
          handled++;
        }
        backoff = 0;
      } catch (RpcException e) {
        if (Thread.currentThread().isInterrupted()) break;
        backoff = backoff == 0 ? 500 : Math.min(config.maxBackoffMs(), backoff * 2);
        events.accept(new Event(cursor, null, null, null, "node_error", e.getMessage() + "; retrying in " + backoff + " ms",
            List.of()));
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return handled;
  }

  /** Handles one message; throws only when the node could not be reached (the message is to be retried). */
  Event handle(InboxMessage m) throws RpcException {
    if (m.from().equals(key.address())) return event(m, "-", "ignored", "a message from this agent itself", List.of());
    Envelope.Parsed p = m.parsed();
    if (p instanceof Envelope.Raw r) return handleRaw(m, r);
    Envelope e = ((Envelope.Structured) p).envelope();
    String kind = e.kind().wire();
    Envelope plain = e;
    if (e.encrypted()) {
      MessageCrypto.OpenResult o = MessageCrypto.open(e, m.from(), m.to(), key);
      if (o instanceof MessageCrypto.Failed f) {
        return event(m, kind, "undecryptable", "cannot decrypt message " + m.txHash() + ": " + f.reason(), List.of());
      }
      plain = ((MessageCrypto.Opened) o).envelope();
    }
    String seenKey = ListenerState.seenKey(m.from(), e.id());
    List<String> sent = new ArrayList<>();
    try {
      if (e.requireAck()) sent.add(reply(m.from(), Envelope.answer(e, Kind.ACK, random), false));
      if (seen.contains(seenKey)) {
        return event(m, kind, "duplicate", "message " + e.id() + " was processed before"
            + (e.requireAck() ? "; acknowledged again" : ""), sent);
      }
      Event done = dispatch(m, e, plain, sent);
      seen.add(seenKey);
      while (seen.size() > ListenerState.MAX_SEEN) seen.remove(seen.iterator().next());
      computedResults.remove(seenKey);
      return done;
    } catch (MessageSender.Refused ex) {
      seen.add(seenKey);
      return event(m, kind, "failed", "could not answer: " + ex.getMessage(), sent);
    } catch (RpcException ex) {
      if (ex.kind() != RpcException.Kind.REFUSED) throw ex;
      seen.add(seenKey);
      return event(m, kind, "failed", "could not answer: " + ex.getMessage(), sent);
    }
  }

  private Event handleRaw(InboxMessage m, Envelope.Raw r) throws RpcException {
    String text = r.text().strip();
    String reply = config.replies().get(text);
    if (reply == null) return event(m, "raw", "received", shorten(r.text()), List.of());
    try {
      String hash = sender.send(m.from(), JsonValue.str(reply), 0).txHash();
      return event(m, "raw", "replied", shorten(text) + " -> " + shorten(reply), List.of(hash));
    } catch (MessageSender.Refused ex) {
      return event(m, "raw", "failed", "could not answer: " + ex.getMessage(), List.of());
    } catch (RpcException ex) {
      if (ex.kind() != RpcException.Kind.REFUSED) throw ex;
      return event(m, "raw", "failed", "could not answer: " + ex.getMessage(), List.of());
    }
  }

  private Event dispatch(InboxMessage m, Envelope e, Envelope plain, List<String> sent)
      throws RpcException, MessageSender.Refused {
    String kind = e.kind().wire();
    boolean encrypt = e.encrypted();
    switch (e.kind()) {
      case PING -> {
        String reply = config.replies().get(plain.bodyText().map(String::strip).orElse("ping"));
        Envelope pong = Envelope.answer(e, Kind.PONG, random);
        if (reply != null) pong = pong.withContent(Envelope.TEXT_PLAIN, JsonValue.str(reply));
        sent.add(reply(m.from(), pong, encrypt));
        return event(m, kind, "replied", "pong" + (reply == null ? "" : " " + shorten(reply)), sent);
      }
      case TEXT -> {
        Optional<String> text = plain.bodyText();
        String reply = text.map(t -> config.replies().get(t.strip())).orElse(null);
        if (reply == null) {
          return event(m, kind, e.requireAck() ? "acked" : "received", text.map(AgentListener::shorten).orElse("(no text)"), sent);
        }
        sent.add(reply(m.from(), Envelope.answer(e, Kind.TEXT, random).withContent(Envelope.TEXT_PLAIN, JsonValue.str(reply)), encrypt));
        return event(m, kind, "replied", shorten(text.get()) + " -> " + shorten(reply), sent);
      }
      case TASK -> {
        String seenKey = ListenerState.seenKey(m.from(), e.id());
        Envelope result = computedResults.get(seenKey);
        if (result == null) {
          Optional<Task> task = Task.from(plain.body());
          Task.Result r = task.isPresent() ? tasks.run(task.get(), e.id(), m.from())
              : Task.Result.failure(null, "the task body is not {\"action\": NAME, \"input\": JSON}", null, null);
          result = Envelope.answer(e, Kind.RESULT, random).withContent(Envelope.APPLICATION_JSON, r.toJson());
          if (result.sizeProblem(Envelope.MAX_PAYLOAD_BYTES - 1024).isPresent()) {
            result = Envelope.answer(e, Kind.RESULT, random).withContent(Envelope.APPLICATION_JSON,
                Task.Result.failure(r.action(), "the result is too large for a message", null, r.exitCode()).toJson());
          }
          computedResults.put(seenKey, result);
        }
        sent.add(reply(m.from(), result, encrypt));
        Task.Result r = Task.Result.from(result.body());
        return event(m, kind, "ran_task", (r.action() == null ? "?" : r.action()) + ": " + (r.ok() ? "ok" : "failed: " + r.error()), sent);
      }
      default -> {
        String what = plain.bodyText().map(AgentListener::shorten).orElse(e.replyTo() == null ? "" : "re " + e.replyTo());
        return event(m, kind, e.requireAck() ? "acked" : "received", what, sent);
      }
    }
  }

  /** Sends {@code env} to {@code to}, sealed for its key when {@code encrypt}; the tx hash. */
  private String reply(String to, Envelope env, boolean encrypt) throws RpcException, MessageSender.Refused {
    Envelope out = env;
    if (encrypt) {
      Bytes pk = peerKeys.get(to);
      if (pk == null) {
        pk = client.publicKey(to).orElseThrow(() -> new MessageSender.Refused(
            "the node does not know the public key of " + to + ", so the reply cannot be encrypted"));
        peerKeys.put(to, pk);
      }
      MessageCrypto.SealResult r = MessageCrypto.seal(env, key.address(), to, pk, random);
      if (!r.isOk()) throw new MessageSender.Refused(r.problem());
      out = r.envelope();
    }
    return sender.send(to, out).txHash();
  }

  private void save() throws IOException {
    store.save(new ListenerState(key.address(), cursor, new ArrayList<>(seen)));
  }

  private static Event event(InboxMessage m, String kind, String action, String detail, List<String> sent) {
    return new Event(m.cursor(), m.txHash(), m.from(), kind, action, detail, sent);
  }

  static String shorten(String s) {
    String one = s.replace('\n', ' ').replace('\r', ' ');
    return one.length() > 80 ? one.substring(0, 79) + "…" : one;
  }
}
