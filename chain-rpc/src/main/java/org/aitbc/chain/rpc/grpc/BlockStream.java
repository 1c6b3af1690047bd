package org.aitbc.chain.rpc.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.store.ChainStore;

/**
 * Blocks by height from a start on, one message per block: GetBlocksRange (ends at {@code end} or at
 * the head, whichever comes first) and SubscribeBlocks (no end: waits at the head for the next block).
 */
final class BlockStream extends StreamPump<org.aitbc.chain.rpc.grpc.proto.Block> {
  private final ChainStore store;
  private final long end; // inclusive
  private final boolean endAtHead;
  private final boolean headersOnly;
  private long next; // touched only inside runs

  BlockStream(ServerCallStreamObserver<org.aitbc.chain.rpc.grpc.proto.Block> out, ScheduledExecutorService executor,
      int batch, long stallMs, Consumer<StreamPump<?>> onFinish, ChainStore store, long start, long end, boolean endAtHead,
      boolean headersOnly) {
    super(out, executor, batch, stallMs, onFinish);
    this.store = store;
    this.next = start;
    this.end = end;
    this.endAtHead = endAtHead;
    this.headersOnly = headersOnly;
  }

  static BlockStream range(ServerCallStreamObserver<org.aitbc.chain.rpc.grpc.proto.Block> out,
      ScheduledExecutorService executor, int batch, long stallMs, Consumer<StreamPump<?>> onFinish, ChainStore store, long start,
      long end, boolean headersOnly) {
    return new BlockStream(out, executor, batch, stallMs, onFinish, store, start, end, true, headersOnly);
  }

  static BlockStream subscription(ServerCallStreamObserver<org.aitbc.chain.rpc.grpc.proto.Block> out,
      ScheduledExecutorService executor, int batch, long stallMs, Consumer<StreamPump<?>> onFinish, ChainStore store, long from,
      boolean headersOnly) {
    return new BlockStream(out, executor, batch, stallMs, onFinish, store, from, Long.MAX_VALUE, false, headersOnly);
  }

  @Override
  protected boolean pump() {
    for (int sent = 0; sent < batch; sent++) {
      long head = store.head().height();
      if (next > end || (endAtHead && next > head)) {
        complete();
        return false;
      }
      if (next > head || !out.isReady()) return false;
      long h = next;
      Block b = store.blockAt(h).orElseThrow(() -> new IllegalStateException("block " + h + " is missing below the head"));
      out.onNext(Protos.block(b, headersOnly));
      next = h + 1;
    }
    return out.isReady();
  }

  @Override
  protected String resumeHint() {
    return "height " + next;
  }
}
