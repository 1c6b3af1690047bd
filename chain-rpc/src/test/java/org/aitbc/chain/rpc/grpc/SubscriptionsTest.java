package org.aitbc.chain.rpc.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.store.Cursor;
import org.aitbc.chain.rpc.grpc.proto.Block;
import org.aitbc.chain.rpc.grpc.proto.ChainGrpc;
import org.aitbc.chain.rpc.grpc.proto.ListMessagesRequest;
import org.aitbc.chain.rpc.grpc.proto.Message;
import org.aitbc.chain.rpc.grpc.proto.SubscribeBlocksRequest;
import org.aitbc.chain.rpc.grpc.proto.SubscribeMessagesRequest;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SubscribeMessages and SubscribeBlocks over real HTTP/2: replay, live, resume, slow clients, limits. */
class SubscriptionsTest {
  static final Duration WAIT = Duration.ofSeconds(15);
  static final Duration QUIET = Duration.ofMillis(300);

  @TempDir Path dir;
  Genesis genesis = Chains.genesis(3);
  KeyPair alice = TestKeys.key(1);
  KeyPair bob = TestKeys.key(2);
  KeyPair carol = TestKeys.key(3);
  GrpcHarness node;

  GrpcHarness start(GrpcServer.Config config) throws Exception {
    node = new GrpcHarness(dir.resolve("chain"), genesis, 0, config);
    return node;
  }

