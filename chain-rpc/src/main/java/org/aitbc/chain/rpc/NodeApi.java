package org.aitbc.chain.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.aitbc.chain.consensus.ChainEngine;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.BlockCodec;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.block.Timestamps;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.mempool.AddResult;
import org.aitbc.chain.core.mempool.DroppedTx;
import org.aitbc.chain.core.mempool.Mempool;
import org.aitbc.chain.core.metrics.Metrics;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.store.ChainStore;
import org.aitbc.chain.core.store.Cursor;
import org.aitbc.chain.core.store.TxLocation;
import org.aitbc.chain.core.agent.AgentRecord;
import org.aitbc.chain.core.agent.AgentTx;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Refusal;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.core.util.Hex;

/**
 * The one query and command facade of a node. The HTTP routes (and the gRPC service) are thin adapters
 * over it, so both transports give the same answers. Every method is safe to call from many threads.
 */
public final class NodeApi {
  public static final int MAX_RANGE_BLOCKS = 100;
  public static final int MAX_LIST = 1000;
  /** Most transactions one POST /rpc/transactions may carry. */
  public static final int MAX_BATCH = 1000;
  public static final long MAX_WAIT_MS = 30_000;

  private final ChainStore store;
  private final Genesis genesis;
  private final Mempool mempool;
  private final ChainEngine engine;
  private final Metrics metrics;
  private final NetworkStatus network;
  private final SubmitRateLimiter limiter;
  private final ScheduledExecutorService timer;
  private final List<Consumer<Transaction>> acceptedListeners = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, List<CompletableFuture<Void>>> inboxWaiters = new ConcurrentHashMap<>();
  private final BlockImport blockImport;

  public NodeApi(ChainStore store, Mempool mempool, ChainEngine engine, Metrics metrics, NetworkStatus network,
      SubmitRateLimiter limiter, ScheduledExecutorService timer) {
    this.store = store;
    this.genesis = store.genesis();
    this.mempool = mempool;
    this.engine = engine;
    this.metrics = metrics;
    this.network = network;
    this.limiter = limiter;
    this.timer = timer;
    this.blockImport = new BlockImport(engine, genesis.chainId());
    metrics.counter("aitbc_tx_accepted_total", "Transactions accepted into the mempool", null);
    metrics.counter("aitbc_tx_refused_total", "Transactions refused, by wire error code", "code");
    engine.addListener((block, here) -> wakeInboxes(block));
  }

  /** Called for every transaction newly accepted into the pool (P2P relay hooks in here). */
  public void onAccepted(Consumer<Transaction> listener) {
    acceptedListeners.add(listener);
  }

  public Genesis genesis() {
    return genesis;
  }

  // ---- commands ----

  /** POST /rpc/transaction. */
  public ApiResponse submitTransaction(byte[] body, String client) {
    int maxBody = 2 * genesis.params().maxPayloadBytes() + 4096;
    if (body.length > maxBody) {
      return refused(Reason.PAYLOAD_TOO_LARGE, "transaction body is " + body.length + " bytes; the limit is " + maxBody);
    }
    return admit(client, () -> TxCodec.parse(body, genesis.params().maxPayloadBytes()));
  }

  /** What every submitted transaction goes through, alone or in a batch: rate limit, shape check, submission. */
  private ApiResponse admit(String client, java.util.function.Supplier<TxCodec.Parsed> parse) {
    if (!limiter.tryAcquire(client)) {
      return refused(Reason.RATE_LIMITED, "too many submissions from " + client + "; slow down")
          .withHeader("Retry-After", "1");
    }
    TxCodec.Parsed p = parse.get();
    return p.isOk() ? submit(p.tx()) : refused(p.refusal().reason(), p.refusal().detail());
  }

