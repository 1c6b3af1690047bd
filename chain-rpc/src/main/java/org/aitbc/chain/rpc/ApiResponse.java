package org.aitbc.chain.rpc;

import java.util.Map;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;

/** An answer of the HTTP API: status, JSON (or text) body and extra headers. Transport-neutral. */
public record ApiResponse(int status, JsonValue json, String text, Map<String, String> headers) {
  public static ApiResponse ok(JsonValue json) {
    return new ApiResponse(200, json, null, Map.of());
  }

  public static ApiResponse text(String contentText) {
    return new ApiResponse(200, null, contentText, Map.of());
  }

  public static ApiResponse error(int status, String code, String detail) {
    return new ApiResponse(status, Json.obj("success", false, "code", code, "detail", detail), null, Map.of());
  }

  public static ApiResponse notFound(String detail) {
    return error(404, "NOT_FOUND", detail);
  }

  public ApiResponse withHeader(String name, String value) {
    var m = new java.util.LinkedHashMap<>(headers);
    m.put(name, value);
    return new ApiResponse(status, json, text, Map.copyOf(m));
  }
}
