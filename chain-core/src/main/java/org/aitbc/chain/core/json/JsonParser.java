package org.aitbc.chain.core.json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict RFC 8259 parser that keeps number lexemes. Limits: nesting depth ({@link #MAX_DEPTH}); the
 * caller bounds the input size. Not thread-safe; one instance per parse (use the static methods).
 */
public final class JsonParser {
  public static final int MAX_DEPTH = 64;

  private final String s;
  private int pos;

  private JsonParser(String s) {
    this.s = s;
  }

  /** Parses UTF-8 bytes (invalid UTF-8 is an error, a leading BOM is not allowed). */
  public static JsonValue parse(byte[] utf8) throws JsonParseException {
    if (isAscii(utf8, utf8.length)) return parse(new String(utf8, StandardCharsets.ISO_8859_1)); // ASCII is valid UTF-8; no decoder needed
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8)).toString();
    } catch (CharacterCodingException e) {
      throw new JsonParseException("body is not valid UTF-8");
    }
    return parse(text);
  }

  private static boolean isAscii(byte[] b, int length) {
    for (int i = 0; i < length; i++) if (b[i] < 0) return false;
    return true;
  }

  public static JsonValue parse(String text) throws JsonParseException {
    JsonParser p = new JsonParser(text);
    p.skipWs();
    JsonValue v = p.value(0);
    p.skipWs();
    if (p.pos != text.length()) throw p.error("unexpected data after the JSON value");
    return v;
  }

  /**
   * The leading members of a top-level object, read only until every key of {@code wanted} has been seen:
   * for a block's header fields without parsing its transactions. Members after that point are not read,
   * so not checked either; a caller that trusts the rest must parse it in full later. Keys missing from
   * the object are missing from the answer.
   */
  public static Map<String, JsonValue> leadingMembers(byte[] utf8, Set<String> wanted) throws JsonParseException {
    int prefix = Math.min(utf8.length, 2048);
    if (isAscii(utf8, prefix)) {
      try {
        Map<String, JsonValue> found = new JsonParser(new String(utf8, 0, prefix, StandardCharsets.ISO_8859_1)).leading(wanted);
        if (found.size() == wanted.size()) return found;
      } catch (JsonParseException e) {
        // the wanted members are not all in the prefix: read further below
      }
    }
    JsonValue whole = parse(utf8);
    if (!(whole instanceof JsonValue.JsonObject o)) throw new JsonParseException("expected a JSON object");
    Map<String, JsonValue> found = new HashMap<>();
    for (String k : wanted) if (o.members().containsKey(k)) found.put(k, o.members().get(k));
    return found;
  }

  /** An object member's key and its colon, leaving the position at the value. */
  private String memberKey() throws JsonParseException {
    skipWs();
    if (pos >= s.length() || s.charAt(pos) != '"') throw error("expected a string key");
    String key = string();
    skipWs();
    if (pos >= s.length() || s.charAt(pos) != ':') throw error("expected ':'");
    pos++;
    skipWs();
    return key;
  }

  private Map<String, JsonValue> leading(Set<String> wanted) throws JsonParseException {
    skipWs();
    if (pos >= s.length() || s.charAt(pos) != '{') throw error("expected a JSON object");
    pos++;
    Map<String, JsonValue> found = new HashMap<>();
    skipWs();
    if (pos < s.length() && s.charAt(pos) == '}') return found;
    while (true) {
      String key = memberKey();
      JsonValue v = value(1);
      if (wanted.contains(key)) found.put(key, v);
      if (found.size() == wanted.size()) return found;
      skipWs();
      if (pos >= s.length()) throw error("unterminated object");
      char c = s.charAt(pos++);
      if (c == '}') return found;
      if (c != ',') throw error("expected ',' or '}'");
    }
  }

  private JsonParseException error(String what) {
    return new JsonParseException(what + " at offset " + pos);
  }

  private void skipWs() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') pos++;
      else break;
    }
  }

  private JsonValue value(int depth) throws JsonParseException {
    if (pos >= s.length()) throw error("unexpected end of input");
    char c = s.charAt(pos);
    switch (c) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"': return new JsonValue.JsonString(string());
      case 't': literal("true"); return JsonValue.JsonBool.TRUE;
      case 'f': literal("false"); return JsonValue.JsonBool.FALSE;
      case 'n': literal("null"); return JsonValue.JsonNull.INSTANCE;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        throw error("unexpected character '" + printable(c) + "'");
    }
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  private void literal(String word) throws JsonParseException {
    if (!s.startsWith(word, pos)) throw error("invalid literal");
    pos += word.length();
  }

  private JsonValue object(int depth) throws JsonParseException {
    if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
    pos++;
    LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
    skipWs();
    if (pos < s.length() && s.charAt(pos) == '}') {
      pos++;
      return JsonValue.JsonObject.adopt(members);
    }
    while (true) {
      String key = memberKey();
      JsonValue v = value(depth);
      members.put(key, v); // a repeated key keeps its first position and takes the last value, as a Python dict does
      skipWs();
      if (pos >= s.length()) throw error("unterminated object");
      char c = s.charAt(pos++);
      if (c == '}') return JsonValue.JsonObject.adopt(members);
      if (c != ',') throw error("expected ',' or '}'");
    }
  }

  private JsonValue array(int depth) throws JsonParseException {
    if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
    pos++;
    List<JsonValue> elements = new ArrayList<>();
    skipWs();
    if (pos < s.length() && s.charAt(pos) == ']') {
      pos++;
      return new JsonValue.JsonArray(elements);
    }
    while (true) {
      skipWs();
      elements.add(value(depth));
      skipWs();
      if (pos >= s.length()) throw error("unterminated array");
      char c = s.charAt(pos++);
      if (c == ']') return new JsonValue.JsonArray(elements);
      if (c != ',') throw error("expected ',' or ']'");
    }
  }

  private String string() throws JsonParseException {
    pos++; // opening quote
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      if (pos >= s.length()) throw error("unterminated string");
      char c = s.charAt(pos);
      if (c == '"') {
        String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
        pos++;
        return out;
      }
      if (c < 0x20) throw error("control character in string");
      if (c == '\\') {
        if (sb == null) sb = new StringBuilder();
        sb.append(s, start, pos);
        pos++;
        if (pos >= s.length()) throw error("unterminated escape");
        char e = s.charAt(pos++);
        switch (e) {
          case '"': sb.append('"'); break;
          case '\\': sb.append('\\'); break;
          case '/': sb.append('/'); break;
          case 'b': sb.append('\b'); break;
          case 'f': sb.append('\f'); break;
          case 'n': sb.append('\n'); break;
          case 'r': sb.append('\r'); break;
          case 't': sb.append('\t'); break;
          case 'u':
            if (pos + 4 > s.length()) throw error("short \\u escape");
            int cp = 0;
            for (int i = 0; i < 4; i++) {
              int d = hexDigit(s.charAt(pos + i));
              if (d < 0) throw error("bad hex digit in \\u escape");
              cp = cp * 16 + d;
            }
            pos += 4;
            sb.append((char) cp);
            break;
          default:
            throw error("invalid escape '\\" + printable(e) + "'");
        }
        start = pos;
      } else {
        pos++;
      }
    }
  }

  private JsonValue number() throws JsonParseException {
    int start = pos;
    if (s.charAt(pos) == '-') pos++;
    if (pos >= s.length()) throw error("bad number");
    char c = s.charAt(pos);
    if (c == '0') {
      pos++;
    } else if (c >= '1' && c <= '9') {
      while (pos < s.length() && isDigit(s.charAt(pos))) pos++;
    } else {
      throw error("bad number");
    }
    if (pos < s.length() && s.charAt(pos) == '.') {
      pos++;
      int d = pos;
      while (pos < s.length() && isDigit(s.charAt(pos))) pos++;
      if (pos == d) throw error("bad number: digits expected after '.'");
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      pos++;
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) pos++;
      int d = pos;
      while (pos < s.length() && isDigit(s.charAt(pos))) pos++;
      if (pos == d) throw error("bad number: digits expected in exponent");
    }
    if (pos - start > 400) throw error("number longer than 400 characters");
    return new JsonValue.JsonNumber(s.substring(start, pos));
  }

  /** 0-9, a-f, A-F only (Character.digit would also take Arabic-Indic or fullwidth digits). */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