  /**
   * POST /rpc/transactions: up to {@link #MAX_BATCH} transactions in one request (a JSON array), for
   * clients with many to send. Each gets the answer {@code /rpc/transaction} would give it, in order;
   * one refused transaction does not stop the others. The rate limit counts transactions, not requests.
   */
  public ApiResponse submitBatch(byte[] body, String client) {
    ApiResponse unwritable = refusedWhileUnwritable();
    if (unwritable != null) return unwritable;
    JsonValue v;
    try {
      v = JsonParser.parse(body);
    } catch (JsonParseException e) {
      return refused(Reason.INVALID_JSON, "body is not valid JSON: " + e.getMessage());
    }
    if (!(v instanceof JsonValue.JsonArray batch)) {
      return refused(Reason.INVALID_JSON, "a batch must be a JSON array of transactions");
    }
    int n = batch.elements().size();
    if (n < 1 || n > MAX_BATCH) {
      return refused(Reason.INVALID_FIELD, "a batch holds 1 to " + MAX_BATCH + " transactions, not " + n);
    }
    List<JsonValue> results = new ArrayList<>(n);
    long ok = 0;
    for (JsonValue tx : batch.elements()) {
      ApiResponse r = admit(client, () -> TxCodec.parse(tx, genesis.params().maxPayloadBytes()));
      if (r.status() == 200) ok++;
      results.add(r.json());
    }
    return ApiResponse.ok(Json.obj("success", true, "accepted", ok, "refused", n - ok, "results", Json.arr(results)));
  }

  /** Submits a parsed transaction (HTTP, gRPC and P2P share this path). */
  public ApiResponse submit(Transaction tx) {
    ApiResponse unwritable = refusedWhileUnwritable();
    if (unwritable != null) return unwritable;
    if (mayBeIncluded(tx) && store.containsTransaction(tx.hash())) {
      return ApiResponse.ok(accepted(tx, "already included"));
    }
    if (AgentTx.isAgentTx(tx)) {
      Refusal ar = AgentTx.checkState(tx, store);
      if (ar != null) return refused(ar.reason(), ar.detail());
    }
    AddResult r = mempool.add(tx, store);
    if (!r.isSuccess() && r.refusal().reason() == Reason.NONCE_TOO_LOW && store.containsTransaction(tx.hash())) {
      return ApiResponse.ok(accepted(tx, "already included")); // sealed between the check above and the pool's
    }
    if (!r.isSuccess()) {
      ApiResponse resp = refused(r.refusal().reason(), r.refusal().detail());
      return r.refusal().reason() == Reason.MEMPOOL_FULL ? resp.withHeader("Retry-After", "2") : resp;
    }
    if (r.status() == AddResult.Status.KNOWN) return ApiResponse.ok(accepted(tx, "already pending"));
    metrics.inc("aitbc_tx_accepted_total", null);
    for (Consumer<Transaction> l : acceptedListeners) l.accept(tx);
    return ApiResponse.ok(accepted(tx, r.status() == AddResult.Status.REPLACED ? "replaced a pending transaction" : "accepted"));
  }

  /**
   * False when {@code tx} cannot be in the chain: its nonce is above its sender's highest included nonce (an
   * included tx would have raised it that far), or its sender never sent. Spares the store lookup for nearly
   * every new ordered submission; an unordered one (nonce 0) of a sender that has sent is always looked up.
   */
  private boolean mayBeIncluded(Transaction tx) {
    Account sender = store.account(tx.from());
    return sender.hasNonce() && tx.nonce() <= sender.nonce();
  }

  /** STORAGE_UNAVAILABLE while the store cannot write (a full disk): nothing accepted now could be sealed. */
  private ApiResponse refusedWhileUnwritable() {
    var d = engine.writeHealth().degraded();
    if (d.isEmpty()) return null;
    return refused(Reason.STORAGE_UNAVAILABLE, "the node cannot write to its block store since "
        + Timestamps.format(d.get().sinceMs()) + " (" + d.get().detail() + "); it accepts transactions again once it can")
        .withHeader("Retry-After", "5");
  }

  private static JsonObject accepted(Transaction tx, String message) {
    return Json.obj("success", true, "transaction_hash", tx.hashHex(), "message", message);
  }

  private ApiResponse refused(Reason reason, String detail) {
    metrics.inc("aitbc_tx_refused_total", reason.name());
    return ApiResponse.error(reason.httpStatus(), reason.name(), detail);
  }

  /** POST /rpc/importBlock: full validation through the engine ({@link BlockImport}). */
  public ApiResponse importBlock(byte[] body) {
    return blockImport.importBlock(body);
  }

  // ---- reads ----

