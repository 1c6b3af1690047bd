package org.aitbc.chain.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aitbc.chain.consensus.ChainEngine;
import org.aitbc.chain.consensus.ImportResult;
import org.aitbc.chain.core.agent.AgentTx;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.BlockCodec;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.mempool.Mempool;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.core.util.Hex;
import org.aitbc.chain.p2p.BlockRef;
import org.aitbc.chain.p2p.ChainView;
import org.aitbc.chain.p2p.ImportOutcome;
import org.aitbc.chain.rpc.ApiResponse;
import org.aitbc.chain.rpc.NodeApi;

/**
 * The chain as the P2P layer sees it, over the engine (imports), the store (reads) and the API facade
 * (transactions take the same path as HTTP submissions). Honest races (a nonce already used, a full
 * mempool) are REFUSED, never blamed; only what no honest peer sends is INVALID.
 */
final class P2pChainView implements ChainView {
  private static final java.util.Set<String> REF_FIELDS = java.util.Set.of("hash", "parent_hash", "height");
  private final ChainStore store;
  private final ChainEngine engine;
  private final Mempool mempool;
  private final NodeApi api;

  /** Blocks decoded ahead (by array identity), at most {@link #AHEAD_MAX}; filled by {@link #blockArrived}. */
  private final Map<byte[], CompletableFuture<BlockCodec.Decoded>> ahead = new LinkedHashMap<>();
  private static final int AHEAD_MAX = 8;
  private final ExecutorService decoder;
  private long decodedAhead;

  P2pChainView(ChainStore store, ChainEngine engine, Mempool mempool, NodeApi api) {
    this(store, engine, mempool, api, null);
  }

  /**
   * With a decoder thread: large blocks are decoded as they arrive, while the engine imports the block
   * before (the engine then checks everything, signatures in parallel, as for any block).
   */
  P2pChainView(ChainStore store, ChainEngine engine, Mempool mempool, NodeApi api, ExecutorService decoder) {
    this.store = store;
    this.engine = engine;
    this.mempool = mempool;
    this.api = api;
    this.decoder = decoder;
  }

  @Override
  public void blockArrived(byte[] blockJson) {
    if (decoder == null || blockJson.length < 64 * 1024) return; // small blocks decode in no time
    CompletableFuture<BlockCodec.Decoded> f;
    synchronized (ahead) {
      if (ahead.size() >= AHEAD_MAX) ahead.remove(ahead.keySet().iterator().next()); // never offered: forget it
      f = new CompletableFuture<>();
      ahead.put(blockJson, f);
    }
    try {
      decoder.execute(() -> {
        try {
          f.complete(decode(blockJson));
        } catch (RuntimeException e) {
          f.completeExceptionally(e); // offerBlock decodes again on its own thread and meets the same error
        }
      });
    } catch (RejectedExecutionException e) {
      f.complete(null);
    }
  }

  /** Imports that found their block already decoded (logic thread only). */
  long decodedAhead() {
    return decodedAhead;
  }

  /** Blocks decoded or being decoded ahead and not yet offered. */
  int aheadPending() {
    synchronized (ahead) {
      return ahead.size();
    }
  }

  /** The block decoded, or null when the bytes are not JSON. */
  private BlockCodec.Decoded decode(byte[] blockJson) {
    try {
      return BlockCodec.fromJson(JsonParser.parse(blockJson), store.genesis().chainId());
    } catch (JsonParseException e) {
      return null;
    }
  }

  @Override
  public long bestHeight() {
    return store.head().height();
  }

  @Override
  public Bytes bestHash() {
    return store.head().hash();
  }

  @Override
  public Bytes genesisHash() {
    return store.genesis().hash();
  }

  @Override
  public String chainId() {
    return store.genesis().chainId();
  }

  @Override
  public List<Bytes> locator() {
    List<Bytes> out = new ArrayList<>();
    long h = store.head().height();
    long step = 1;
    while (h > 0 && out.size() < 100) {
      store.hashAt(h).ifPresent(out::add);
      if (out.size() >= 10) step *= 2;
      h -= step;
    }
    out.add(store.genesis().hash());
    return out;
  }

  @Override
  public List<Bytes> hashesAfter(List<Bytes> locator, Bytes stop, int max) {
    long from = 0;
    for (Bytes b : locator) {
      Optional<Long> h = store.heightOf(b);
      if (h.isPresent() && store.hashAt(h.get()).map(b::equals).orElse(false)) {
        from = h.get();
        break;
      }
    }
    List<Bytes> out = new ArrayList<>();
    long top = store.head().height();
    for (long h = from + 1; h <= top && out.size() < max; h++) {
      Bytes hash = store.hashAt(h).orElseThrow();
      out.add(hash);
      if (hash.equals(stop)) break;
    }
    return out;
  }

