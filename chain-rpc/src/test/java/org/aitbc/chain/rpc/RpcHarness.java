package org.aitbc.chain.rpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.aitbc.chain.consensus.ChainEngine;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.mempool.Mempool;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.store.ChainStore;

/** A real node core (RocksDB in a temp dir, mempool, engine, HTTP on 127.0.0.1:0) for route tests. */
final class RpcHarness implements AutoCloseable {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final NodeCore core;
  final ChainStore store;
  final Mempool mempool;
  final ChainEngine engine;
  final NodeApi api;
  final HttpApiServer server;

  RpcHarness(Path dir, Genesis genesis, KeyPair authority, MempoolConfig mc, double ratePerSecond) throws Exception {
    core = NodeCore.builder(dir, genesis).authority(authority).mempool(mc).verifierSlots(1 << 16).verifyThreads(2)
        .submitRate(ratePerSecond, ratePerSecond).build();
    store = core.store;
    mempool = core.mempool;
    engine = core.engine;
    api = core.api;
    try {
      server = new HttpApiServer(new HttpApiServer.Config("127.0.0.1", 0, 1 << 20, 4, 30), new HttpRoutes(api));
    } catch (Exception e) {
      core.close();
      throw e;
    }
  }

  /** Seals the pending transactions into one block now (as the block timer would). */
  Block seal() {
    return engine.onEngineThread(engine::sealNow).orElseThrow(() -> new AssertionError("nothing to seal"));
  }

  record Answer(int status, JsonValue json, HttpResponse<String> raw) {
    JsonObject obj() {
      return (JsonObject) json;
    }

    String str(String k) {
      return ((JsonValue.JsonString) obj().members().get(k)).value();
    }

    long num(String k) {
      return ((JsonValue.JsonNumber) obj().members().get(k)).longValueExact().orElseThrow();
    }

    String code() {
      return str("code");
    }
  }

  Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  Answer post(String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build());
  }

  /**
   * A POST on a connection of its own: after the node answers 413 and closes a connection, a pooled
   * client may still pick that connection for its next request.
   */
  Answer postOnNewConnection(String path, String body) throws Exception {
    HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> resp = fresh.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(resp.statusCode(), JsonParser.parse(resp.body()), resp);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  static Answer send(HttpRequest r) throws Exception {
    HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    JsonValue json = null;
    if (resp.headers().firstValue("content-type").orElse("").startsWith("application/json")) {
      json = JsonParser.parse(resp.body());
    }
    return new Answer(resp.statusCode(), json, resp);
  }

  @Override
  public void close() {
    server.close();
    core.close();
  }
}