  GrpcHarness start() throws Exception {
    return start(GrpcServer.Config.of("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    if (node != null) node.close();
  }

  Recorder<SubscribeMessagesRequest, Message> subscribe(ChainGrpc.ChainStub stub, String address, String cursor, boolean manual) {
    Recorder<SubscribeMessagesRequest, Message> r = new Recorder<>(manual);
    stub.subscribeMessages(SubscribeMessagesRequest.newBuilder().setAddress(address).setCursor(cursor).build(), r);
    return r;
  }

  Recorder<SubscribeMessagesRequest, Message> subscribe(String address, String cursor) {
    return subscribe(node.async, address, cursor, false);
  }

  static List<String> hashes(List<Message> ms) {
    return ms.stream().map(Message::getTxHash).toList();
  }

  static void assertStrictlyIncreasingCursors(List<Message> ms) {
    for (int i = 1; i < ms.size(); i++) {
      Cursor a = Cursor.parse(ms.get(i - 1).getCursor()).orElseThrow();
      Cursor b = Cursor.parse(ms.get(i).getCursor()).orElseThrow();
      assertTrue(a.compareTo(b) < 0, a + " before " + b);
    }
  }

  @Test
  void subscribeMessagesReplaysWhatWasSealedThenDeliversNewMessagesLiveOnceAndInOrder() throws Exception {
    start();
    List<String> expected = new ArrayList<>();
    expected.add(node.send(alice, 1, bob.address(), "m1"));
    node.send(alice, 2, carol.address(), "not for bob");
    expected.add(node.send(alice, 3, bob.address(), "m2"));
    node.seal();
    expected.add(node.send(carol, 1, bob.address(), "m3"));
    node.send(alice, 4, bob.address(), "0x"); // a transfer without a message
    node.seal();

    var sub = subscribe(bob.address(), "");
    List<Message> replayed = sub.next(3, WAIT);
    assertEquals(expected, hashes(replayed));
    assertEquals(List.of("1.0", "1.2", "2.0"), replayed.stream().map(Message::getCursor).toList());
    assertEquals(List.of("m1", "m2", "m3"), replayed.stream().map(Message::getPayload).toList());

    expected.add(node.send(alice, 5, bob.address(), "m4"));
    node.send(alice, 6, carol.address(), "still not for bob");
    expected.add(node.send(carol, 2, bob.address(), "m5"));
    node.seal();
    List<Message> live = sub.next(2, WAIT);
    expected.add(node.send(alice, 7, bob.address(), "m6"));
    node.seal();
    live.add(sub.next(WAIT));
    assertTrue(sub.quietFor(QUIET));

    List<Message> all = new ArrayList<>(replayed);
    all.addAll(live);
    assertEquals(expected, hashes(all));
    assertEquals(List.of("m4", "m5", "m6"), live.stream().map(Message::getPayload).toList());
    assertStrictlyIncreasingCursors(all);
    for (Message m : all) assertEquals(bob.address(), m.getTo());
    sub.cancel();
    Await.until("the cancelled stream to be released", WAIT, () -> node.server.openStreams() == 0);
  }

  @Test
  void resumingFromTheLastCursorSeenGivesExactlyTheRestThenLiveMessages() throws Exception {
    start();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      expected.add(node.send(alice, i, bob.address(), "m" + i));
      if (i % 2 == 0) node.seal();
    }
    node.seal();

    var first = subscribe(bob.address(), "");
    List<Message> got = first.next(2, WAIT);
    first.cancel();
    String resumeAt = got.get(1).getCursor();

    var second = subscribe(bob.address(), resumeAt);
    got.addAll(second.next(3, WAIT));
    assertTrue(second.quietFor(QUIET));
    expected.add(node.send(alice, 6, bob.address(), "m6"));
    node.seal();
    got.add(second.next(WAIT));
    assertTrue(second.quietFor(QUIET));
    assertEquals(expected, hashes(got));
    assertStrictlyIncreasingCursors(got);
  }

  @Test
  void messagesSealedWhileASubscriptionStartsArriveExactlyOnce() throws Exception {
    start();
    int blocks = 30;
    CompletableFuture<Void> sealer = CompletableFuture.runAsync(() -> {
      long nonce = 1;
      for (int b = 0; b < blocks; b++) {
        for (int k = 0; k <= b % 3; k++) node.send(alice, nonce++, bob.address(), "b" + b + "k" + k);
        node.send(carol, b + 1, alice.address(), "noise " + b);
        node.seal();
      }
    });
    Await.until("a few blocks before subscribing", WAIT, () -> node.store.head().height() >= 5 || sealer.isDone());
    var sub = subscribe(bob.address(), "");
    sealer.get(60, TimeUnit.SECONDS);

    List<String> stored = new ArrayList<>();
    String cursor = "";
    while (true) {
      var page = node.blocking.listMessages(ListMessagesRequest.newBuilder().setAddress(bob.address()).setCursor(cursor)
          .setLimit(1000).build());
      if (page.getMessagesCount() == 0) break;
      stored.addAll(hashes(page.getMessagesList()));
      cursor = page.getNextCursor();
    }
    assertEquals(60, stored.size()); // 1+2+3 per 3 blocks, 10 times
    List<Message> got = sub.next(stored.size(), WAIT);
    assertTrue(sub.quietFor(QUIET));
    assertEquals(stored, hashes(got));
    assertEquals(stored.size(), new HashSet<>(hashes(got)).size());
    assertStrictlyIncreasingCursors(got);
  }

  @Test
  void subscribeBlocksReplaysFromTheGivenHeightThenFollowsTheHead() throws Exception {
    start();
    for (int i = 1; i <= 3; i++) {
      node.send(alice, i, bob.address(), "0x");
      node.seal();
    }
    Recorder<SubscribeBlocksRequest, Block> sub = new Recorder<>();
    node.async.subscribeBlocks(SubscribeBlocksRequest.newBuilder().setFromHeight(2).build(), sub);
    List<Block> got = sub.next(2, WAIT);
    assertEquals(List.of(2L, 3L), got.stream().map(b -> b.getHeader().getHeight()).toList());
    assertTrue(sub.quietFor(QUIET));
    node.send(alice, 4, bob.address(), "ping");
    var sealed = node.seal();
    Block live = sub.next(WAIT);
    assertEquals(4, live.getHeader().getHeight());
    assertEquals(sealed.hash().hex0x(), live.getHeader().getHash());
    assertEquals(got.get(1).getHeader().getHash(), live.getHeader().getParentHash());
    assertEquals(node.api.blockJson(4).orElseThrow(), live.getJson());
    assertTrue(sub.quietFor(QUIET));

    Recorder<SubscribeBlocksRequest, Block> future = new Recorder<>();
    node.async.subscribeBlocks(SubscribeBlocksRequest.newBuilder().setFromHeight(6).setHeadersOnly(true).build(), future);
    node.send(alice, 5, bob.address(), "0x");
    node.seal();
    assertTrue(future.quietFor(QUIET), "block 5 is below the requested start");
    node.send(alice, 6, bob.address(), "0x");
    node.seal();
    Block six = future.next(WAIT);
    assertEquals(6, six.getHeader().getHeight());
    assertTrue(six.getJson().endsWith("\"transactions\":[]}"));
    assertEquals(List.of(5L, 6L), sub.next(2, WAIT).stream().map(b -> b.getHeader().getHeight()).toList());
  }

  @Test
  void aSubscriptionWithABadCursorOrAddressIsRefused() throws Exception {
    start();
    Status badCursor = subscribe(bob.address(), "x.y").status(WAIT);
    assertEquals(Status.Code.INVALID_ARGUMENT, badCursor.getCode());
    assertTrue(badCursor.getDescription().startsWith("INVALID_CURSOR: "), badCursor.getDescription());
    Status noAddress = subscribe("", "").status(WAIT);
    assertEquals(Status.Code.INVALID_ARGUMENT, noAddress.getCode());
    assertTrue(noAddress.getDescription().startsWith("MISSING_FIELD: "), noAddress.getDescription());
    Await.until("refused streams to be released", WAIT, () -> node.server.openStreams() == 0);
  }

  @Test
  void aSubscriberThatStopsReadingIsEndedWithResourceExhaustedAndResumesFromItsLastCursor() throws Exception {
    start(GrpcServer.Config.of("127.0.0.1", 0).withStallTimeoutMs(300));
    List<String> expected = new ArrayList<>();
    String big = "x".repeat(10_000); // ~20 KB per streamed message: text and JSON text of the payload
    for (int i = 1; i <= 12; i++) expected.add(node.send(alice, i, bob.address(), i + big));
    node.seal();

    ManagedChannel small = GrpcHarness.channel(node.server.port(), 65_535); // fixed window: the client holds it
    try {
      var slow = subscribe(ChainGrpc.newStub(small), bob.address(), "", true);
      Await.until("the subscription to open", WAIT, () -> node.server.openStreams() == 1);
      Await.until("the node to drop the stalled subscriber", WAIT, () -> node.server.openStreams() == 0);
      slow.request(100); // now read what was already on its way
      Status s = slow.status(WAIT);
      List<Message> got = slow.drain();
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, s.getCode());
      assertTrue(s.getDescription().startsWith("SUBSCRIBER_TOO_SLOW: "), s.getDescription());
      assertTrue(got.size() >= 1 && got.size() < 12, "sent only while the client read: " + got.size());
      String last = got.get(got.size() - 1).getCursor();
      assertTrue(s.getDescription().endsWith("resume from cursor " + last), s.getDescription());

      var resumed = subscribe(bob.address(), last);
      got.addAll(resumed.next(12 - got.size(), WAIT));
      assertTrue(resumed.quietFor(QUIET));
      assertEquals(expected, hashes(got));
    } finally {
      small.shutdownNow();
    }
  }

