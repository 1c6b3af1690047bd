package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slow-loris deadlines on the loop's own clock: an {@link EmbeddedChannel} whose time is frozen and advanced by
 * the test. Before the fix a header sent one byte a second was never timed out (each byte reset the idle timer).
 */
class RequestDeadlineTest {
  static final long HEADER_MS = 20_000;
  final List<Object> events = new ArrayList<>();
  final List<FullHttpRequest> requests = new ArrayList<>();

  EmbeddedChannel channel() {
    RequestDeadline d = new RequestDeadline(HEADER_MS, 1 << 20);
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    ch.pipeline().addLast(d.bytes(), new HttpServerCodec(), d.messages(), new HttpObjectAggregator(1 << 20),
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            requests.add((FullHttpRequest) msg);
          }

          @Override
          public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
          }
        });
    return ch;
  }

  void send(EmbeddedChannel ch, String text) {
    ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
  }

  String refusal() {
    assertEquals(1, events.size(), events::toString);
    ApiResponse a = ((HttpApiHandler.Refusal) events.get(0)).answer();
    assertEquals(408, a.status());
    return a.body();
  }

  @Test
  void aHeaderSentOneByteASecondIsTimedOutTwentySecondsAfterItsFirstByte() {
    EmbeddedChannel ch = channel();
    String head = "GET /health HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < head.length() && i < 19; i++) {
      send(ch, head.substring(i, i + 1));
      ch.advanceTimeBy(1, TimeUnit.SECONDS);
      ch.runScheduledPendingTasks();
    }
    assertTrue(events.isEmpty(), "19 s after the first byte: still in time");
    send(ch, head.substring(19, 20));
    ch.advanceTimeBy(1, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(refusal().contains("\"code\":\"REQUEST_TIMEOUT\""));
    assertTrue(requests.isEmpty());
  }

  @Test
  void requestsThatArriveInTimeAreNotTouchedAndAnIdleGapBetweenThemCostsNothing() {
    EmbeddedChannel ch = channel();
    send(ch, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    ch.advanceTimeBy(10 * HEADER_MS, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    send(ch, "POST /rpc/transaction HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
    ch.advanceTimeBy(10 * HEADER_MS, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertEquals(2, requests.size());
    assertTrue(events.isEmpty(), events::toString);
    requests.forEach(FullHttpRequest::release);
  }

  @Test
  void aBodyTricklingBelowTheMinimumRateIsTimedOutAndBytesAfterTheDeadlineAreDropped() {
    EmbeddedChannel ch = channel();
    int length = 640 << 10; // 20 s allowance + 10 s at 64 KiB/s
    send(ch, "POST /rpc/transaction HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n");
    ch.advanceTimeBy(HEADER_MS + 9_999, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(events.isEmpty());
    ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(refusal().contains("body did not arrive within 30000 ms"));
    send(ch, "x".repeat(100));
    assertNull(ch.readInbound(), "nothing passes after the deadline");
    assertTrue(requests.isEmpty());
  }
}
