package org.aitbc.chain.wallet;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonNumber;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.JsonValue.JsonString;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.wallet.RpcException.Kind;

/**
 * The node's HTTP JSON API (wire contract §2) over {@link java.net.http.HttpClient}. Every call either
 * returns the contract's shape or throws a typed {@link RpcException}; numbers are read from their
 * lexemes, never through a double. Thread-safe (the HttpClient is).
 */
public final class RpcClient {
  public static final String ENV = "NODE_URL";
  public static final String DEFAULT_URL = "http://127.0.0.1:8006";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** Largest answer read (callers of blocks-range ask for few enough full blocks to stay below). */
  public static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  public RpcClient(URI base, HttpClient http, Duration timeout) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.http = http;
    this.timeout = timeout;
  }

  /** A client with its own HttpClient (connect timeout = {@code timeout}). */
  public static RpcClient create(URI base, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    return new RpcClient(base, http, timeout);
  }

  /** The node URL: the flag (may be null), else {@code NODE_URL}, else {@value #DEFAULT_URL}; checked. */
  public static URI locate(String flag, Map<String, String> env) throws RpcException {
    String s = flag != null && !flag.isBlank() ? flag.strip()
        : env.get(ENV) != null && !env.get(ENV).isBlank() ? env.get(ENV).strip() : DEFAULT_URL;
    URI u;
    try {
      u = new URI(s);
    } catch (java.net.URISyntaxException e) {
      throw RpcException.of(Kind.BAD_URL, "node URL '" + s + "' is not a URL");
    }
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
      throw RpcException.of(Kind.BAD_URL, "node URL '" + s + "' must look like http://HOST:PORT");
    }
    return u;
  }

  public URI base() {
    return base;
  }

  // ---- answers -------------------------------------------------------------------------------

  /** {@code /rpc/accounts/{a}}; {@code nonce} is 0 or null (older nodes) when the account never sent. */
  public record AccountInfo(String address, long balance, Long nonce, boolean exists) {}

  /** {@code /rpc/transaction/{hash}}: the whole answer, its status and, when included, where. */
  public record TxStatus(JsonObject json, String status, Long blockHeight) {
    public boolean included() {
      return "included".equals(status);
    }
  }

  /** One page of {@code /rpc/transactions}; {@code nextCursor} is null at the end. */
  public record TxPage(List<JsonObject> transactions, String nextCursor) {
    public TxPage {
      transactions = List.copyOf(transactions);
    }
  }

  // ---- routes --------------------------------------------------------------------------------

  public JsonObject health() throws RpcException {
    return get("/health");
  }

  public JsonObject head() throws RpcException {
    JsonObject o = get("/rpc/head");
    requireLong(o, "height", "/rpc/head");
    return o;
  }

  /** The block at {@code height}; empty when the node has none (404). */
  public Optional<JsonObject> block(long height) throws RpcException {
    try {
      return Optional.of(get("/rpc/blocks/" + height));
    } catch (RpcException e) {
      if (e.kind() == Kind.NOT_FOUND) return Optional.empty();
      throw e;
    }
  }

  /** {@code /rpc/blocks-range}: {"blocks":[…],"count":n} and, when the node capped the range, "next". */
  public JsonObject blocksRange(long start, long end, boolean includeTx) throws RpcException {
    JsonObject o = get("/rpc/blocks-range?start=" + start + "&end=" + end + "&include_tx=" + includeTx);
    if (!(o.get("blocks").orElse(null) instanceof JsonArray)) throw shape("/rpc/blocks-range", "blocks");
    return o;
  }

  public AccountInfo account(String address) throws RpcException {
    String route = "/rpc/accounts/" + enc(address);
    JsonObject o = get(route);
    long balance = requireLong(o, "balance", route);
    JsonValue n = o.get("nonce").orElse(JsonValue.JsonNull.INSTANCE);
    Long nonce = null;
    if (n instanceof JsonNumber num) nonce = num.longValueExact().orElseThrow(() -> shape(route, "nonce"));
    else if (n != JsonValue.JsonNull.INSTANCE) throw shape(route, "nonce");
    boolean exists = o.get("exists").map(v -> v == JsonValue.JsonBool.TRUE).orElse(balance > 0 || nonce != null);
    return new AccountInfo(string(o, "address").orElse(address), balance, nonce, exists);
  }

  /** POSTs a signed transaction; the node's hash, or REFUSED carrying the node's code and detail. */
  public String submit(JsonObject tx) throws RpcException {
    HttpRequest req = request("/rpc/transaction")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(PyJson.compact(tx), StandardCharsets.UTF_8))
        .build();
    JsonObject o = send(req, "/rpc/transaction");
    return string(o, "transaction_hash").orElseThrow(() -> shape("/rpc/transaction", "transaction_hash"));
  }

  /** The transaction's status; empty when the node does not know the hash (404). */
  public Optional<TxStatus> transaction(String hash) throws RpcException {
    String route = "/rpc/transaction/" + enc(hash);
    JsonObject o;
    try {
      o = get(route);
    } catch (RpcException e) {
      if (e.kind() == Kind.NOT_FOUND) return Optional.empty();
      throw e;
    }
    String status = string(o, "status").orElseThrow(() -> shape(route, "status"));
    Long height = null;
    if (o.get("block_height").orElse(null) instanceof JsonNumber n) height = n.longValueExact().orElse(null);
    if ("included".equals(status) && height == null) throw shape(route, "block_height");
    return Optional.of(new TxStatus(o, status, height));
  }

  /** Transactions sent or received by {@code address}, oldest first; {@code cursor} may be null. */
  public TxPage transactions(String address, String cursor, int limit) throws RpcException {
    StringBuilder q = new StringBuilder("/rpc/transactions?address=").append(enc(address));
    if (cursor != null && !cursor.isEmpty()) q.append("&cursor=").append(enc(cursor));
    if (limit > 0) q.append("&limit=").append(limit);
    JsonObject o = get(q.toString());
    if (!(o.get("transactions").orElse(null) instanceof JsonArray a)) throw shape("/rpc/transactions", "transactions");
    List<JsonObject> txs = new ArrayList<>();
    for (JsonValue v : a.elements()) {
      if (!(v instanceof JsonObject t)) throw shape("/rpc/transactions", "transactions[]");
      txs.add(t);
    }
    String next = string(o, "next_cursor").filter(s -> !s.isEmpty()).orElse(null);
    return new TxPage(txs, next);
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout).header("Accept", "application/json");
  }

  private JsonObject get(String pathAndQuery) throws RpcException {
    return send(request(pathAndQuery).GET().build(), pathAndQuery, timeout);
  }

  /**
   * GET of any JSON route with this client's error handling (unreachable, not found, refused with the
   * node's code, answers outside the contract); {@code route} names it in messages, {@code requestTimeout}
   * covers long polls.
   */
  public JsonObject getJson(String pathAndQuery, String route, Duration requestTimeout) throws RpcException {
    return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(requestTimeout)
        .header("Accept", "application/json").GET().build(), route, requestTimeout);
  }

  /** POST of a JSON object to any route, with this client's error handling (see {@link #getJson}). */
  public JsonObject postJson(String path, JsonObject body) throws RpcException {
    HttpRequest req = request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(PyJson.compact(body), StandardCharsets.UTF_8)).build();
    return send(req, path);
  }

  private JsonObject send(HttpRequest req, String route) throws RpcException {
    return send(req, route, timeout);
  }

  private JsonObject send(HttpRequest req, String route, Duration requestTimeout) throws RpcException {
    HttpResponse<InputStream> resp;
    byte[] body;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = resp.body()) {
        body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      }
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw unreachable("cannot connect", e);
    } catch (HttpTimeoutException e) {
      throw unreachable("no answer within " + requestTimeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw unreachable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted", e);
    }
    if (body.length > MAX_RESPONSE_BYTES) {
      throw RpcException.of(Kind.BAD_RESPONSE, route + " answered more than " + MAX_RESPONSE_BYTES + " bytes");
    }
    int status = resp.statusCode();
    JsonObject o = parse(body, status, route);
    if (status >= 200 && status < 300 && o != null && o.get("success").orElse(null) != JsonValue.JsonBool.FALSE) {
      return o;
    }
    String code = o == null ? null : string(o, "code").orElse(null);
    String detail = o == null ? null : string(o, "detail").or(() -> string(o, "error")).orElse(null);
    if (status == 404 && (code == null || code.equals("NOT_FOUND"))) {
      throw new RpcException(Kind.NOT_FOUND, status, "NOT_FOUND", detail, route + ": not found"
          + (detail == null ? "" : " (" + detail + ")"), null);
    }
    if (code != null) {
      throw new RpcException(Kind.REFUSED, status, code, detail,
          "node refused: " + code + (detail == null ? "" : ": " + detail), null);
    }
    throw new RpcException(Kind.BAD_RESPONSE, status, null, detail, route + " answered HTTP " + status
        + (o == null ? " without a JSON object" : " without an error code"), null);
  }

  private static JsonObject parse(byte[] body, int status, String route) throws RpcException {
    try {
      JsonValue v = JsonParser.parse(body);
      if (v instanceof JsonObject o) return o;
    } catch (JsonParseException e) {
      // handled below
    }
    if (status >= 200 && status < 300) {
      throw new RpcException(Kind.BAD_RESPONSE, status, null, null, route + " did not answer a JSON object", null);
    }
    return null;
  }

  private RpcException unreachable(String why, Exception cause) {
    return new RpcException(Kind.UNREACHABLE, 0, null, null, "node unreachable at " + base + " (" + why + ")", cause);
  }

  private static RpcException shape(String route, String field) {
    return RpcException.of(Kind.BAD_RESPONSE, route + " answered without a valid '" + field + "'");
  }

  private static long requireLong(JsonObject o, String key, String route) throws RpcException {
    if (o.get(key).orElse(null) instanceof JsonNumber n) {
      Optional<Long> v = n.longValueExact();
      if (v.isPresent()) return v.get();
    }
    throw shape(route, key);
  }

  static Optional<String> string(JsonObject o, String key) {
    return o.get(key).filter(JsonString.class::isInstance).map(v -> ((JsonString) v).value());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
