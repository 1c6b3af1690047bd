package org.aitbc.chain.wallet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.aitbc.chain.core.block.Timestamps;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.crypto.SignatureVerifier;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.state.Account;
import org.aitbc.chain.core.tx.ChainParams;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Refusal;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;
import org.aitbc.chain.core.tx.TxRules;
import org.aitbc.chain.core.util.Bytes;

/**
 * A stand-in for the node's HTTP API in this module's tests: a real HTTP server on 127.0.0.1:0 that
 * answers the routes of wire contract §2 in the contract's shapes and checks submitted transactions with
 * chain-core's real {@link TxCodec} and {@link TxRules}. It seals pending transactions into a block when
 * told to ({@link #seal()}) or after a set number of status polls ({@link #sealAfterPolls}). The real
 * node's end-to-end tests live with the node.
 */
public final class StandInNode implements AutoCloseable {
  public final ChainParams params;
  /** Every request body received, for secret checks. */
  public final List<String> bodies = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final Map<String, Account> accounts = new HashMap<>();
  private final List<Transaction> pending = new ArrayList<>();
  private final List<JsonObject> blocks = new ArrayList<>();
  private final Map<String, long[]> included = new HashMap<>(); // hash -> {height, index}
  private final List<Transaction> history = new ArrayList<>();
  private final SignatureVerifier verifier = new SignatureVerifier(1024);
  public final List<String> requests = new CopyOnWriteArrayList<>();
  public final AtomicInteger statusPolls = new AtomicInteger();
  public volatile int sealAfterPolls = Integer.MAX_VALUE;
  public volatile int maxRange = 1000;
  private final boolean minFeeInHealth;

  public StandInNode(String chainId, long minFee, Map<String, Long> genesis) throws IOException {
    this(chainId, minFee, genesis, true);
  }