  @Override
  public Optional<byte[]> blockJson(Bytes hash) {
    return store.heightOf(hash).flatMap(h -> h == 0 ? Optional.empty() : store.blockJson(h))
        .map(s -> s.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public Optional<byte[]> txJson(Bytes hash) {
    return mempool.get(hash).map(t -> t.compactJson().getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public boolean hasBlock(Bytes hash) {
    return store.heightOf(hash).isPresent();
  }

  /** The mempool's transactions in block-selection order (those sealed soonest first). */
  @Override
  public List<Bytes> pendingTxHashes(int max) {
    List<Bytes> out = new ArrayList<>();
    for (Transaction t : mempool.snapshot(max)) out.add(t.hash());
    return out;
  }

  @Override
  public boolean hasTx(Bytes hash) {
    return mempool.contains(hash) || store.containsTransaction(hash);
  }

  @Override
  public Optional<BlockRef> blockRef(byte[] blockJson) {
    try {
      // Only the header fields, which lead the block's JSON: the transactions are parsed once, on import.
      java.util.Map<String, JsonValue> o = JsonParser.leadingMembers(blockJson, REF_FIELDS);
      String hash = o.get("hash") instanceof JsonValue.JsonString s ? s.value() : "";
      String parent = o.get("parent_hash") instanceof JsonValue.JsonString s ? s.value() : "";
      if (!(o.get("height") instanceof JsonValue.JsonNumber n) || !Hex.isHash0x(hash) || !Hex.isHash0x(parent)) {
        return Optional.empty();
      }
      long height = n.longValueExact().orElse(-1L);
      if (height < 1) return Optional.empty();
      return Optional.of(new BlockRef(Bytes.from0x(hash.toLowerCase()), Bytes.from0x(parent.toLowerCase()), height));
    } catch (JsonParseException e) {
      return Optional.empty();
    }
  }

  private static String str(JsonObject o, String k) {
    return o.members().get(k) instanceof JsonValue.JsonString s ? s.value() : "";
  }

  @Override
  public ImportOutcome offerTx(byte[] txJson) {
    TxCodec.Parsed p = TxCodec.parse(txJson, store.genesis().params().maxPayloadBytes());
    if (!p.isOk()) return ImportOutcome.invalid(ImportOutcome.NO_HASH, p.refusal().reason() + " " + p.refusal().detail());
    Transaction tx = p.tx();
    if (hasTx(tx.hash())) return ImportOutcome.known(tx.hash());
    if (AgentTx.isAgentTx(tx)) {
      // The registry rules depend on the state: a peer a block ahead of us (or behind) may rightly hold
      // another view of the agent. Not now, but nobody's fault.
      var refusal = AgentTx.checkState(tx, store);
      if (refusal != null) return ImportOutcome.refused(tx.hash(), refusal.reason() + " " + refusal.detail());
    }
    ApiResponse r = api.submit(tx);
    if (r.status() == 200) return ImportOutcome.accepted(tx.hash());
    String code = r.json() instanceof JsonObject o ? str(o, "code") : "";
    String detail = code + " " + (r.json() instanceof JsonObject o2 ? str(o2, "detail") : "");
    // A code that is not a Reason cannot blame the peer (and must not throw on the P2P logic thread).
    return Reason.of(code).filter(Reason::blamesSender).isPresent()
        ? ImportOutcome.invalid(tx.hash(), detail) : ImportOutcome.refused(tx.hash(), detail);
  }

  @Override
  public ImportOutcome offerBlock(byte[] blockJson) {
    CompletableFuture<BlockCodec.Decoded> early;
    synchronized (ahead) {
      early = ahead.remove(blockJson);
    }
    if (early != null) decodedAhead++;
    BlockCodec.Decoded d;
    try {
      d = early != null ? early.join() : decode(blockJson);
    } catch (java.util.concurrent.CompletionException e) {
      d = decode(blockJson);
    }
    if (d == null) return ImportOutcome.invalid(ImportOutcome.NO_HASH, "block is not JSON");
    if (!d.isOk()) return ImportOutcome.invalid(ImportOutcome.NO_HASH, d.error());
    Block b = d.block();
    // Sync ordered this block by the header fields blockRef read first; a JSON text that repeats a key
    // could name another block there than the one it decodes to. No honest peer sends that.
    if (!blockRef(blockJson).map(r -> r.hash().equals(b.hash())).orElse(false)) {
      return ImportOutcome.invalid(b.hash(), "the block's JSON names its hash twice, differently");
    }
    if (hasBlock(b.hash())) return ImportOutcome.known(b.hash());
    if (b.height() > store.head().height() + 1 || !hasBlock(b.header().parentHash())) {
      return ImportOutcome.orphan(b.hash(), "parent " + b.header().parentHash() + " of block " + b.height() + " is unknown");
    }
    ImportResult r;
    try {
      r = engine.submitBlock(b).get(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ImportOutcome.refused(b.hash(), "interrupted");
    } catch (Exception e) {
      return ImportOutcome.refused(b.hash(), "import failed: " + e);
    }
    return switch (r.status()) {
      case IMPORTED -> ImportOutcome.imported(b.hash(), b.height());
      case KNOWN -> ImportOutcome.known(b.hash());
      case NOT_NEXT -> ImportOutcome.orphan(b.hash(), r.detail());
      case INVALID -> ImportOutcome.invalid(b.hash(), r.reason() + ": " + r.detail());
    };
  }
}
