package org.aitbc.chain.wallet.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import org.aitbc.chain.core.crypto.Address;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;

/** Readable output for people: aligned key/value lines and tables; plus the address check. */
final class Text {
  private Text() {}

  /** A JSON value as a person reads it: strings bare, null as "-", the rest compact JSON. */
  static String of(JsonValue v) {
    if (v == null || v == JsonValue.JsonNull.INSTANCE) return "-";
    if (v instanceof JsonValue.JsonString s) return s.value();
    return PyJson.compactUnsorted(v);
  }

  static String field(JsonObject o, String key) {
    return of(o.get(key).orElse(null));
  }

  static Optional<Long> longField(JsonObject o, String key) {
    return o.get(key).filter(JsonValue.JsonNumber.class::isInstance)
        .flatMap(v -> ((JsonValue.JsonNumber) v).longValueExact());
  }

  static Optional<String> stringField(JsonObject o, String key) {
    return o.get(key).filter(JsonValue.JsonString.class::isInstance).map(v -> ((JsonValue.JsonString) v).value());
  }

  /** Lines "key   value" with the values aligned. */
  static void keyValues(PrintWriter out, List<String[]> rows) {
    int w = 0;
    for (String[] r : rows) w = Math.max(w, r[0].length());
    for (String[] r : rows) out.println(pad(r[0], w) + "  " + r[1]);
  }

  /** A table with a header row; every column but the last is padded. */
  static void table(PrintWriter out, List<String[]> rows) {
    if (rows.isEmpty()) return;
    int cols = rows.get(0).length;
    int[] w = new int[cols];
    for (String[] r : rows) for (int i = 0; i < cols; i++) w[i] = Math.max(w[i], r[i].length());
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < cols; i++) sb.append(i + 1 < cols ? pad(r[i], w[i]) + "  " : r[i]);
      out.println(sb.toString().stripTrailing());
    }
  }

  static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  /** A payload shortened for a table cell. */
  static String shortPayload(JsonValue v) {
    String s = v instanceof JsonValue.JsonString str ? PyJson.compactUnsorted(str) : of(v);
    return s.length() > 40 ? s.substring(0, 39) + "…" : s;
  }

  /** An account address: the hex form, or the bech32 form (HRP "ait") that AITBC node keys use. */
  static String address(String a, String option) {
    if (a != null && (Address.isValid(a) || isBech32Form(a))) return a;
    throw new CliFailure(ExitCode.BAD_ADDRESS, option + " '" + (a == null ? "" : a)
        + "' is not an address: \"ait1\" followed by 40 lowercase hex characters");
  }

  private static boolean isBech32Form(String a) {
    if (a.length() < 42 || a.length() > 94 || !a.startsWith("ait1")) return false;
    for (int i = 4; i < a.length(); i++) {
      char c = a.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) return false;
    }
    return true;
  }
}
