package org.aitbc.chain.messaging;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aitbc.chain.consensus.ChainEngine;
import org.aitbc.chain.consensus.PendingTransactions;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.mempool.Mempool;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.metrics.Metrics;
import org.aitbc.chain.core.state.AccountView;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.rpc.HttpApiServer;
import org.aitbc.chain.rpc.HttpRoutes;
import org.aitbc.chain.rpc.NetworkStatus;
import org.aitbc.chain.rpc.NodeApi;
import org.aitbc.chain.rpc.SubmitRateLimiter;
import org.aitbc.chain.testing.Chains;

/**
 * A real node core in-process, built as chain-rpc's test harness builds it: RocksDB store in a folder,
 * mempool, the engine with the test authority sealing on its own timer every {@code blockTimeMs}, the
 * query facade and the HTTP API on 127.0.0.1 with a free port. Keys 1..{@code funded} are funded.
 */
public final class LiveNode implements AutoCloseable {
  public final ChainStore store;
  public final Mempool mempool;
  public final ChainEngine engine;
  public final HttpApiServer server;
  private final ScheduledExecutorService apiTimer = Executors.newSingleThreadScheduledExecutor();

  public LiveNode(Path dir, int funded, long blockTimeMs) throws Exception {
    Genesis genesis = Chains.genesis(funded, blockTimeMs, 1);
    store = ChainStore.open(dir, genesis);
    SignatureVerifier v = new SignatureVerifier(1 << 16);
    mempool = new Mempool(MempoolConfig.DEFAULTS, genesis.params(), v, System::currentTimeMillis);
    engine = new ChainEngine(store, v, org.aitbc.chain.consensus.PendingTransactions.of(mempool), Chains.authority(), System::currentTimeMillis,
        Executors.newSingleThreadScheduledExecutor(), ForkJoinPool.commonPool());
    NodeApi api = new NodeApi(store, mempool, engine, new Metrics(), NetworkStatus.NONE,
        new SubmitRateLimiter(0, 0, System::nanoTime), apiTimer);
    server = new HttpApiServer(new HttpApiServer.Config("127.0.0.1", 0, 1 << 20, 4, 60), new HttpRoutes(api));
    engine.startSealing();
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  public MessagingClient client() {
    return MessagingClient.create(URI.create(url()), Duration.ofSeconds(10));
  }

  public long height() {
    return store.head().height();
  }


  /**
   * Stops in an order that keeps the store open while anything may still read it: the HTTP server, then
   * the long-poll timer (a pending {@code wait_ms} would otherwise wake up later and read the closed
   * RocksDB: the JVM dies with SIGSEGV), then the engine, then the store.
   */
  @Override
  public void close() {
    server.close();
    apiTimer.shutdownNow();
    try {
      apiTimer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    engine.close();
    store.close();
  }
}