  public JsonObject health() {
    Block head = store.head();
    String proposer = engine.authorityAddress().orElse(genesis.authorities().get(0).address());
    var unwritable = engine.writeHealth().degraded();
    var clock = network.clockOffsetMs();
    JsonObject h = Json.obj("status", unwritable.isPresent() ? "degraded" : "ok", "chain_id", genesis.chainId(), "supported_chains", Json.arr(List.of(JsonValue.str(genesis.chainId()))),
        "proposer_id", proposer, "height", head.height(), "peers", (long) network.peerCount(),
        "syncing", network.syncing(), "sync_remaining", network.remaining(),
        "role", engine.isAuthority() ? "authority" : "follower", "genesis_hash", genesis.hash().hex0x(),
        "min_fee", genesis.params().minFee(), "block_time_ms", genesis.params().blockTimeMs(),
        "mempool_size", (long) mempool.size(), "clock_offset_ms", clock.isPresent() ? clock.getAsLong() : null,
        "clock_warning", network.clockWarning());
    if (unwritable.isEmpty()) return h;
    return extend(h, "degraded_reason", Reason.STORAGE_UNAVAILABLE.name(), "degraded_detail", unwritable.get().detail(),
        "degraded_since", Timestamps.format(unwritable.get().sinceMs()));
  }

  public JsonObject head() {
    Block h = store.head();
    return Json.obj("height", h.height(), "hash", h.hash().hex0x(), "parent_hash", h.header().parentHash().hex0x(),
        "timestamp", Timestamps.format(h.header().timestampMs()), "tx_count", (long) h.header().txCount(),
        "chain_id", genesis.chainId(), "state_root", h.header().stateRoot().hex0x());
  }

  /** A block as stored (JSON text with its transactions), without re-serializing it. */
  public Optional<String> blockJson(long height) {
    if (height == 0) return store.blockAt(0).map(b -> b.toJsonText(true));
    return store.blockJson(height);
  }

  /**
   * GET /rpc/blocks-range: blocks {@code start..end} (inclusive, up to the head), streamed block by block
   * ({@link BlockRangeBody}); every block of the range up to {@link #MAX_RANGE_BLOCKS}, however large, and
   * {@code next} only when the asked range was longer than that.
   */
  public ApiResponse blocksRange(long start, long end, boolean includeTx) {
    if (start < 0 || end < start) return ApiResponse.error(400, "INVALID_FIELD", "need 0 <= start <= end");
    long top = Math.min(end, store.head().height());
    long last = top - start < MAX_RANGE_BLOCKS ? top : start + MAX_RANGE_BLOCKS - 1; // top < start: no blocks
    long next = last < top ? last + 1 : -1;
    return ApiResponse.streamed(new BlockRangeBody(h -> rangeBlock(h, includeTx), start, last, next));
  }

  private String rangeBlock(long height, boolean includeTx) {
    Optional<String> text = includeTx ? blockJson(height) : store.blockAt(height).map(b -> b.toJsonText(false));
    return text.orElseThrow(() -> new IllegalStateException("block " + height + " is missing from the store"));
  }

  public ApiResponse transaction(String hash) {
    if (!Hex.isHash0x(hash) && !Hex.isLowerHex(hash, 64)) {
      return ApiResponse.error(400, "INVALID_FIELD", "a transaction hash is 0x and 64 hex characters");
    }
    Bytes h = Bytes.from0x(hash.toLowerCase(java.util.Locale.ROOT));
    Optional<TxLocation> loc = store.transaction(h);
    if (loc.isPresent()) return ApiResponse.ok(includedJson(loc.get()));
    Optional<Transaction> p = mempool.get(h);
    if (p.isPresent()) {
      JsonObject t = BlockCodec.txWithHash(p.get());
      return ApiResponse.ok(extend(t, "status", "pending"));
    }
    Optional<DroppedTx> d = mempool.dropped(h);
    if (d.isPresent()) return ApiResponse.ok(droppedJson(d.get()));
    return ApiResponse.notFound("no transaction " + hash + " (neither pending nor included)");
  }

  /** A transaction that left the mempool without being included: what is known of it and why it left. */
  private static JsonObject droppedJson(DroppedTx d) {
    return Json.obj("tx_hash", d.hash().hex0x(), "from", d.from(), "nonce", d.nonce(), "status", "dropped",
        "reason", d.code(), "detail", d.detail(), "dropped_at", Timestamps.format(d.atMillis()));
  }

  private static JsonObject includedJson(TxLocation l) {
    return extend(BlockCodec.txWithHash(l.tx()), "status", "included", "block_height", l.height(),
        "tx_index", (long) l.index(), "timestamp", Timestamps.format(l.timestampMs()));
  }

  private static JsonObject extend(JsonObject o, Object... kv) {
    Map<String, JsonValue> m = new java.util.LinkedHashMap<>(o.members());
    m.putAll(Json.obj(kv).members());
    return new JsonObject(m);
  }

