package org.aitbc.chain.messaging;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.aitbc.chain.consensus.ChainEngine;
import org.aitbc.chain.core.mempool.Mempool;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.rpc.HttpApiServer;
import org.aitbc.chain.rpc.HttpRoutes;
import org.aitbc.chain.rpc.NodeCore;
import org.aitbc.chain.testing.Chains;

/**
 * A real node core in-process, built as chain-rpc's test harness builds it: RocksDB store in a folder,
 * mempool, the engine with the test authority sealing on its own timer every {@code blockTimeMs}, the
 * query facade and the HTTP API on 127.0.0.1 with a free port. Keys 1..{@code funded} are funded.
 */
public final class LiveNode implements AutoCloseable {
  public final NodeCore core;
  public final ChainStore store;
  public final Mempool mempool;
  public final ChainEngine engine;
  public final HttpApiServer server;

  public LiveNode(Path dir, int funded, long blockTimeMs) throws Exception {
    core = NodeCore.builder(dir, Chains.genesis(funded, blockTimeMs, 1)).authority(Chains.authority())
        .verifierSlots(1 << 16).verifyThreads(2).build();
    store = core.store;
    mempool = core.mempool;
    engine = core.engine;
    try {
      server = new HttpApiServer(new HttpApiServer.Config("127.0.0.1", 0, 1 << 20, 4, 60), new HttpRoutes(core.api));
    } catch (Exception e) {
      core.close();
      throw e;
    }
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


  /** The HTTP server, then the core (which stops in an order that keeps the store open while it may be read). */
  @Override
  public void close() {
    server.close();
    core.close();
  }
}
