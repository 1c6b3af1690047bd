package org.aitbc.chain.rpc.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.rpc.ApiResponse;
import org.aitbc.chain.rpc.NodeApi;
import org.aitbc.chain.rpc.grpc.proto.Account;
import org.aitbc.chain.rpc.grpc.proto.Block;
import org.aitbc.chain.rpc.grpc.proto.ChainGrpc;
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
import org.aitbc.chain.rpc.grpc.proto.SubscribeBlocksRequest;
import org.aitbc.chain.rpc.grpc.proto.SubscribeMessagesRequest;
import org.aitbc.chain.rpc.grpc.proto.TransactionInfo;

/**
 * The {@code aitbc.v1.Chain} service: each method checks the request's shape, calls the one query
 * facade ({@link NodeApi}) and maps its answer; blocks come from the store as the HTTP block routes
 * read them. Streams are {@link StreamPump}s driven by the {@link StreamHub}.
 */
final class ChainService extends ChainGrpc.ChainImplBase {
  static final int DEFAULT_LIMIT = 100;

  private final NodeApi api;
  private final ChainStore store;
  private final StreamHub hub;
  private final ScheduledExecutorService streams;
  private final GrpcServer.Config config;

  ChainService(NodeApi api, ChainStore store, StreamHub hub, ScheduledExecutorService streams, GrpcServer.Config config) {
    this.api = api;
    this.store = store;
    this.hub = hub;
    this.streams = streams;
    this.config = config;
  }

  @Override
  public void submitTransaction(SubmitTransactionRequest req, StreamObserver<SubmitTransactionReply> out) {
    ApiResponse r = api.submitTransaction(req.getTransactionJson().getBytes(StandardCharsets.UTF_8), ClientAddress.current());
    JsonObject o = r.json() instanceof JsonObject j ? j : new JsonObject(java.util.Map.of());
    if (r.status() == 200) {
      out.onNext(SubmitTransactionReply.newBuilder().setSuccess(true).setTransactionHash(Protos.str(o, "transaction_hash"))
          .setMessage(Protos.str(o, "message")).build());
      out.onCompleted();
      return;
    }
    String code = Protos.str(o, "code");
    Status.Code status = Refusals.statusFor(r.status(), code).getCode();
    if (status == Status.Code.RESOURCE_EXHAUSTED || status == Status.Code.UNAVAILABLE) {
      out.onError(Refusals.of(r)); // not a verdict on the transaction (a full pool, a full disk): try again later
      return;
    }
    out.onNext(SubmitTransactionReply.newBuilder().setSuccess(false).setCode(code).setDetail(Protos.str(o, "detail")).build());
    out.onCompleted();
  }

  @Override
  public void getHead(GetHeadRequest req, StreamObserver<Head> out) {
    out.onNext(Protos.head(api.head()));
    out.onCompleted();
  }

  @Override
  public void getBlock(GetBlockRequest req, StreamObserver<Block> out) {
    long h = req.getHeight();
    Optional<org.aitbc.chain.core.block.Block> b = h < 0 ? Optional.empty() : store.blockAt(h);
    if (b.isEmpty()) {
      out.onError(Refusals.of(Status.NOT_FOUND, "NOT_FOUND", "no block at height " + Long.toUnsignedString(h)));
      return;
    }
    out.onNext(Protos.block(b.get(), false));
    out.onCompleted();
  }

  @Override
  public void getBlocksRange(GetBlocksRangeRequest req, StreamObserver<Block> out) {
    long start = req.getStart();
    long end = req.getEnd();
    if (start < 0 || end < 0 || end < start) {
      out.onError(Refusals.invalid("INVALID_FIELD", "need start <= end (both below 2^63); got start "
          + Long.toUnsignedString(start) + ", end " + Long.toUnsignedString(end)));
      return;
    }
    StreamPump<Block> s = reserved(out, o -> BlockStream.range(o, streams, config.blockBatch(), config.stallTimeoutMs(),
        hub::finished, store, start, end, req.getHeadersOnly()));
    if (s != null) hub.startRange((BlockStream) s);
  }

