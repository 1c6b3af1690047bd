package org.aitbc.chain.node.sim;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongSupplier;
import org.aitbc.chain.consensus.ChainEngine;
import org.aitbc.chain.consensus.PendingTransactions;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.mempool.Mempool;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.state.AccountView;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.core.tx.Transaction;

/**
 * One node of the {@link NetworkSimulation}: a real {@link ChainStore} (RocksDB in its own folder), a real
 * {@link Mempool} and a real {@link ChainEngine}. The simulation is the engine's single writer: it calls
 * {@code sealNow} and {@code importBlockNow} from its one thread and never starts the block timer.
 */
final class SimNode {
  final int id;
  final Path dir;
  final KeyPair authorityKey; // null on a follower
  ChainStore store;
  Mempool mempool;
  ChainEngine engine;
  boolean up;
  /** Highest head this node ever had (heights never go back, not even across a crash). */
  long maxHeight;
  /** Heights up to here were compared with the authority's chain since the store was last opened. */
  long checkedHeight;
  long restartAtStep = -1;

  SimNode(int id, Path dir, KeyPair authorityKey) {
    this.id = id;
    this.dir = dir;
    this.authorityKey = authorityKey;
  }

  String name() {
    return id == 0 ? "authority" : "f" + id;
  }

  /** Opens (or reopens) the store in {@link #dir}; the pool starts empty. */
  void start(Genesis genesis, LongSupplier clock, ForkJoinPool verifyPool) {
    store = ChainStore.open(dir, genesis);
    SignatureVerifier verifier = new SignatureVerifier(1 << 14);
    mempool = new Mempool(MempoolConfig.DEFAULTS, genesis.params(), verifier, clock);
    engine = new ChainEngine(store, verifier, org.aitbc.chain.consensus.PendingTransactions.of(mempool), authorityKey, clock,
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "sim-engine-" + id);
          t.setDaemon(true);
          return t;
        }), verifyPool);
    up = true;
    checkedHeight = 0;
  }

  /** A crash: the engine stops, the store is closed, the pending transactions are lost (never saved). */
  void crash() {
    engine.close();
    store.close();
    mempool = null;
    engine = null;
    store = null;
    up = false;
  }

  long height() {
    return store.head().height();
  }

}
