package org.aitbc.chain.rpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.aitbc.chain.core.json.Json;

/**
 * The routes of contract §2, mapping (method, path, query) to {@link NodeApi} calls. No Netty types
 * here, so routes are tested without sockets; {@link HttpApiHandler} adapts.
 */
public final class HttpRoutes {
  private final NodeApi api;

  public HttpRoutes(NodeApi api) {
    this.api = api;
  }

  /** A request as the transport saw it. */
  public record Request(String method, String path, Map<String, List<String>> query, byte[] body, String client) {
    String param(String name) {
      List<String> v = query.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  /** Thrown for a query parameter of the wrong form; becomes a 400 answer. */
  static final class BadParam extends Exception {
    private static final long serialVersionUID = 1L;

    BadParam(String m) {
      super(m);
    }
  }

  /**
   * True for the routes an I/O thread may answer itself: short, CPU-bound, never waiting (today only
   * transaction submission, the hot path). Everything else goes to a worker.
   */
  public boolean answersInline(Request r) {
    return r.method().equals("POST") && r.path().equals("/rpc/transaction");
  }

  public CompletableFuture<ApiResponse> handle(Request r) {
    try {
      return route(r);
    } catch (BadParam e) {
      return done(ApiResponse.error(400, "INVALID_FIELD", e.getMessage()));
    }
  }

  private CompletableFuture<ApiResponse> route(Request r) throws BadParam {
    String p = r.path().length() > 1 && r.path().endsWith("/") ? r.path().substring(0, r.path().length() - 1) : r.path();
    boolean get = r.method().equals("GET") || r.method().equals("HEAD");
    boolean post = r.method().equals("POST");
    switch (p) {
      case "/health":
        return get ? done(ApiResponse.ok(api.health())) : notAllowed("GET");
      case "/metrics":
        return get ? done(ApiResponse.text(api.metrics().render())) : notAllowed("GET");
      case "/rpc/head":
        return get ? done(ApiResponse.ok(api.head())) : notAllowed("GET");
      case "/rpc/transaction":
        return post ? done(api.submitTransaction(r.body(), r.client())) : notAllowed("POST");
      case "/rpc/importBlock":
        return post ? done(api.importBlock(r.body())) : notAllowed("POST");
      case "/rpc/blocks-range": {
        if (!get) return notAllowed("GET");
        long start = longParam(r, "start", 0, 0, Long.MAX_VALUE);
        long end = longParam(r, "end", Math.max(start, start + NodeApi.MAX_RANGE_BLOCKS - 1), 0, Long.MAX_VALUE);
        return done(api.blocksRange(start, end, boolParam(r, "include_tx", true)));
      }
      case "/rpc/transactions":
        if (post) return done(api.submitBatch(r.body(), r.client()));
        if (!get) return notAllowed("GET, POST");
        return done(api.transactionsOf(r.param("address"), r.param("cursor"),
            (int) longParam(r, "limit", 100, 1, NodeApi.MAX_LIST)));
      case "/rpc/messages":
        if (!get) return notAllowed("GET");
        return api.messages(r.param("address"), r.param("cursor"), (int) longParam(r, "limit", 100, 1, NodeApi.MAX_LIST),
            longParam(r, "wait_ms", 0, 0, NodeApi.MAX_WAIT_MS));
      case "/rpc/mempool":
        if (!get) return notAllowed("GET");
        return done(ApiResponse.ok(api.mempool((int) longParam(r, "limit", 100, 1, NodeApi.MAX_LIST))));
      case "/rpc/agents":
        if (!get) return notAllowed("GET");
        return done(api.agents(r.param("capability"), r.param("cursor"), (int) longParam(r, "limit", 100, 1, NodeApi.MAX_LIST)));
      case "/rpc/bans":
        return get ? done(api.bans()) : notAllowed("GET");
      case "/rpc/bans/lift":
        return post ? done(api.liftBans(r.body(), r.client())) : notAllowed("POST");
      case "/rpc/peers":
        if (!get) return notAllowed("GET");
        return done(ApiResponse.ok(Json.obj("success", true, "peers", Json.arr(api.peers()), "count", (long) api.peers().size())));
      default:
        break;
    }
    if (p.startsWith("/rpc/blocks/")) {
      if (!get) return notAllowed("GET");
      String h = p.substring("/rpc/blocks/".length());
      long height;
      try {
        height = Long.parseLong(h);
      } catch (NumberFormatException e) {
        throw new BadParam("block height must be an integer, not '" + h + "'");
      }
      return done(api.blockJson(height).map(ApiResponse::rawJson).orElseGet(() -> ApiResponse.notFound("no block at height " + h)));
    }
    if (p.startsWith("/rpc/transaction/")) {
      return get ? done(api.transaction(p.substring("/rpc/transaction/".length()))) : notAllowed("GET");
    }
    if (p.startsWith("/rpc/agents/")) {
      return get ? done(api.agent(p.substring("/rpc/agents/".length()))) : notAllowed("GET");
    }
    // AITBC's node serves both; its CLI reads the singular since 2026-04-13 (wallet balance, the nonce before a send).
    String account = p.startsWith("/rpc/accounts/") ? p.substring("/rpc/accounts/".length())
        : p.startsWith("/rpc/account/") ? p.substring("/rpc/account/".length()) : null;
    if (account != null) return get ? done(ApiResponse.ok(api.account(account))) : notAllowed("GET");
    return done(ApiResponse.notFound("no route " + r.method() + " " + p));
  }

  private static CompletableFuture<ApiResponse> done(ApiResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  private static CompletableFuture<ApiResponse> notAllowed(String allowed) {
    return done(ApiResponse.error(405, "METHOD_NOT_ALLOWED", "this route takes " + allowed).withHeader("Allow", allowed));
  }

  private static long longParam(Request r, String name, long dflt, long min, long max) throws BadParam {
    String v = r.param(name);
    if (v == null || v.isEmpty()) return dflt;
    try {
      long x = Long.parseLong(v);
      if (x < min || x > max) throw new BadParam(name + " must be between " + min + " and " + max);
      return x;
    } catch (NumberFormatException e) {
      throw new BadParam(name + " must be an integer, not '" + v + "'");
    }
  }

  private static boolean boolParam(Request r, String name, boolean dflt) throws BadParam {
    String v = r.param(name);
    if (v == null || v.isEmpty()) return dflt;
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new BadParam(name + " must be true or false");
    };
  }
}