  @Test
  void streamsBeyondTheLimitAreRefusedUntilOneCloses() throws Exception {
    start(GrpcServer.Config.of("127.0.0.1", 0).withMaxStreams(1));
    var first = subscribe(bob.address(), "");
    Await.until("the first stream to open", WAIT, () -> node.server.openStreams() == 1);
    Status refused = subscribe(carol.address(), "").status(WAIT);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getCode());
    assertTrue(refused.getDescription().startsWith("TOO_MANY_STREAMS: "), refused.getDescription());
    first.cancel();
    Await.until("the first stream to be released", WAIT, () -> node.server.openStreams() == 0);
    var third = subscribe(carol.address(), "");
    String h = node.send(alice, 1, carol.address(), "hello");
    node.seal();
    assertEquals(h, third.next(WAIT).getTxHash());
  }

  @Test
  void closingTheServerEndsOpenStreamsWithUnavailable() throws Exception {
    start();
    var sub = subscribe(bob.address(), "");
    Recorder<SubscribeBlocksRequest, Block> blocks = new Recorder<>();
    node.async.subscribeBlocks(SubscribeBlocksRequest.getDefaultInstance(), blocks);
    assertEquals(0, blocks.next(WAIT).getHeader().getHeight());
    Await.until("both streams to open", WAIT, () -> node.server.openStreams() == 2);
    node.server.close();
    Status s = sub.status(WAIT);
    assertEquals(Status.Code.UNAVAILABLE, s.getCode());
    assertTrue(s.getDescription().startsWith("SHUTTING_DOWN: "), s.getDescription());
    assertEquals(Status.Code.UNAVAILABLE, blocks.status(WAIT).getCode());
    Await.until("the streams to be released", WAIT, () -> node.server.openStreams() == 0);
  }
}
