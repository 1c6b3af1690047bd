package org.aitbc.chain.messaging.cli;

import static org.aitbc.chain.messaging.cli.AgentHarness.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.store.Cursor;
import org.aitbc.chain.messaging.Envelope;
import org.aitbc.chain.messaging.InboxMessage;
import org.aitbc.chain.messaging.LiveNode;
import org.aitbc.chain.messaging.MessageSender;
import org.aitbc.chain.messaging.MessagingClient;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.TestKeys;

/**
 * Reading an inbox page by page while new blocks keep arriving: {@code agent messages --follow} and
 * {@code agent messages --cursor C} (following next_cursor) both see every message exactly once, in
 * chain order, whatever the page size and however the sends spread over blocks (after each send the next
 * one waits until it is sealed, or not: the input says, never a sleep; message ids from a seeded generator).
 */
class InboxPagingProperties {
  static final Duration T = Duration.ofSeconds(40);
  static Path tmp;
  static LiveNode node;
  static AgentHarness h;
  static MessagingClient client;
  static final List<MessageSender> senders = new ArrayList<>();
  static final AtomicInteger recipients = new AtomicInteger(500);

  @BeforeContainer
  static void start() throws Exception {
    tmp = Files.createTempDirectory("inbox-paging");
    node = new LiveNode(tmp.resolve("chain"), 3, 100);
    h = new AgentHarness(tmp, node, 3);
    client = node.client();
    for (int i = 1; i <= 3; i++) senders.add(new MessageSender(client.rpc(), TestKeys.key(i), System::currentTimeMillis, null));
  }

  @AfterContainer
  static void stop() throws IOException {
    node.close();
    try (Stream<Path> s = Files.walk(tmp)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  @Property(tries = 5)
  void everyMessageIsReadExactlyOnceInOrderWhileBlocksKeepArriving(@ForAll @IntRange(min = 1, max = 6) int pageSize,
      @ForAll @Size(min = 3, max = 14) List<Boolean> sealedBeforeNext,
      @ForAll @IntRange(min = 1, max = 3) int senderCount, @ForAll long seed) throws Exception {
    String recipient = TestKeys.key(recipients.incrementAndGet()).address();
    int n = sealedBeforeNext.size();
    AgentHarness.Background follower = h.background("messages", "--address", recipient, "--follow", "--count",
        Integer.toString(n), "--limit", Integer.toString(pageSize), "--output", "json");
    CompletableFuture<List<JsonObject>> pager = CompletableFuture.supplyAsync(() -> page(recipient, pageSize, n));

    List<String> sent = new ArrayList<>();
    SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG"); // seeded before first use: the same ids for a seed
    rnd.setSeed(seed);
    for (int i = 0; i < n; i++) {
      MessageSender s = senders.get(i % senderCount);
      sent.add(s.send(recipient, Envelope.text("m" + i, rnd)).txHash());
      // Whether the next send waits until this one is sealed: how sends spread over blocks is the input, not a sleep.
      int k = i + 1;
      if (sealedBeforeNext.get(i)) Await.until(k + " messages sealed", T, () -> inbox(recipient).size() >= k);
    }

    Await.until(n + " messages in the inbox", T, () -> inbox(recipient).size() >= n);
    List<InboxMessage> canonical = inbox(recipient);
    List<String> order = canonical.stream().map(InboxMessage::txHash).toList();
    assertEquals(new HashSet<>(sent), new HashSet<>(order), "the inbox holds exactly what was sent");
    assertEquals(n, order.size());
    for (int i = 1; i < canonical.size(); i++) {
      Cursor a = Cursor.parse(canonical.get(i - 1).cursor()).orElseThrow();
      Cursor b = Cursor.parse(canonical.get(i).cursor()).orElseThrow();
      assertTrue(a.compareTo(b) < 0, "chain order");
    }

    List<String> followed = follower.join(T).ok().jsonLines().stream().map(o -> str(o, "tx_hash")).toList();
    assertEquals(order, followed, "--follow saw each message once, in order");
    List<String> paged = pager.get(T.toMillis(), TimeUnit.MILLISECONDS).stream().map(o -> str(o, "tx_hash")).toList();
    assertEquals(order, paged, "paging with next_cursor saw each message once, in order");
  }

  private static List<InboxMessage> inbox(String recipient) {
    try {
      return client.messages(recipient, "", 1000, 0).messages();
    } catch (org.aitbc.chain.wallet.RpcException e) {
      throw new AssertionError("reading the inbox of " + recipient, e);
    }
  }

  /** Pages through the inbox with the command, following next_cursor, until {@code n} messages are read. */
  private static List<JsonObject> page(String recipient, int pageSize, int n) {
    List<JsonObject> got = new ArrayList<>();
    String cursor = "";
    long deadline = System.nanoTime() + T.toNanos();
    while (got.size() < n) {
      if (System.nanoTime() > deadline) throw new AssertionError("paging read only " + got.size() + " of " + n);
      List<String> args = new ArrayList<>(List.of("messages", "--address", recipient, "--limit", Integer.toString(pageSize),
          "--output", "json"));
      if (!cursor.isEmpty()) args.addAll(List.of("--cursor", cursor));
      JsonObject page = h.agent(args.get(0), args.subList(1, args.size()).toArray(String[]::new)).ok().json();
      List<JsonValue> ms = ((JsonValue.JsonArray) page.get("messages").orElseThrow()).elements();
      assertTrue(ms.size() <= pageSize);
      for (JsonValue v : ms) got.add((JsonObject) v);
      String next = str(page, "next_cursor");
      if (ms.isEmpty()) {
        assertEquals(cursor.isEmpty() ? Cursor.START.toString() : cursor, next, "an empty page keeps the cursor");
        try {
          Thread.sleep(30);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      cursor = next;
    }
    return got;
  }
}
