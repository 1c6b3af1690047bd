package org.aitbc.chain.wallet;

import java.util.Iterator;
import java.util.Map;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.PyJson;

/** Indented JSON (two spaces, members in their own order, ASCII only) for files people may read. */
public final class JsonText {
  private JsonText() {}

  public static String pretty(JsonValue v) {
    StringBuilder sb = new StringBuilder(512);
    write(sb, v, 0);
    return sb.append('\n').toString();
  }

  private static void write(StringBuilder sb, JsonValue v, int depth) {
    if (v instanceof JsonValue.JsonObject o && o.size() > 0) {
      sb.append("{\n");
      Iterator<Map.Entry<String, JsonValue>> it = o.members().entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonValue> e = it.next();
        indent(sb, depth + 1);
        PyJson.writeString(sb, e.getKey());
        sb.append(": ");
        write(sb, e.getValue(), depth + 1);
        if (it.hasNext()) sb.append(',');
        sb.append('\n');
      }
      indent(sb, depth);
      sb.append('}');
    } else if (v instanceof JsonValue.JsonArray a && !a.elements().isEmpty()) {
      sb.append("[\n");
      for (int i = 0; i < a.elements().size(); i++) {
        indent(sb, depth + 1);
        write(sb, a.elements().get(i), depth + 1);
        if (i + 1 < a.elements().size()) sb.append(',');
        sb.append('\n');
      }
      indent(sb, depth);
      sb.append(']');
    } else {
      sb.append(PyJson.compactUnsorted(v));
    }
  }

  private static void indent(StringBuilder sb, int depth) {
    for (int i = 0; i < depth; i++) sb.append("  ");
  }
}