  public StandInNode(String chainId, long minFee, Map<String, Long> genesis, boolean minFeeInHealth) throws IOException {
    this.params = new ChainParams(chainId, 1000, minFee, TxCodec.DEFAULT_MAX_PAYLOAD_BYTES, 10_000, 8 << 20);
    this.minFeeInHealth = minFeeInHealth;
    genesis.forEach((a, b) -> accounts.put(a, new Account(b, Account.NO_NONCE, null)));
    blocks.add(block(0, List.of()));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  public synchronized long height() {
    return blocks.size() - 1;
  }

  public synchronized Account account(String address) {
    return accounts.getOrDefault(address, Account.EMPTY);
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  /** Seals every pending transaction into a new block. */
  public synchronized void seal() {
    long h = blocks.size();
    List<Transaction> txs = new ArrayList<>(pending);
    pending.clear();
    for (int i = 0; i < txs.size(); i++) {
      Transaction tx = txs.get(i);
      Account s = account(tx.from());
      accounts.put(tx.from(), new Account(s.balance() - tx.cost(), tx.nonce(), tx.publicKey().orElse(s.publicKey())));
      Account r = account(tx.to());
      accounts.put(tx.to(), new Account(r.balance() + tx.amount(), r.nonce(), r.publicKey()));
      included.put(tx.hashHex(), new long[] {h, i});
      history.add(tx);
    }
    blocks.add(block(h, txs));
  }

  private JsonObject block(long h, List<Transaction> txs) {
    String parent = h == 0 ? "0x" + "00".repeat(32) : str(blocks.get((int) h - 1), "hash");
    List<JsonValue> txJson = new ArrayList<>();
    for (Transaction t : txs) txJson.add(withHash(t));
    String hash = Bytes.wrap(Hashes.sha256((parent + h).getBytes(StandardCharsets.UTF_8))).hex0x();
    return Json.obj("height", h, "hash", hash, "parent_hash", parent, "proposer", "ait1" + "0".repeat(40),
        "timestamp", Timestamps.format(1_700_000_000_000L + h * 1000), "tx_count", txs.size(),
        "tx_root", "0x" + "11".repeat(32), "state_root", "0x" + "22".repeat(32), "signature", "ab".repeat(64),
        "transactions", Json.arr(txJson));
  }

  private static JsonObject withHash(Transaction t) {
    Map<String, JsonValue> m = new LinkedHashMap<>(t.toJson().members());
    m.put("tx_hash", JsonValue.str(t.hashHex()));
    return new JsonObject(m);
  }

  private static String str(JsonObject o, String k) {
    return ((JsonValue.JsonString) o.get(k).get()).value();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      Answer a;
      synchronized (this) {
        byte[] body = ex.getRequestBody().readAllBytes();
        bodies.add(new String(body, StandardCharsets.UTF_8));
        a = route(ex.getRequestMethod(), path, q, body);
      }
      byte[] out = PyJson.compactUnsorted(a.body).getBytes(StandardCharsets.US_ASCII);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(a.status, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
  }

  private record Answer(int status, JsonObject body) {}

  private static Answer notFound(String what) {
    return new Answer(404, Json.obj("success", false, "code", "NOT_FOUND", "detail", what + " not found"));
  }

  private Answer route(String method, String path, Map<String, String> q, byte[] body) {
    if (method.equals("POST") && path.equals("/rpc/transaction")) return submit(body);
    if (!method.equals("GET")) return notFound("route");
    if (path.equals("/health")) {
      JsonObject h = Json.obj("status", "ok", "chain_id", params.chainId(),
          "supported_chains", Json.arr(List.of(JsonValue.str(params.chainId()))), "proposer_id", "stand-in",
          "height", height(), "peers", 0, "syncing", false);
      if (!minFeeInHealth) return new Answer(200, h);
      Map<String, JsonValue> m = new LinkedHashMap<>(h.members());
      m.put("min_fee", JsonValue.num(params.minFee()));
      return new Answer(200, new JsonObject(m));
    }
    if (path.equals("/rpc/head")) {
      JsonObject b = blocks.get(blocks.size() - 1);
      return new Answer(200, Json.obj("height", b.get("height").get(), "hash", b.get("hash").get(),
          "parent_hash", b.get("parent_hash").get(), "timestamp", b.get("timestamp").get(),
          "tx_count", b.get("tx_count").get(), "chain_id", params.chainId()));
    }
    if (path.startsWith("/rpc/blocks/")) {
      try {
        long h = Long.parseLong(path.substring("/rpc/blocks/".length()));
        return h >= 0 && h < blocks.size() ? new Answer(200, blocks.get((int) h)) : notFound("block");
      } catch (NumberFormatException e) {
        return new Answer(400, Json.obj("success", false, "code", "INVALID_FIELD", "detail", "height"));
      }
    }
    if (path.equals("/rpc/blocks-range")) {
      long start = Long.parseLong(q.get("start"));
      long end = Math.min(Long.parseLong(q.get("end")), height());
      List<JsonValue> out = new ArrayList<>();
      long h = start;
      for (; h <= end && out.size() < maxRange; h++) out.add(blocks.get((int) h));
      Map<String, JsonValue> m = new LinkedHashMap<>(
          Json.obj("success", true, "blocks", Json.arr(out), "count", out.size()).members());
      if (h <= end) m.put("next", JsonValue.num(h));
      return new Answer(200, new JsonObject(m));
    }
    if (path.startsWith("/rpc/accounts/")) {
      String a = path.substring("/rpc/accounts/".length());
      Account acc = account(a);
      return new Answer(200, Json.obj("address", a, "balance", acc.balance(),
          "nonce", acc.hasNonce() ? (Object) acc.nonce() : null, "exists", acc.exists()));
    }
    if (path.startsWith("/rpc/transaction/")) {
      if (statusPolls.incrementAndGet() >= sealAfterPolls && !pending.isEmpty()) seal();
      return txStatus(path.substring("/rpc/transaction/".length()));
    }
    if (path.equals("/rpc/transactions")) {
      String a = q.get("address");
      int from = q.containsKey("cursor") ? Integer.parseInt(q.get("cursor")) : 0;
      int limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : 100;
      List<JsonValue> out = new ArrayList<>();
      int i = from;
      for (; i < history.size() && out.size() < limit; i++) {
        Transaction t = history.get(i);
        if (t.from().equals(a) || t.to().equals(a)) out.add(withHash(t));
      }
      // As the real node: always a cursor to poll from later, also after the last transaction.
      return new Answer(200, Json.obj("transactions", Json.arr(out), "next_cursor", String.valueOf(i)));
    }
    return notFound("route");
  }

  private Answer txStatus(String hash) {
    long[] where = included.get(hash);
    if (where != null) {
      JsonObject b = blocks.get((int) where[0]);
      JsonObject t = (JsonObject) ((JsonValue.JsonArray) b.get("transactions").get()).elements().get((int) where[1]);
      Map<String, JsonValue> m = new LinkedHashMap<>(t.members());
      m.put("status", JsonValue.str("included"));
      m.put("block_height", JsonValue.num(where[0]));
      m.put("tx_index", JsonValue.num(where[1]));
      return new Answer(200, new JsonObject(m));
    }
    for (Transaction t : pending) {
      if (t.hashHex().equals(hash)) {
        Map<String, JsonValue> m = new LinkedHashMap<>(withHash(t).members());
        m.put("status", JsonValue.str("pending"));
        return new Answer(200, new JsonObject(m));
      }
    }
    return notFound("transaction");
  }

  private Answer submit(byte[] body) {
    TxCodec.Parsed p = TxCodec.parse(body, params.maxPayloadBytes());
    if (!p.isOk()) return refused(p.refusal());
    Transaction tx = p.tx();
    if (included.containsKey(tx.hashHex()) || pending.contains(tx)) return accepted(tx);
    Refusal r = TxRules.checkStateless(tx, params);
    if (r == null) r = TxRules.checkSignature(tx, account(tx.from()), verifier);
    long spend = 0;
    long highestPending = Long.MIN_VALUE;
    for (Transaction t : pending) {
      if (t.from().equals(tx.from())) {
        spend += t.cost();
        highestPending = Math.max(highestPending, t.nonce());
      }
    }
    if (r == null) r = TxRules.checkState(tx, account(tx.from()), spend, h -> included.containsKey(h.hex0x()));
    if (r == null && tx.nonce() <= highestPending) {
      r = Refusal.of(Reason.NONCE_TOO_LOW, "nonce must be above the sender's pending nonce " + highestPending);
    }
    if (r != null) return refused(r);
    pending.add(tx);
    return accepted(tx);
  }

  private static Answer accepted(Transaction tx) {
    return new Answer(200, Json.obj("success", true, "transaction_hash", tx.hashHex(), "message", "accepted"));
  }

  private static Answer refused(Refusal r) {
    return new Answer(r.reason().httpStatus(), Json.obj("success", false, "code", r.reason().name(), "detail", r.detail()));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new HashMap<>();
    if (raw == null) return m;
    for (String kv : raw.split("&")) {
      int i = kv.indexOf('=');
      if (i > 0) m.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    return m;
  }
}