  public ApiResponse transactionsOf(String address, String cursor, int limit) {
    ApiResponse bad = checkListArgs(address, cursor, limit);
    if (bad != null) return bad;
    Cursor c = Cursor.parse(cursor).orElseThrow();
    List<TxLocation> list = store.transactionsOf(address, c, limit);
    List<JsonValue> out = new ArrayList<>();
    // "hash" and "value": the names the AITBC CLI reads (wallet transactions), besides our own.
    for (TxLocation l : list) out.add(extend(includedJson(l), "hash", l.tx().hashHex(), "value", l.tx().amount()));
    String next = list.isEmpty() ? c.toString() : new Cursor(list.get(list.size() - 1).height(), list.get(list.size() - 1).index()).toString();
    return ApiResponse.ok(Json.obj("transactions", Json.arr(out), "next_cursor", next));
  }

  private static ApiResponse checkListArgs(String address, String cursor, int limit) {
    if (address == null || address.isEmpty()) return ApiResponse.error(400, "MISSING_FIELD", "address is required");
    if (!address.startsWith("ait1") || address.length() > 94) return ApiResponse.error(400, "INVALID_FIELD", "address must start with ait1");
    if (Cursor.parse(cursor).isEmpty()) return ApiResponse.error(400, "INVALID_CURSOR", "cursor '" + cursor + "' is not one this node issued");
    if (limit < 1 || limit > MAX_LIST) return ApiResponse.error(400, "INVALID_FIELD", "limit must be 1.." + MAX_LIST);
    return null;
  }

  /** GET /rpc/messages; completes at once, or when a message arrives, or after {@code waitMs}. */
  public CompletableFuture<ApiResponse> messages(String address, String cursor, int limit, long waitMs) {
    ApiResponse bad = checkListArgs(address, cursor, limit);
    if (bad != null) return CompletableFuture.completedFuture(bad);
    if (waitMs < 0 || waitMs > MAX_WAIT_MS) {
      return CompletableFuture.completedFuture(ApiResponse.error(400, "INVALID_FIELD", "wait_ms must be 0.." + MAX_WAIT_MS));
    }
    Cursor c = Cursor.parse(cursor).orElseThrow();
    CompletableFuture<Void> wake = new CompletableFuture<>();
    if (waitMs > 0) inboxWaiters.computeIfAbsent(address, k -> new CopyOnWriteArrayList<>()).add(wake);
    ApiResponse now = messagesNow(address, c, limit);
    if (waitMs == 0 || hasMessages(now)) {
      removeWaiter(address, wake);
      return CompletableFuture.completedFuture(now);
    }
    timer.schedule(() -> wake.complete(null), waitMs, TimeUnit.MILLISECONDS);
    return wake.thenApply(x -> {
      removeWaiter(address, wake);
      return messagesNow(address, c, limit);
    });
  }

  /** Long polls ({@code wait_ms}) now waiting for a message to {@code address}. */
  public int inboxWaiters(String address) {
    List<CompletableFuture<Void>> l = inboxWaiters.get(address);
    return l == null ? 0 : l.size();
  }

  private static boolean hasMessages(ApiResponse r) {
    return r.json() instanceof JsonObject o && o.members().get("messages") instanceof JsonValue.JsonArray a
        && !a.elements().isEmpty();
  }

  private void removeWaiter(String address, CompletableFuture<Void> f) {
    List<CompletableFuture<Void>> l = inboxWaiters.get(address);
    if (l != null) {
      l.remove(f);
      if (l.isEmpty()) inboxWaiters.remove(address, l);
    }
  }

  private void wakeInboxes(Block block) {
    if (inboxWaiters.isEmpty()) return;
    for (Transaction t : block.transactions()) {
      if (!t.isMessage()) continue;
      List<CompletableFuture<Void>> l = inboxWaiters.get(t.to());
      if (l != null) for (CompletableFuture<Void> f : l) f.complete(null);
    }
  }

  private ApiResponse messagesNow(String address, Cursor c, int limit) {
    List<ChainStore.InboxEntry> list = store.inbox(address, c, limit);
    List<JsonValue> out = new ArrayList<>();
    Cursor last = c;
    for (ChainStore.InboxEntry m : list) {
      last = new Cursor(m.height(), m.index());
      JsonValue payload;
      try {
        payload = JsonParser.parse(m.payloadJson());
      } catch (JsonParseException e) {
        throw new IllegalStateException("stored inbox payload is not JSON at " + last, e);
      }
      out.add(Json.obj("cursor", last.toString(), "tx_hash", m.txHash().hex0x(), "from", m.from(), "to", m.to(),
          "payload", payload, "block_height", m.height(), "tx_index", (long) m.index(),
          "timestamp", Timestamps.format(m.timestampMs())));
    }
    return ApiResponse.ok(Json.obj("messages", Json.arr(out), "next_cursor", last.toString()));
  }


