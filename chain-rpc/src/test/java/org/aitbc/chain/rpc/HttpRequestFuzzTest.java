package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of HTTP request lines and query strings: the bytes go through the server's HTTP
 * codec, the conversion {@link HttpApiHandler} makes, and the routes of a real node.
 */
class HttpRequestFuzzTest {
  static final FuzzNode NODE = new FuzzNode();
  static final HttpRoutes ROUTES = new HttpRoutes(NODE.node.api);

  /**
   * Every request the codec reads is refused as a bad URL (IllegalArgumentException, answered 400) or routed;
   * a route answers at once with JSON that is not a 500 (or metrics text); only a long poll may answer later.
   */
  @FuzzTest
  void requestLineAndQuery(byte[] bytes) {
    EmbeddedChannel ch = new EmbeddedChannel(HttpApiServer.codec(), new HttpObjectAggregator(1 << 16));
    ch.writeInbound(Unpooled.wrappedBuffer(bytes));
    for (FullHttpRequest req = ch.readInbound(); req != null; req = ch.readInbound()) {
      try {
        if (req.decoderResult().isSuccess()) route(req);
      } finally {
        req.release();
      }
    }
    // Not finish(): a request cut off by the end of the input is the client closing mid-request, which the
    // aggregator reports as PrematureChannelClosureException; that is the codec's answer, not a finding.
    ch.close();
    ch.releaseInbound();
    ch.releaseOutbound();
  }

  private static void route(FullHttpRequest req) {
    HttpRoutes.Request r;
    try {
      r = HttpApiHandler.request(req, "127.0.0.1");
    } catch (IllegalArgumentException e) {
      return;
    }
    CompletableFuture<ApiResponse> answer = ROUTES.handle(r);
    if (!answer.isDone()) {
      assertTrue(r.path().startsWith("/rpc/messages") && !r.query().getOrDefault("wait_ms", List.of("0")).get(0).equals("0"),
          () -> "only a long poll answers later: " + r.method() + " " + req.uri());
      return;
    }
    ApiResponse resp = answer.join();
    if (resp.stream() != null || ApiResponse.PROMETHEUS.equals(resp.contentType())) return;
    if (resp.status() == 200 && resp.json() == null) FuzzNode.parse(resp.body()); // stored block text
    else FuzzNode.assertAnswered(resp);
  }

  @AfterAll
  static void stop() {
    NODE.close();
  }
}
