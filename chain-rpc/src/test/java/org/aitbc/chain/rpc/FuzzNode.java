package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.testing.Chains;

/** A node for the HTTP fuzz targets, one per test class: the real store, mempool, engine and API. */
final class FuzzNode implements AutoCloseable {
  private final Path dir;
  final RpcHarness node;

  FuzzNode() {
    try {
      dir = Files.createTempDirectory("rpc-fuzz");
      node = new RpcHarness(dir.resolve("chain"), Chains.genesis(3, 1000, 5), Chains.authority(), MempoolConfig.DEFAULTS, 0);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the fuzz node", e);
    }
  }

  /** A JSON answer that is not a 500: a refusal has {@code success} false and a code; a 200 is not a failure. */
  static JsonValue.JsonObject assertAnswered(ApiResponse r) {
    assertNotEquals(500, r.status(), r::body);
    JsonValue.JsonObject o = (JsonValue.JsonObject) parse(r.body());
    if (r.status() != 200) {
      assertEquals(JsonValue.JsonBool.FALSE, o.members().get("success"), r::body);
      assertTrue(o.members().get("code") instanceof JsonValue.JsonString, r::body);
    } else if (o.members().containsKey("success")) {
      assertEquals(JsonValue.JsonBool.TRUE, o.members().get("success"), r::body);
    }
    return o;
  }

  /** A refusal of a transaction: its code is a {@link Reason} and the status is that reason's. */
  static void assertTransactionAnswer(JsonValue.JsonObject answer, int status) {
    if (answer.members().get("success") == JsonValue.JsonBool.TRUE) {
      assertTrue(answer.members().get("transaction_hash") instanceof JsonValue.JsonString, answer::toString);
      return;
    }
    String code = ((JsonValue.JsonString) answer.members().get("code")).value();
    assertTrue(REASONS.contains(code), () -> "undocumented code " + code);
    if (status != 200) assertEquals(Reason.valueOf(code).httpStatus(), status, code);
  }

  private static final Set<String> REASONS = Stream.of(Reason.values()).map(Enum::name).collect(
      java.util.stream.Collectors.toUnmodifiableSet());

  static JsonValue parse(String json) {
    try {
      return JsonParser.parse(json);
    } catch (org.aitbc.chain.core.json.JsonParseException e) {
      throw new AssertionError("the answer is not JSON: " + json, e);
    }
  }

  @Override
  public void close() {
    node.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
