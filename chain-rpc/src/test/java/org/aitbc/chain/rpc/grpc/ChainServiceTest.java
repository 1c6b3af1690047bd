package org.aitbc.chain.rpc.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.rpc.grpc.proto.Account;
import org.aitbc.chain.rpc.grpc.proto.Block;
import org.aitbc.chain.rpc.grpc.proto.GetAccountRequest;
import org.aitbc.chain.rpc.grpc.proto.GetBlockRequest;
import org.aitbc.chain.rpc.grpc.proto.GetBlocksRangeRequest;
import org.aitbc.chain.rpc.grpc.proto.GetHeadRequest;
import org.aitbc.chain.rpc.grpc.proto.GetTransactionRequest;
import org.aitbc.chain.rpc.grpc.proto.Head;
import org.aitbc.chain.rpc.grpc.proto.ListMessagesReply;
import org.aitbc.chain.rpc.grpc.proto.ListMessagesRequest;
import org.aitbc.chain.rpc.grpc.proto.ListTransactionsReply;
import org.aitbc.chain.rpc.grpc.proto.ListTransactionsRequest;
import org.aitbc.chain.rpc.grpc.proto.Message;
import org.aitbc.chain.rpc.grpc.proto.SubmitTransactionReply;
import org.aitbc.chain.rpc.grpc.proto.SubmitTransactionRequest;
import org.aitbc.chain.rpc.grpc.proto.TransactionInfo;
import org.aitbc.chain.testing.Await;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unary methods and the range stream of aitbc.v1.Chain against a real node core over HTTP/2. */
class ChainServiceTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  Genesis genesis = Chains.genesis(3);
  KeyPair alice = TestKeys.key(1);
  KeyPair bob = TestKeys.key(2);
  GrpcHarness node;

  @BeforeEach
  void start() throws Exception {
    node = new GrpcHarness(dir.resolve("chain"), genesis);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  SubmitTransactionReply submit(String json) {
    return node.blocking.submitTransaction(SubmitTransactionRequest.newBuilder().setTransactionJson(json).build());
  }

  static Status refusal(Supplier<?> call) {
    return assertThrows(StatusRuntimeException.class, call::get).getStatus();
  }

  @Test
  void aSubmittedTransactionIsPendingThenIncludedAndItsBlockReadsAsOverHttp() {
    String json = Txs.transfer(alice, Chains.CHAIN_ID).nonce(1).to(bob.address()).amount(7).payload("ping").jsonText();
    SubmitTransactionReply r = submit(json);
    assertTrue(r.getSuccess(), r.toString());
    assertEquals("accepted", r.getMessage());
    String hash = r.getTransactionHash();
    assertTrue(hash.matches("0x[0-9a-f]{64}"), hash);
    assertEquals("already pending", submit(json).getMessage());

    TransactionInfo pending = node.blocking.getTransaction(GetTransactionRequest.newBuilder().setHash(hash).build());
    assertEquals("pending", pending.getStatus());
    assertEquals(hash, pending.getTransaction().getTxHash());

    node.seal();
    TransactionInfo included = node.blocking.getTransaction(GetTransactionRequest.newBuilder().setHash(hash).build());
    assertEquals("included", included.getStatus());
    assertEquals(1, included.getBlockHeight());
    assertEquals(0, included.getTxIndex());
    assertEquals("1.0", included.getCursor());
    assertTrue(included.getTimestamp().endsWith("Z"));
    var tx = included.getTransaction();
    assertEquals(alice.address(), tx.getFrom());
    assertEquals(bob.address(), tx.getTo());
    assertEquals(7, tx.getAmount());
    assertEquals(10, tx.getFee());
    assertEquals(1, tx.getNonce());
    assertEquals("\"ping\"", tx.getPayloadJson());
    assertEquals(Chains.CHAIN_ID, tx.getChainId());
    assertEquals(alice.publicKey().hex(), tx.getPublicKey());
    assertEquals(128, tx.getSignature().length());
    assertEquals(PyJson.compactUnsorted(node.api.transaction(hash).json()), tx.getJson());
    assertEquals("already included", submit(json).getMessage());

    Head head = node.blocking.getHead(GetHeadRequest.getDefaultInstance());
    assertEquals(1, head.getHeight());
    assertEquals(1, head.getTxCount());
    assertEquals(Chains.CHAIN_ID, head.getChainId());
    Block block = node.blocking.getBlock(GetBlockRequest.newBuilder().setHeight(1).build());
    assertEquals(head.getHash(), block.getHeader().getHash());
    assertEquals(genesis.hash().hex0x(), block.getHeader().getParentHash());
    assertEquals(Chains.authority().address(), block.getHeader().getProposer());
    assertEquals(1, block.getHeader().getTxCount());
    assertEquals(node.api.blockJson(1).orElseThrow(), block.getJson(), "the same text as GET /rpc/blocks/1");
    Block genesisBlock = node.blocking.getBlock(GetBlockRequest.newBuilder().setHeight(0).build());
    assertEquals(genesis.hash().hex0x(), genesisBlock.getHeader().getHash());
    assertEquals(node.api.blockJson(0).orElseThrow(), genesisBlock.getJson());

    Account a = node.blocking.getAccount(GetAccountRequest.newBuilder().setAddress(alice.address()).build());
    assertEquals(Chains.FUNDS - 17, a.getBalance());
    assertTrue(a.hasNonce());
    assertEquals(1, a.getNonce());
    assertTrue(a.getExists());
    Account nobody = node.blocking.getAccount(GetAccountRequest.newBuilder().setAddress(TestKeys.key(50).address()).build());
    assertFalse(nobody.getExists());
    assertEquals(0, nobody.getNonce(), "0 for an account that never sent, as over HTTP");
    assertEquals(0, nobody.getBalance());
  }

  @Test
  void aRefusedTransactionAnswersWithItsWireCodeInTheReply() {
    String good = Txs.transfer(alice, Chains.CHAIN_ID).nonce(1).to(bob.address()).jsonText();
    SubmitTransactionReply badSig = submit(good.replaceFirst("\"amount\":1", "\"amount\":2"));
    assertFalse(badSig.getSuccess());
    assertEquals("BAD_SIGNATURE", badSig.getCode());
    assertFalse(badSig.getDetail().isEmpty());
    assertTrue(badSig.getTransactionHash().isEmpty());

    assertEquals("INVALID_JSON", submit("{not json").getCode());
    assertEquals("WRONG_CHAIN", submit(Txs.transfer(alice, "ait-other").nonce(1).to(bob.address()).jsonText()).getCode());
    assertEquals("FEE_TOO_LOW", submit(Txs.transfer(alice, Chains.CHAIN_ID).nonce(1).fee(0).to(bob.address()).jsonText()).getCode());
    assertTrue(submit(good).getSuccess());
    node.seal();
    assertEquals("NONCE_TOO_LOW", submit(Txs.transfer(alice, Chains.CHAIN_ID).nonce(1).amount(5).to(bob.address()).jsonText()).getCode());
  }

  @Test
  void whileTheDiskIsFullSubmissionsEndWithUnavailableAndTheWireCode() throws Exception {
    try (org.aitbc.chain.testing.SmallDisk disk = new org.aitbc.chain.testing.SmallDisk(64);
        GrpcHarness full = new GrpcHarness(disk.dir().resolve("chain"), genesis)) {
      disk.fill(600 << 10);
      String big = "0x" + "ab".repeat(30_000);
      long nonce = 0;
      while (full.engine.writeHealth().degraded().isEmpty() && nonce < 3000) {
        for (int i = 0; i < 10; i++) {
          var req = SubmitTransactionRequest.newBuilder()
              .setTransactionJson(Txs.transfer(alice, Chains.CHAIN_ID).nonce(++nonce).to(bob.address()).payload(big).jsonText()).build();
          assertTrue(full.blocking.submitTransaction(req).getSuccess());
        }
        try {
          full.seal();
        } catch (RuntimeException expectedOnceFull) {
          // the write failed: the engine is degraded now
        }
      }
      var req = SubmitTransactionRequest.newBuilder()
          .setTransactionJson(Txs.transfer(alice, Chains.CHAIN_ID).nonce(++nonce).to(bob.address()).jsonText()).build();
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> full.blocking.submitTransaction(req));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
      assertEquals("STORAGE_UNAVAILABLE", e.getTrailers().get(Refusals.CODE_KEY));
      disk.free();
    }
  }

  @Test
  void rateLimitedSubmissionsEndWithResourceExhaustedAndTheWireCode(@TempDir Path other) throws Exception {
    try (GrpcHarness limited = new GrpcHarness(other.resolve("chain"), genesis, 1, GrpcServer.Config.of("127.0.0.1", 0))) {
      var req = SubmitTransactionRequest.newBuilder()
          .setTransactionJson(Txs.transfer(alice, Chains.CHAIN_ID).nonce(1).to(bob.address()).jsonText()).build();
      assertTrue(limited.blocking.submitTransaction(req).getSuccess());
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> limited.blocking.submitTransaction(req));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().startsWith("RATE_LIMITED: "), e.getStatus().getDescription());
      assertEquals("RATE_LIMITED", e.getTrailers().get(Refusals.CODE_KEY));
    }
  }

  @Test
  void readRefusalsMapToStatusCodesWithTheWireCodeInTheDescription() {
    Status noBlock = refusal(() -> node.blocking.getBlock(GetBlockRequest.newBuilder().setHeight(9).build()));
    assertEquals(Status.Code.NOT_FOUND, noBlock.getCode());
    assertTrue(noBlock.getDescription().startsWith("NOT_FOUND: no block at height 9"), noBlock.getDescription());

    String unknown = "0x" + "ab".repeat(32);
    Status noTx = refusal(() -> node.blocking.getTransaction(GetTransactionRequest.newBuilder().setHash(unknown).build()));
    assertEquals(Status.Code.NOT_FOUND, noTx.getCode());
    Status badHash = refusal(() -> node.blocking.getTransaction(GetTransactionRequest.newBuilder().setHash("xyz").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, badHash.getCode());
    assertTrue(badHash.getDescription().startsWith("INVALID_FIELD: "));

    Status badCursor = refusal(() -> node.blocking.listMessages(
        ListMessagesRequest.newBuilder().setAddress(bob.address()).setCursor("nope").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, badCursor.getCode());
    assertTrue(badCursor.getDescription().startsWith("INVALID_CURSOR: "), badCursor.getDescription());
    Status noAddress = refusal(() -> node.blocking.listTransactions(ListTransactionsRequest.getDefaultInstance()));
    assertTrue(noAddress.getDescription().startsWith("MISSING_FIELD: "), noAddress.getDescription());
    Status bigLimit = refusal(() -> node.blocking.listMessages(
        ListMessagesRequest.newBuilder().setAddress(bob.address()).setLimit(5000).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, bigLimit.getCode());
    Status badAccount = refusal(() -> node.blocking.getAccount(GetAccountRequest.newBuilder().setAddress("0xabc").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, badAccount.getCode());

    Status backwards = refusal(() -> node.blocking.getBlocksRange(
        GetBlocksRangeRequest.newBuilder().setStart(5).setEnd(2).build()).hasNext());
    assertEquals(Status.Code.INVALID_ARGUMENT, backwards.getCode());
  }

  @Test
  void listMessagesPagesThroughTheInboxInChainOrderWithoutRepeatsOrGaps() {
    List<String> sent = new ArrayList<>();
    sent.add(node.send(alice, 1, bob.address(), "m1"));
    sent.add(node.send(alice, 2, bob.address(), "m2"));
    node.send(alice, 3, bob.address(), "0x"); // a plain transfer, not a message
    node.send(alice, 4, TestKeys.key(3).address(), "for carol");
    node.seal();
    sent.add(node.send(alice, 5, bob.address(), "m3"));
    sent.add(node.send(TestKeys.key(3), 1, bob.address(), "m4"));
    node.seal();
    sent.add(node.send(alice, 6, bob.address(), "m5"));
    node.seal();

    List<Message> seen = new ArrayList<>();
    String cursor = "";
    List<Integer> pageSizes = new ArrayList<>();
    while (true) {
      ListMessagesReply page = node.blocking.listMessages(
          ListMessagesRequest.newBuilder().setAddress(bob.address()).setCursor(cursor).setLimit(2).build());
      pageSizes.add(page.getMessagesCount());
      if (page.getMessagesCount() == 0) {
        assertEquals(cursor, page.getNextCursor(), "an empty page keeps the cursor");
        break;
      }
      seen.addAll(page.getMessagesList());
      assertEquals(page.getMessages(page.getMessagesCount() - 1).getCursor(), page.getNextCursor());
      cursor = page.getNextCursor();
    }
    assertEquals(List.of(2, 2, 1, 0), pageSizes);
    assertEquals(sent, seen.stream().map(Message::getTxHash).toList());
    assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), seen.stream().map(Message::getPayload).toList());
    assertEquals(List.of("1.0", "1.1", "2.0", "2.1", "3.0"), seen.stream().map(Message::getCursor).toList());
    Message m4 = seen.get(3);
    assertEquals(TestKeys.key(3).address(), m4.getFrom());
    assertEquals(bob.address(), m4.getTo());
    assertEquals("\"m4\"", m4.getPayloadJson());
    assertEquals(2, m4.getBlockHeight());
    assertEquals(1, m4.getTxIndex());

    ListTransactionsReply txs = node.blocking.listTransactions(
        ListTransactionsRequest.newBuilder().setAddress(alice.address()).setCursor("1.2").setLimit(10).build());
    assertEquals(List.of("1.3", "2.0", "3.0"), txs.getTransactionsList().stream().map(TransactionInfo::getCursor).toList());
    assertEquals("3.0", txs.getNextCursor());
  }

  @Test
  void listMessagesWithWaitAnswersAsSoonAsAMessageIsSealed() throws Exception {
    Recorder<ListMessagesRequest, ListMessagesReply> poll = new Recorder<>();
    long t0 = System.nanoTime();
    node.async.listMessages(ListMessagesRequest.newBuilder().setAddress(bob.address()).setWaitMs(20_000).build(), poll);
    Await.until("the poll waiting at the node", WAIT, () -> node.api.inboxWaiters(bob.address()) == 1);
    assertFalse(poll.awaitEnd(Duration.ZERO), "nothing to answer yet");
    String h = node.send(alice, 1, bob.address(), "wake up");
    node.seal();
    ListMessagesReply r = poll.next(WAIT);
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 15_000, "answered by the seal, not by the timeout");
    assertEquals(1, r.getMessagesCount());
    assertEquals(h, r.getMessages(0).getTxHash());
    assertEquals("1.0", r.getNextCursor());
    assertEquals(Status.OK, poll.status(WAIT));
  }

  @Test
  void blocksRangeStreamsOneMessagePerBlockInOrderAndEndsAtTheHead() {
    for (int i = 1; i <= 3; i++) {
      node.send(alice, i, bob.address(), "0x");
      node.seal();
    }
    List<Block> all = new ArrayList<>();
    node.blocking.getBlocksRange(GetBlocksRangeRequest.newBuilder().setStart(0).setEnd(100).build()).forEachRemaining(all::add);
    assertEquals(List.of(0L, 1L, 2L, 3L), all.stream().map(b -> b.getHeader().getHeight()).toList());
    for (Block b : all) assertEquals(node.api.blockJson(b.getHeader().getHeight()).orElseThrow(), b.getJson());
    for (int i = 1; i < all.size(); i++) {
      assertEquals(all.get(i - 1).getHeader().getHash(), all.get(i).getHeader().getParentHash());
    }

    List<Block> headers = new ArrayList<>();
    node.blocking.getBlocksRange(GetBlocksRangeRequest.newBuilder().setStart(2).setEnd(2).setHeadersOnly(true).build())
        .forEachRemaining(headers::add);
    assertEquals(1, headers.size());
    assertEquals(1, headers.get(0).getHeader().getTxCount());
    assertTrue(headers.get(0).getJson().endsWith("\"transactions\":[]}"), headers.get(0).getJson());
    assertEquals(all.get(2).getHeader().getHash(), headers.get(0).getHeader().getHash());
    Await.until("the range streams to be released", WAIT, () -> node.server.openStreams() == 0);
  }
}
