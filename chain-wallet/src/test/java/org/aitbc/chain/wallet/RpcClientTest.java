package org.aitbc.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.wallet.RpcException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RpcClientTest {
  static final KeyPair ALICE = KeystoreTest.key(1);
  static final String BOB = KeystoreTest.key(2).address();

  StandInNode node;
  RpcClient rpc;

  @BeforeEach
  void start() throws Exception {
    node = new StandInNode("dev", 1, Map.of(ALICE.address(), 1_000L));
    rpc = RpcClient.create(node.url(), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  TxSigner.Signed transfer(long amount, long nonce) {
    TxSigner.Result r = TxBuilder.transfer().to(BOB).amount(amount).fee(1).nonce(nonce).chainId("dev").sign(ALICE);
    assertTrue(r.isOk());
    return r.signed();
  }

  @Test
  void theUrlIsTheFlagElseNodeUrlElseTheDefault() throws Exception {
    assertEquals(URI.create("http://a:1"), RpcClient.locate("http://a:1", Map.of("NODE_URL", "http://b:2")));
    assertEquals(URI.create("http://b:2"), RpcClient.locate(null, Map.of("NODE_URL", "http://b:2")));
    assertEquals(URI.create("http://127.0.0.1:8006"), RpcClient.locate(null, Map.of()));
    for (String bad : new String[] {"localhost:8006", "ftp://x", "http://", "http://a b"}) {
      assertEquals(Kind.BAD_URL, assertThrows(RpcException.class, () -> RpcClient.locate(bad, Map.of())).kind(), bad);
    }
  }

  @Test
  void anAccountNeverSeenHasNoNonceAndDoesNotExist() throws Exception {
    RpcClient.AccountInfo a = rpc.account(BOB);
    assertEquals(0, a.balance());
    assertNull(a.nonce());
    assertFalse(a.exists());
    assertEquals(1_000, rpc.account(ALICE.address()).balance());
  }

  @Test
  void aSubmittedTransactionIsPendingThenIncludedAndListed() throws Exception {
    TxSigner.Signed s = transfer(10, 5);
    assertEquals(s.hash(), rpc.submit(s.json()));
    assertEquals(s.hash(), rpc.submit(s.json()), "submitting again is not an error");
    assertEquals("pending", rpc.transaction(s.hash()).get().status());
    node.seal();
    RpcClient.TxStatus st = rpc.transaction(s.hash()).get();
    assertTrue(st.included());
    assertEquals(1L, st.blockHeight());
    RpcClient.AccountInfo a = rpc.account(ALICE.address());
    assertEquals(989, a.balance());
    assertEquals(5L, a.nonce());
    RpcClient.TxPage page = rpc.transactions(BOB, null, 10);
    assertEquals(1, page.transactions().size());
    assertEquals(JsonValue.str(s.hash()), page.transactions().get(0).get("tx_hash").get());
  }

  @Test
  void aRefusalCarriesTheNodesCodeAndDetail() throws Exception {
    RpcException e = assertThrows(RpcException.class, () -> rpc.submit(transfer(5_000, 1).json()));
    assertEquals(Kind.REFUSED, e.kind());
    assertEquals("INSUFFICIENT_FUNDS", e.code());
    assertEquals(400, e.status());
    assertTrue(e.detail().contains("1000"), e.detail());
  }

  @Test
  void headBlocksAndRangesHaveTheContractsShape() throws Exception {
    rpc.submit(transfer(1, 1).json());
    node.seal();
    node.seal();
    JsonObject head = rpc.head();
    assertEquals(JsonValue.num(2), head.get("height").get());
    assertEquals(JsonValue.num(1), rpc.block(1).get().get("tx_count").get());
    assertTrue(rpc.block(99).isEmpty());
    node.maxRange = 2;
    JsonObject r = rpc.blocksRange(0, 2, true);
    assertEquals(JsonValue.num(2), r.get("count").get());
    assertEquals(JsonValue.num(2), r.get("next").get());
    assertEquals(JsonValue.str("ok"), rpc.health().get("status").get());
  }

  @Test
  void unknownTransactionsAreEmpty() throws Exception {
    assertTrue(rpc.transaction("0x" + "ab".repeat(32)).isEmpty());
  }

  @Test
  void aClosedPortIsUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RpcClient c = RpcClient.create(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2));
    RpcException e = assertThrows(RpcException.class, c::head);
    assertEquals(Kind.UNREACHABLE, e.kind());
    assertTrue(e.getMessage().startsWith("node unreachable at http://127.0.0.1:" + port), e.getMessage());
  }

  @Test
  void aNodeThatDoesNotAnswerInTimeIsUnreachable() throws Exception {
    HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    CountDownLatch release = new CountDownLatch(1);
    slow.createContext("/", ex -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });
    slow.start();
    try {
      RpcClient c = RpcClient.create(URI.create("http://127.0.0.1:" + slow.getAddress().getPort()), Duration.ofMillis(300));
      RpcException e = assertThrows(RpcException.class, c::head);
      assertEquals(Kind.UNREACHABLE, e.kind());
      assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
    } finally {
      release.countDown();
      slow.stop(0);
    }
  }

  @Test
  void answersThatAreNotTheContractsShapeAreBadResponses() throws Exception {
    HttpServer odd = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    odd.createContext("/", ex -> {
      byte[] b = (ex.getRequestURI().getPath().equals("/rpc/head") ? "<html>" : "{\"height\": \"7\"}")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/health") ? 500 : 200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    odd.start();
    try {
      RpcClient c = RpcClient.create(URI.create("http://127.0.0.1:" + odd.getAddress().getPort()), Duration.ofSeconds(2));
      assertEquals(Kind.BAD_RESPONSE, assertThrows(RpcException.class, c::head).kind());
      assertEquals(Kind.BAD_RESPONSE, assertThrows(RpcException.class, () -> c.account(BOB)).kind());
      assertEquals(Kind.BAD_RESPONSE, assertThrows(RpcException.class, c::health).kind());
    } finally {
      odd.stop(0);
    }
  }
}
