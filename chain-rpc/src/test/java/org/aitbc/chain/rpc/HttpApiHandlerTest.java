package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HttpApiHandler} in an {@link EmbeddedChannel} with the server's codec, over a real node's routes.
 * The worker group is the event loop of a second embedded channel, so a worker route runs only when the
 * test runs that loop's tasks ({@link #runWorkers}): what is answered inline, what waits, and in which
 * order, is deterministic.
 */
class HttpApiHandlerTest {
  @TempDir Path dir;
  KeyPair alice = TestKeys.key(1);
  KeyPair bob = TestKeys.key(2);
  RpcHarness node;
  EmbeddedChannel ch;
  /** Only its event loop is used: the handler's worker group, run by hand. */
  final EmbeddedChannel workers = new EmbeddedChannel();
  int flushes;

  @BeforeEach
  void start() throws Exception {
    node = new RpcHarness(dir.resolve("chain"), Chains.genesis(3, 1000, 5), Chains.authority(), MempoolConfig.DEFAULTS, 0);
    ch = new EmbeddedChannel();
    ch.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
      @Override
      public void flush(ChannelHandlerContext ctx) {
        flushes++;
        ctx.flush();
      }
    }, HttpApiServer.codec(), new HttpObjectAggregator(1 << 20), new HttpApiHandler(new HttpRoutes(node.api), workers.eventLoop()));
  }

  @AfterEach
  void stop() {
    ch.finishAndReleaseAll();
    workers.finishAndReleaseAll();
    node.close();
  }

  String tx(long nonce) {
    return RawHttp.post("/rpc/transaction", Txs.transfer(alice, Chains.CHAIN_ID).fee(5).to(bob.address()).nonce(nonce).jsonText());
  }

  void send(String wire) {
    ch.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.US_ASCII));
  }

  /**
   * Runs what waits on the worker group, then the writes it handed back to the channel's I/O loop, until a
   * round writes nothing more (each answer, once written, lets the next request's route start).
   */
  void runWorkers() {
    int before;
    do {
      before = ch.outboundMessages().size();
      workers.runPendingTasks();
      ch.runPendingTasks();
    } while (ch.outboundMessages().size() > before);
  }

  /** The statuses only, for a failure message. */
  static String statuses(List<String> answers) {
    return answers.stream().map(a -> a.substring(0, 3)).toList().toString();
  }

  /** The status and body of every answer written so far, in order. */
  List<String> answers() {
    StringBuilder out = new StringBuilder();
    for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
      out.append(b.toString(StandardCharsets.UTF_8));
      b.release();
    }
    List<String> got = new ArrayList<>();
    Matcher m = Pattern.compile("HTTP/1\\.1 (\\d{3}) [^\\r]*\\r\\n(?:[^\\r]+\\r\\n)*\\r\\n").matcher(out);
    int[] starts = m.results().mapToInt(r -> r.start()).toArray();
    m.reset();
    for (int i = 0; m.find(); i++) {
      int end = i + 1 < starts.length ? starts[i + 1] : out.length();
      got.add(m.group(1) + " " + out.substring(m.end(), end));
    }
    return got;
  }

  @Test
  void aSubmissionWithNothingBeforeItIsAnsweredOnTheIoThreadAtOnce() {
    send(tx(1));
    List<String> a = answers(); // no pending task was run
    assertEquals(1, a.size(), statuses(a));
    assertTrue(a.get(0).startsWith("200 ") && a.get(0).contains("transaction_hash"), a.get(0));
  }

  @Test
  void aReadRouteIsAnsweredByAWorkerNotInline() {
    send(RawHttp.get("/rpc/head"));
    assertEquals(0, answers().size(), "nothing before the worker ran");
    runWorkers();
    List<String> a = answers();
    assertEquals(1, a.size(), statuses(a));
    assertTrue(a.get(0).startsWith("200 ") && a.get(0).contains("\"height\""), a.get(0));
  }

  @Test
  void aSubmissionPipelinedBehindAWorkerRouteWaitsAndAnswersComeBackInRequestOrder() {
    send(RawHttp.get("/rpc/head") + tx(1) + RawHttp.get("/rpc/accounts/" + bob.address()) + tx(2));
    assertEquals(0, answers().size(), "the submission waits for the read before it");
    runWorkers();
    List<String> a = answers();
    assertEquals(4, a.size(), statuses(a));
    assertTrue(a.get(0).contains("\"height\""), a.get(0));
    assertTrue(a.get(1).contains(Txs.transfer(alice, Chains.CHAIN_ID).fee(5).to(bob.address()).nonce(1).build().hashHex()), a.get(1));
    assertTrue(a.get(2).contains("\"balance\""), a.get(2));
    assertTrue(a.get(3).contains(Txs.transfer(alice, Chains.CHAIN_ID).fee(5).to(bob.address()).nonce(2).build().hashHex()), a.get(3));
    assertEquals(2, node.mempool.size());
  }

  @Test
  void inlineAnswersOfOneReadLeaveInOneFlush() {
    send(tx(1) + tx(2) + tx(3));
    assertEquals(1, flushes, "one flush for the three answers of one read");
    assertEquals(3, answers().size());
    send(tx(4));
    assertEquals(2, flushes);
  }

  @Test
  void theRequestPastTheInFlightLimitIs429AfterTheOthersAndTheChannelCloses() {
    send(RawHttp.get("/rpc/head").repeat(HttpApiHandler.MAX_IN_FLIGHT + 5));
    assertEquals(0, answers().size());
    runWorkers();
    List<String> a = answers();
    assertEquals(HttpApiHandler.MAX_IN_FLIGHT + 1, a.size(), () -> "the waiting ones, then the refusal; nothing after it: " + statuses(a));
    for (int i = 0; i < HttpApiHandler.MAX_IN_FLIGHT; i++) assertTrue(a.get(i).startsWith("200 "), a.get(i));
    assertTrue(a.get(HttpApiHandler.MAX_IN_FLIGHT).startsWith("429 ") && a.get(HttpApiHandler.MAX_IN_FLIGHT).contains("TOO_MANY_PIPELINED"),
        a.get(HttpApiHandler.MAX_IN_FLIGHT));
    runWorkers();
    assertFalse(ch.isOpen(), "closed after the refusal");
  }
}
