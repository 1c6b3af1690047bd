package org.aitbc.chain.core.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers to build JSON answers in a fixed member order. */
public final class Json {
  private Json() {}

  /** An object from alternating keys and values; values may be JsonValue, String, Number, Boolean or null. */
  public static JsonValue.JsonObject obj(Object... kv) {
    if (kv.length % 2 != 0) throw new IllegalArgumentException("odd number of arguments");
    Map<String, JsonValue> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], of(kv[i + 1]));
    return new JsonValue.JsonObject(m);
  }

  public static JsonValue.JsonArray arr(List<? extends JsonValue> items) {
    return new JsonValue.JsonArray(List.copyOf(items));
  }

  public static JsonValue of(Object v) {
    if (v == null) return JsonValue.JsonNull.INSTANCE;
    if (v instanceof JsonValue j) return j;
    if (v instanceof String s) return new JsonValue.JsonString(s);
    if (v instanceof Long || v instanceof Integer || v instanceof Short) return new JsonValue.JsonNumber(v.toString());
    if (v instanceof Double d) return new JsonValue.JsonNumber(d.toString());
    if (v instanceof Boolean b) return JsonValue.JsonBool.of(b);
    throw new IllegalArgumentException("not a JSON value: " + v.getClass());
  }
}
