package org.aitbc.chain.messaging;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.messaging.Envelope.Kind;
import org.aitbc.chain.messaging.Envelope.Parsed;
import org.aitbc.chain.messaging.Envelope.Raw;
import org.aitbc.chain.messaging.Envelope.Structured;

/** Reads a payload as an envelope; every path returns a {@link Parsed}. */
final class EnvelopeReader {
  private static final Set<String> MEMBERS =
      Set.of("v", "id", "kind", "reply_to", "correlation_id", "require_ack", "content_type", "body", "enc");

  private EnvelopeReader() {}

  static Parsed read(JsonValue payload) {
    JsonObject o;
    if (payload instanceof JsonObject obj) {
      o = obj;
    } else if (payload instanceof JsonValue.JsonString s) {
      String t = s.value();
      if (t.length() > Envelope.MAX_PARSE_CHARS) return new Raw(payload, "too long to be an envelope");
      String trimmed = t.strip();
      if (!trimmed.startsWith("{")) return new Raw(payload, "plain text");
      JsonValue v;
      try {
        v = JsonParser.parse(trimmed);
      } catch (JsonParseException e) {
        return new Raw(payload, "text starting with '{' that is not JSON");
      }
      if (!(v instanceof JsonObject obj)) return new Raw(payload, "not a JSON object");
      o = obj;
    } else {
      return new Raw(payload, "a JSON " + typeName(payload) + ", not an envelope");
    }
    if (!o.members().containsKey("v")) return new Raw(payload, "a JSON object without \"v\"");
    String problem = problem(o);
    if (problem != null) return new Raw(payload, "malformed envelope: " + problem);
    return new Structured(payload, build(o));
  }

  /** Null when {@code o} is a valid version-1 envelope. */
  private static String problem(JsonObject o) {
    Map<String, JsonValue> m = o.members();
    Optional<Long> v = m.get("v") instanceof JsonValue.JsonNumber n ? n.longValueExact() : Optional.empty();
    if (v.isEmpty()) return "v must be an integer";
    if (v.get() != Envelope.VERSION) return "envelope version " + v.get() + " is not supported (this client reads " + Envelope.VERSION + ")";
    for (String k : m.keySet()) if (!MEMBERS.contains(k)) return "unknown member '" + k + "'";
    if (!(m.get("id") instanceof JsonValue.JsonString id) || !Envelope.validId(id.value())) {
      return "id must be 1.." + Envelope.MAX_ID_LENGTH + " characters of [A-Za-z0-9._:-]";
    }
    if (!(m.get("kind") instanceof JsonValue.JsonString kind) || Kind.fromWire(kind.value()).isEmpty()) {
      return "kind must be one of text, ping, pong, task, result, ack";
    }
    for (String k : new String[] {"reply_to", "correlation_id"}) {
      if (m.containsKey(k) && m.get(k) != JsonValue.JsonNull.INSTANCE
          && !(m.get(k) instanceof JsonValue.JsonString s && Envelope.validId(s.value()))) {
        return k + " must be an id";
      }
    }
    if (m.containsKey("require_ack") && !(m.get("require_ack") instanceof JsonValue.JsonBool)) {
      return "require_ack must be true or false";
    }
    if (m.containsKey("content_type") && m.get("content_type") != JsonValue.JsonNull.INSTANCE
        && !(m.get("content_type") instanceof JsonValue.JsonString ct && Envelope.validContentType(ct.value()))) {
      return "content_type must be 1.." + Envelope.MAX_CONTENT_TYPE_LENGTH + " printable ASCII characters";
    }
    if (m.containsKey("enc")) {
      Sealed.Result r = Sealed.parse(m.get("enc"));
      if (r.problem() != null) return r.problem();
      if (m.containsKey("body") || m.containsKey("content_type")) {
        return "an encrypted envelope must not carry body or content_type outside enc";
      }
    }
    return null;
  }

  private static Envelope build(JsonObject o) {
    Map<String, JsonValue> m = o.members();
    String id = ((JsonValue.JsonString) m.get("id")).value();
    Kind kind = Kind.fromWire(((JsonValue.JsonString) m.get("kind")).value()).orElseThrow();
    String replyTo = optString(m.get("reply_to"));
    String correlationId = optString(m.get("correlation_id"));
    boolean requireAck = m.get("require_ack") == JsonValue.JsonBool.TRUE;
    String contentType = optString(m.get("content_type"));
    JsonValue body = m.get("body");
    Sealed sealed = m.containsKey("enc") ? Sealed.parse(m.get("enc")).sealed() : null;
    return new Envelope(Envelope.VERSION, id, kind, replyTo, correlationId, requireAck, contentType, body, sealed);
  }

  private static String optString(JsonValue v) {
    return v instanceof JsonValue.JsonString s ? s.value() : null;
  }

  private static String typeName(JsonValue v) {
    if (v instanceof JsonValue.JsonNumber) return "number";
    if (v instanceof JsonValue.JsonArray) return "array";
    if (v instanceof JsonValue.JsonBool) return "boolean";
    return "null";
  }
}