  public JsonObject account(String address) {
    Account a = store.account(address);
    // 0 for an account that never sent, as AITBC answered (its CLI prints the number).
    return Json.obj("address", address, "balance", a.balance(), "nonce", a.hasNonce() ? a.nonce() : 0L,
        "exists", a.exists(), "public_key", a.publicKey() == null ? null : a.publicKey().hex());
  }

  public JsonObject mempool(int limit) {
    List<JsonValue> out = new ArrayList<>();
    for (Transaction t : mempool.snapshot(limit)) out.add(BlockCodec.txWithHash(t));
    return Json.obj("success", true, "transactions", Json.arr(out), "count", (long) out.size(),
        "total", (long) mempool.size(), "bytes", mempool.bytes());
  }

  /** GET /rpc/agents: active agents, optionally with a capability, paged by agent id. */
  public ApiResponse agents(String capability, String cursor, int limit) {
    if (limit < 1 || limit > MAX_LIST) return ApiResponse.error(400, "INVALID_FIELD", "limit must be 1.." + MAX_LIST);
    List<AgentRecord> list = store.agents(capability == null || capability.isEmpty() ? null : capability,
        cursor == null ? "" : cursor, limit);
    List<JsonValue> out = new ArrayList<>();
    for (AgentRecord a : list) out.add(a.toJson());
    String next = list.isEmpty() ? (cursor == null ? "" : cursor) : list.get(list.size() - 1).id();
    return ApiResponse.ok(Json.obj("success", true, "agents", Json.arr(out), "count", (long) out.size(), "next_cursor", next));
  }

  /** GET /rpc/agents/{id}: the record (also after deregistration, with "active": false). */
  public ApiResponse agent(String id) {
    return store.agent(id).map(a -> ApiResponse.ok(a.toJson()))
        .orElseGet(() -> ApiResponse.notFound("no agent " + id));
  }

  public List<JsonValue> peers() {
    return network.peers();
  }

  public ApiResponse bans() {
    List<JsonValue> bans = network.bans();
    return ApiResponse.ok(Json.obj("success", true, "bans", Json.arr(bans), "count", (long) bans.size()));
  }

  /**
   * Lifts bans: the body is {@code {"target": HOST or NODE_ID}} or {@code {"all": true}}. Only a client on this
   * machine may (the API has no credentials, so lifting from afar would undo the protection for anyone).
   */
  public ApiResponse liftBans(byte[] body, String client) {
    if (!isLoopback(client)) {
      return ApiResponse.error(403, "FORBIDDEN", "bans can be lifted only from this machine (127.0.0.1), not from " + client);
    }
    Optional<String> target;
    try {
      JsonValue v = org.aitbc.chain.core.json.JsonParser.parse(body);
      if (!(v instanceof JsonObject o)) throw new org.aitbc.chain.core.json.JsonParseException("not a JSON object");
      if (o.members().get("all") == JsonValue.JsonBool.TRUE) {
        target = Optional.empty();
      } else if (o.members().get("target") instanceof JsonValue.JsonString t && !t.value().isBlank()) {
        target = Optional.of(t.value());
      } else {
        return ApiResponse.error(400, "INVALID_FIELD", "give {\"target\": HOST or NODE_ID} or {\"all\": true}");
      }
    } catch (org.aitbc.chain.core.json.JsonParseException e) {
      return ApiResponse.error(400, "INVALID_JSON", "body is not JSON: " + e.getMessage());
    }
    List<JsonValue> lifted = network.liftBans(target);
    if (lifted.isEmpty() && target.isPresent()) {
      return ApiResponse.notFound("no ban or discouragement matches " + target.get());
    }
    return ApiResponse.ok(Json.obj("success", true, "lifted", Json.arr(lifted), "count", (long) lifted.size()));
  }

  private static boolean isLoopback(String client) {
    return client.startsWith("127.") || client.equals("0:0:0:0:0:0:0:1") || client.equals("::1");
  }

  public Metrics metrics() {
    return metrics;
  }
}