  @Override
  public void getAccount(GetAccountRequest req, StreamObserver<Account> out) {
    String a = req.getAddress();
    if (a.isEmpty()) {
      out.onError(Refusals.invalid("MISSING_FIELD", "address is required"));
    } else if (!a.startsWith("ait1") || a.length() > 94) {
      out.onError(Refusals.invalid("INVALID_FIELD", "address must start with ait1"));
    } else {
      out.onNext(Protos.account(api.account(a)));
      out.onCompleted();
    }
  }

  @Override
  public void getTransaction(GetTransactionRequest req, StreamObserver<TransactionInfo> out) {
    ApiResponse r = api.transaction(req.getHash());
    if (r.status() != 200) {
      out.onError(Refusals.of(r));
      return;
    }
    out.onNext(Protos.transactionInfo((JsonObject) r.json()));
    out.onCompleted();
  }

  @Override
  public void listTransactions(ListTransactionsRequest req, StreamObserver<ListTransactionsReply> out) {
    ApiResponse r = api.transactionsOf(req.getAddress(), req.getCursor(), limit(req.getLimit()));
    if (r.status() != 200) {
      out.onError(Refusals.of(r));
      return;
    }
    JsonObject o = (JsonObject) r.json();
    ListTransactionsReply.Builder b = ListTransactionsReply.newBuilder().setNextCursor(Protos.str(o, "next_cursor"));
    for (JsonValue v : Protos.array(o, "transactions")) b.addTransactions(Protos.transactionInfo((JsonObject) v));
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void listMessages(ListMessagesRequest req, StreamObserver<ListMessagesReply> out) {
    ServerCallStreamObserver<ListMessagesReply> call = (ServerCallStreamObserver<ListMessagesReply>) out;
    call.setOnCancelHandler(() -> {}); // a long poll may answer after the client left; that is fine
    api.messages(req.getAddress(), req.getCursor(), limit(req.getLimit()), Integer.toUnsignedLong(req.getWaitMs()))
        .whenComplete((r, e) -> {
          if (e != null) {
            out.onError(Refusals.of(Status.INTERNAL, "INTERNAL", "listing messages failed: " + e));
          } else if (r.status() != 200) {
            out.onError(Refusals.of(r));
          } else {
            JsonObject o = (JsonObject) r.json();
            ListMessagesReply.Builder b = ListMessagesReply.newBuilder().setNextCursor(Protos.str(o, "next_cursor"));
            for (JsonValue v : Protos.array(o, "messages")) b.addMessages(Protos.message((JsonObject) v));
            out.onNext(b.build());
            out.onCompleted();
          }
        });
  }

  @Override
  public void subscribeMessages(SubscribeMessagesRequest req, StreamObserver<Message> out) {
    StreamPump<Message> s = reserved(out, o -> new MessageStream(o, streams, config.messageBatch(),
        config.stallTimeoutMs(), hub::finished, api, req.getAddress(), req.getCursor()));
    if (s != null) hub.subscribeMessages((MessageStream) s);
  }

  @Override
  public void subscribeBlocks(SubscribeBlocksRequest req, StreamObserver<Block> out) {
    long from = req.getFromHeight();
    if (from < 0) {
      out.onError(Refusals.invalid("INVALID_FIELD", "from_height must be below 2^63"));
      return;
    }
    StreamPump<Block> s = reserved(out, o -> BlockStream.subscription(o, streams, config.blockBatch(),
        config.stallTimeoutMs(), hub::finished, store, from, req.getHeadersOnly()));
    if (s != null) hub.subscribeBlocks((BlockStream) s);
  }

  private interface PumpFactory<T> {
    StreamPump<T> create(ServerCallStreamObserver<T> out);
  }

  /** Takes a stream slot and builds the pump, or ends the call with the hub's refusal and returns null. */
  private <T> StreamPump<T> reserved(StreamObserver<T> out, PumpFactory<T> factory) {
    try {
      hub.reserve();
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return null;
    }
    return factory.create((ServerCallStreamObserver<T>) out);
  }

  private static int limit(int requested) {
    return requested == 0 ? DEFAULT_LIMIT : requested < 0 ? Integer.MAX_VALUE : requested;
  }
}
