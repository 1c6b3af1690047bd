package org.aitbc.chain.core.json;

import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable JSON value that keeps what Python's {@code json} module needs to reproduce the bytes a
 * client signed: numbers keep the exact lexeme they arrived with, objects keep their members (the
 * canonical writer sorts keys itself), strings keep lone surrogates.
 */
public sealed interface JsonValue {

  /** A JSON object; members in arrival order, a repeated key keeps its last value (as Python does). */
  record JsonObject(Map<String, JsonValue> members) implements JsonValue {
    public JsonObject {
      if (!(members instanceof Frozen)) members = new Frozen(new LinkedHashMap<>(members));
    }

    /**
     * An object over a map that the caller hands over: no copy is made, so the caller must not keep,
     * change or share the map afterwards. For parsers and codecs that build a fresh map per object.
     */
    public static JsonObject adopt(LinkedHashMap<String, JsonValue> fresh) {
      return new JsonObject(new Frozen(fresh));
    }

    public Optional<JsonValue> get(String key) {
      return Optional.ofNullable(members.get(key));
    }

    public int size() {
      return members.size();
    }
  }

  /** The read-only member map of a {@link JsonObject}; copying one object's members into another skips the copy. */
  final class Frozen extends AbstractMap<String, JsonValue> {
    private final Map<String, JsonValue> map;

    private Frozen(LinkedHashMap<String, JsonValue> map) {
      this.map = Collections.unmodifiableMap(map);
    }

    @Override
    public JsonValue get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public Set<String> keySet() {
      return map.keySet();
    }

    @Override
    public Collection<JsonValue> values() {
      return map.values();
    }

    @Override
    public Set<Entry<String, JsonValue>> entrySet() {
      return map.entrySet();
    }

    @Override
    public void forEach(java.util.function.BiConsumer<? super String, ? super JsonValue> action) {
      map.forEach(action);
    }
  }

  record JsonArray(List<JsonValue> elements) implements JsonValue {
    public JsonArray {
      elements = List.copyOf(elements);
    }
  }

  record JsonString(String value) implements JsonValue {
    public JsonString {
      if (value == null) throw new NullPointerException("value");
    }
  }

  /** A number as its lexeme, e.g. {@code 1e-05}, {@code 2.5}, {@code 9007199254740993}. */
  record JsonNumber(String lexeme) implements JsonValue {
    public JsonNumber {
      if (lexeme == null || lexeme.isEmpty()) throw new IllegalArgumentException("empty number");
    }

    public static JsonNumber of(long value) {
      return new JsonNumber(Long.toString(value));
    }

    /** True for a plain integer lexeme: optional minus, then digits, no fraction or exponent. */
    public boolean isInteger() {
      int i = lexeme.charAt(0) == '-' ? 1 : 0;
      if (i == lexeme.length()) return false;
      for (; i < lexeme.length(); i++) {
        char c = lexeme.charAt(i);
        if (c < '0' || c > '9') return false;
      }
      return true;
    }

    /** The value as a long when it is an integer lexeme inside the long range. */
    public Optional<Long> longValueExact() {
      if (!isInteger()) return Optional.empty();
      int digits = lexeme.length() - (lexeme.charAt(0) == '-' ? 1 : 0);
      if (digits <= 18) return Optional.of(Long.parseLong(lexeme)); // fits a long; no BigInteger needed
      BigInteger b = new BigInteger(lexeme);
      if (b.bitLength() > 63) return Optional.empty();
      return Optional.of(b.longValue());
    }
  }

  enum JsonBool implements JsonValue {
    TRUE, FALSE;

    public static JsonBool of(boolean b) {
      return b ? TRUE : FALSE;
    }
  }

  enum JsonNull implements JsonValue {
    INSTANCE
  }

  static JsonString str(String s) {
    return new JsonString(s);
  }

  static JsonNumber num(long n) {
    return JsonNumber.of(n);
  }
}
