package org.aitbc.chain.rpc;

import java.util.Map;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.PyJson;

/**
 * An answer of the HTTP API: status, body text and its content type, extra headers. Transport-neutral.
 * {@link #json()} keeps the tree when the answer was built as one (tests and gRPC read it). A streamed
 * answer ({@link #streamed}) has no body text but a {@link ChunkedBody} the transport writes piece by piece.
 */
public record ApiResponse(int status, JsonValue json, String body, String contentType, Map<String, String> headers,
    ChunkedBody stream) {
  public static final String JSON = "application/json";
  public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  public static ApiResponse ok(JsonValue json) {
    return new ApiResponse(200, json, PyJson.compactUnsorted(json), JSON, Map.of(), null);
  }

  /** JSON text that is already serialized (stored blocks). */
  public static ApiResponse rawJson(String text) {
    return new ApiResponse(200, null, text, JSON, Map.of(), null);
  }

  /** A 200 JSON answer whose body is written piece by piece as {@code stream} produces it. */
  public static ApiResponse streamed(ChunkedBody stream) {
    return new ApiResponse(200, null, null, JSON, Map.of(), stream);
  }

  public static ApiResponse text(String contentText) {
    return new ApiResponse(200, null, contentText, PROMETHEUS, Map.of(), null);
  }

  /** A refusal: {@code success} false, a wire code, a human detail, then any more members (key, value, ...). */
  public static ApiResponse error(int status, String code, String detail, Object... moreKeyValues) {
    Object[] kv = java.util.Arrays.copyOf(new Object[] {"success", false, "code", code, "detail", detail}, 6 + moreKeyValues.length);
    System.arraycopy(moreKeyValues, 0, kv, 6, moreKeyValues.length);
    JsonValue j = Json.obj(kv);
    return new ApiResponse(status, j, PyJson.compactUnsorted(j), JSON, Map.of(), null);
  }

  public static ApiResponse notFound(String detail) {
    return error(404, "NOT_FOUND", detail);
  }

  public ApiResponse withHeader(String name, String value) {
    var m = new java.util.LinkedHashMap<>(headers);
    m.put(name, value);
    return new ApiResponse(status, json, body, contentType, Map.copyOf(m), stream);
  }
}
