package org.aitbc.chain.rpc.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.rpc.ApiResponse;
import org.aitbc.chain.rpc.NodeApi;
import org.aitbc.chain.rpc.grpc.proto.Message;

/**
 * SubscribeMessages: the inbox of one address after a cursor, read page by page through the same
 * facade call as ListMessages and GET /rpc/messages, so the stream shows exactly what paging would.
 * A bad address or cursor ends the stream on its first run with the facade's refusal.
 */
final class MessageStream extends StreamPump<Message> {
  private final NodeApi api;
  private final String address;
  private String cursor; // the last message sent (or the subscriber's start); touched only inside runs

  MessageStream(ServerCallStreamObserver<Message> out, ScheduledExecutorService executor, int batch, long stallMs,
      Consumer<StreamPump<?>> onFinish, NodeApi api, String address, String cursor) {
    super(out, executor, batch, stallMs, onFinish);
    this.api = api;
    this.address = address;
    this.cursor = cursor;
  }

  String address() {
    return address;
  }

  @Override
  protected boolean pump() {
    ApiResponse r = api.messages(address, cursor, batch, 0).join();
    if (r.status() != 200) {
      fail(Refusals.of(r));
      return false;
    }
    List<JsonValue> page = Protos.array((JsonObject) r.json(), "messages");
    for (JsonValue v : page) {
      if (!out.isReady()) return false; // the rest is read again from the store when the client catches up
      Message m = Protos.message((JsonObject) v);
      out.onNext(m);
      cursor = m.getCursor();
    }
    return page.size() == batch && out.isReady();
  }

  @Override
  protected String resumeHint() {
    return "cursor " + (cursor == null || cursor.isEmpty() ? "\"\"" : cursor);
  }
}
