package org.aitbc.chain.rpc.grpc;

import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.aitbc.chain.consensus.ChainEngine;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.mempool.Mempool;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.rpc.ApiResponse;
import org.aitbc.chain.rpc.NodeApi;
import org.aitbc.chain.rpc.NodeCore;
import org.aitbc.chain.rpc.grpc.proto.ChainGrpc;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.Txs;

/**
 * A real node core (RocksDB in a temp dir, mempool, engine with the test authority key, the facade) as
 * the HTTP route tests build it, with the gRPC server on 127.0.0.1:0 and a real HTTP/2 channel to it.
 */
final class GrpcHarness implements AutoCloseable {
  final ChainStore store;
  final Mempool mempool;
  final ChainEngine engine;
  final NodeCore core;
  final NodeApi api;
  final GrpcServer server;
  final ManagedChannel channel;
  final ChainGrpc.ChainBlockingStub blocking;
  final ChainGrpc.ChainStub async;

  GrpcHarness(Path dir, Genesis genesis, double submitsPerSecond, GrpcServer.Config config) throws Exception {
    core = NodeCore.builder(dir, genesis).authority(Chains.authority()).verifierSlots(1 << 16).verifyThreads(2)
        .submitRate(submitsPerSecond, submitsPerSecond).build();
    store = core.store;
    mempool = core.mempool;
    engine = core.engine;
    api = core.api;
    try {
      server = GrpcServer.start(config, api, engine, store);
    } catch (Exception e) {
      core.close();
      throw e;
    }
    channel = channel(server.port(), 0);
    blocking = ChainGrpc.newBlockingStub(channel);
    async = ChainGrpc.newStub(channel);
  }

  GrpcHarness(Path dir, Genesis genesis) throws Exception {
    this(dir, genesis, 0, GrpcServer.Config.of("127.0.0.1", 0));
  }

  /** A real HTTP/2 channel; {@code window > 0} fixes the flow-control window (no auto-tuning). */
  static ManagedChannel channel(int port, int window) {
    NettyChannelBuilder b = NettyChannelBuilder.forAddress("127.0.0.1", port, InsecureChannelCredentials.create())
        .maxInboundMessageSize(32 << 20);
    if (window > 0) b.flowControlWindow(window);
    return b.build();
  }


  /** Seals the pending transactions into one block now (as the block timer would). */
  Block seal() {
    return engine.onEngineThread(engine::sealNow).orElseThrow(() -> new AssertionError("nothing to seal"));
  }

  /** Puts a signed transfer into the pool through the facade (not through gRPC) and returns its hash. */
  String send(KeyPair from, long nonce, String to, String payload) {
    Txs.Builder b = Txs.transfer(from, Chains.CHAIN_ID).nonce(nonce).to(to).amount(1).payload(payload);
    ApiResponse r = api.submit(b.build());
    if (r.status() != 200) throw new AssertionError(r.body());
    return b.build().hashHex();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
    core.close();
  }
}
