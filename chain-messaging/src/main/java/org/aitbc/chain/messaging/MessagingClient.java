package org.aitbc.chain.messaging;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aitbc.chain.core.crypto.Address;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.core.util.Hex;
import org.aitbc.chain.wallet.RpcClient;
import org.aitbc.chain.wallet.RpcException;

/**
 * The node routes messaging needs beyond {@link RpcClient}: the inbox ({@code GET /rpc/messages}, with
 * long polling) and an account's Ed25519 public key ({@code GET /rpc/accounts/{a}}). Errors are the
 * wallet's typed {@link RpcException}s, so commands report them the same way. Thread-safe.
 */
public final class MessagingClient {
  /** The node's cap on {@code wait_ms}. */
  public static final long MAX_WAIT_MS = 30_000;
  /** Largest page asked for. */
  public static final int MAX_LIMIT = 1000;

  private final URI base;
  private final Duration timeout;
  private final RpcClient rpc;

  public MessagingClient(URI base, HttpClient http, Duration timeout) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.timeout = timeout;
    this.rpc = new RpcClient(this.base, http, timeout);
  }

  public static MessagingClient create(URI base, Duration timeout) {
    return new MessagingClient(base, HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build(), timeout);
  }

  /** The wallet's client on the same node and connection pool (head, health, account, submit). */
  public RpcClient rpc() {
    return rpc;
  }

  public URI base() {
    return base;
  }

  /**
   * One page of {@code address}'s inbox after {@code cursor} (null or empty: from the start). With
   * {@code waitMs > 0} the node holds the request until a message arrives or the time is up.
   */
  public InboxMessage.Page messages(String address, String cursor, int limit, long waitMs) throws RpcException {
    if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    long wait = Math.max(0, Math.min(MAX_WAIT_MS, waitMs));
    StringBuilder q = new StringBuilder("/rpc/messages?address=").append(enc(address)).append("&limit=").append(limit);
    if (cursor != null && !cursor.isEmpty()) q.append("&cursor=").append(enc(cursor));
    if (wait > 0) q.append("&wait_ms=").append(wait);
    String route = "/rpc/messages";
    JsonObject o = get(q.toString(), route, timeout.plusMillis(wait));
    if (!(o.get("messages").orElse(null) instanceof JsonValue.JsonArray a)) throw shape(route, "messages");
    List<InboxMessage> out = new ArrayList<>(a.elements().size());
    for (JsonValue v : a.elements()) {
      if (!(v instanceof JsonObject m)) throw shape(route, "messages[]");
      out.add(new InboxMessage(str(m, "cursor", route), str(m, "tx_hash", route), str(m, "from", route),
          str(m, "to", route), m.get("payload").orElse(JsonValue.JsonNull.INSTANCE), num(m, "block_height", route),
          (int) num(m, "tx_index", route), m.get("timestamp").orElse(null) instanceof JsonValue.JsonString t ? t.value() : ""));
    }
    String next = o.get("next_cursor").orElse(null) instanceof JsonValue.JsonString n && !n.value().isEmpty() ? n.value()
        : out.isEmpty() ? (cursor == null ? "" : cursor) : out.get(out.size() - 1).cursor();
    return new InboxMessage.Page(out, next);
  }

  /**
   * The owner address of a registered agent ({@code agent_...} id, from the on-chain registry); empty
   * when no active agent has that id.
   */
  public Optional<String> agentOwner(String agentId) throws RpcException {
    try {
      JsonObject o = get("/rpc/agents/" + enc(agentId), "/rpc/agents", timeout);
      if (o.get("active").orElse(null) != JsonValue.JsonBool.TRUE) return Optional.empty();
      return o.get("owner").filter(JsonValue.JsonString.class::isInstance).map(v -> ((JsonValue.JsonString) v).value());
    } catch (RpcException e) {
      if (e.kind() == RpcException.Kind.NOT_FOUND) return Optional.empty();
      throw e;
    }
  }

  /**
   * The Ed25519 public key the chain knows for {@code address} (from its first included transaction);
   * empty when the account never sent one. A key that does not match a hex-form address is refused.
   */
  public Optional<Bytes> publicKey(String address) throws RpcException {
    String route = "/rpc/accounts/" + enc(address);
    JsonObject o = get(route, "/rpc/accounts", timeout);
    JsonValue pk = o.get("public_key").orElse(JsonValue.JsonNull.INSTANCE);
    if (pk == JsonValue.JsonNull.INSTANCE) return Optional.empty();
    if (!(pk instanceof JsonValue.JsonString s) || !Hex.isLowerHex(s.value(), 64)) throw shape("/rpc/accounts", "public_key");
    Bytes key = Bytes.fromHex(s.value());
    if (Address.isValid(address) && !Address.matches(address, key)) {
      throw RpcExceptions.badResponse("the node gave a public key for " + address + " that is not that address's key");
    }
    return Optional.of(key);
  }

  /**
   * A cursor after every message sealed so far (after the head block), to wait for answers to a
   * message not yet sent without reading the whole inbox. Uses the cursor's "height.index" form.
   */
  public String cursorAfterHead() throws RpcException {
    JsonObject head = rpc.head();
    long h = ((JsonValue.JsonNumber) head.get("height").orElseThrow()).longValueExact().orElseThrow();
    return h + "." + Integer.MAX_VALUE;
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private JsonObject get(String pathAndQuery, String route, Duration requestTimeout) throws RpcException {
    return rpc.getJson(pathAndQuery, route, requestTimeout);
  }

  private static RpcException shape(String route, String field) {
    return RpcExceptions.badResponse(route + " answered without a valid '" + field + "'");
  }

  private static String str(JsonObject o, String k, String route) throws RpcException {
    if (o.get(k).orElse(null) instanceof JsonValue.JsonString s) return s.value();
    throw shape(route, k);
  }

  private static long num(JsonObject o, String k, String route) throws RpcException {
    if (o.get(k).orElse(null) instanceof JsonValue.JsonNumber n && n.longValueExact().isPresent()) return n.longValueExact().get();
    throw shape(route, k);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
