package org.aitbc.chain.core.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/**
 * Writes JSON the way Python's {@code json.dumps(obj, sort_keys=True)} does with its defaults:
 * separators {@code ", "} and {@code ": "}, keys sorted by Unicode code point at every depth,
 * {@code ensure_ascii} escaping (lowercase hex, surrogate pairs above U+FFFF, DEL escaped as Python
 * does), number lexemes written as they arrived. {@link #compact} writes the same with {@code ","} and
 * {@code ":"} for storage and HTTP answers.
 */
public final class PyJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Orders strings by Unicode code point (Python's str order), not by UTF-16 unit. */
  public static final Comparator<String> CODE_POINT_ORDER = PyJson::compareCodePoints;

  private PyJson() {}

  public static String dumps(JsonValue v) {
    StringBuilder sb = new StringBuilder(256);
    write(sb, v, ", ", ": ", true);
    return sb.toString();
  }

  public static byte[] dumpsUtf8(JsonValue v) {
    return dumps(v).getBytes(StandardCharsets.US_ASCII);
  }

  /** Sorted keys, no spaces, ASCII only. */
  public static String compact(JsonValue v) {
    StringBuilder sb = new StringBuilder(256);
    write(sb, v, ",", ":", true);
    return sb.toString();
  }

  /** Members in their own order, no spaces, ASCII only: for answers whose field order is chosen. */
  public static String compactUnsorted(JsonValue v) {
    StringBuilder sb = new StringBuilder(256);
    write(sb, v, ",", ":", false);
    return sb.toString();
  }

  /** Appends {@code v} as {@link #dumps} writes it (sorted, {@code ", "} and {@code ": "}). */
  public static StringBuilder appendDumps(StringBuilder sb, JsonValue v) {
    write(sb, v, ", ", ": ", true);
    return sb;
  }

  /** Appends {@code v} as {@link #compact} writes it (sorted, no spaces). */
  public static StringBuilder appendCompact(StringBuilder sb, JsonValue v) {
    write(sb, v, ",", ":", true);
    return sb;
  }

  /** The keys of {@code o} in Python's sort_keys order (code point order). */
  public static String[] sortedKeys(JsonValue.JsonObject o) {
    String[] keys = o.members().keySet().toArray(new String[0]);
    if (!isSorted(keys)) Arrays.sort(keys, CODE_POINT_ORDER);
    return keys;
  }

  private static void write(StringBuilder sb, JsonValue v, String comma, String colon, boolean sort) {
    if (v instanceof JsonValue.JsonString s) {
      writeString(sb, s.value());
    } else if (v instanceof JsonValue.JsonNumber n) {
      sb.append(n.lexeme());
    } else if (v instanceof JsonValue.JsonObject o) {
      sb.append('{');
      Map<String, JsonValue> members = o.members();
      String[] keys = sort ? sortedKeys(o) : members.keySet().toArray(new String[0]);
      boolean first = true;
      for (String k : keys) {
        if (!first) sb.append(comma);
        first = false;
        writeString(sb, k);
        sb.append(colon);
        write(sb, members.get(k), comma, colon, sort);
      }
      sb.append('}');
    } else if (v instanceof JsonValue.JsonArray a) {
      sb.append('[');
      boolean first = true;
      for (JsonValue e : a.elements()) {
        if (!first) sb.append(comma);
        first = false;
        write(sb, e, comma, colon, sort);
      }
      sb.append(']');
    } else if (v == JsonValue.JsonBool.TRUE) {
      sb.append("true");
    } else if (v == JsonValue.JsonBool.FALSE) {
      sb.append("false");
    } else {
      sb.append("null");
    }
  }

  private static boolean isSorted(String[] keys) {
    for (int i = 1; i < keys.length; i++) if (compareCodePoints(keys[i - 1], keys[i]) > 0) return false;
    return true;
  }

  /** Python's {@code py_encode_basestring_ascii}. */
  public static StringBuilder writeString(StringBuilder sb, String s) {
    sb.append('"');
    int plain = 0;
    while (plain < s.length()) {
      char c = s.charAt(plain);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') break;
      plain++;
    }
    if (plain == s.length()) { // the common case (hex, addresses, plain text): nothing to escape
      return sb.append(s).append('"');
    }
    sb.append(s, 0, plain);
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c >= 0x20 && c <= 0x7e) {
            sb.append(c);
          } else {
            sb.append("\\u").append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15])
                .append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
          }
        }
      }
    }
    return sb.append('"');
  }

  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) return Integer.compare(ca, cb);
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
