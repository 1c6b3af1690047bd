package org.aitbc.chain.core.agent;

import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;

/** An agent of the on-chain registry, as the registration and update transactions left it. */
public record AgentRecord(String id, String owner, String name, String description, List<String> capabilities,
    String verificationLevel, String endpoint, long registeredHeight, long updatedHeight, boolean active) {

  public AgentRecord {
    capabilities = List.copyOf(capabilities);
  }

  public JsonObject toJson() {
    List<JsonValue> caps = new ArrayList<>();
    for (String c : capabilities) caps.add(JsonValue.str(c));
    return Json.obj("agent_id", id, "owner", owner, "name", name, "description", description,
        "capabilities", Json.arr(caps), "verification_level", verificationLevel, "endpoint", endpoint,
        "registered_height", registeredHeight, "updated_height", updatedHeight, "active", active);
  }

  public String encode() {
    return PyJson.compactUnsorted(toJson());
  }

  public static AgentRecord decode(String json) {
    try {
      JsonObject o = (JsonObject) JsonParser.parse(json);
      List<String> caps = new ArrayList<>();
      for (JsonValue v : ((JsonValue.JsonArray) o.members().get("capabilities")).elements()) {
        caps.add(((JsonValue.JsonString) v).value());
      }
      return new AgentRecord(s(o, "agent_id"), s(o, "owner"), s(o, "name"), s(o, "description"), caps,
          s(o, "verification_level"), o.members().get("endpoint") instanceof JsonValue.JsonString e ? e.value() : null,
          n(o, "registered_height"), n(o, "updated_height"), o.members().get("active") == JsonValue.JsonBool.TRUE);
    } catch (JsonParseException | ClassCastException | NullPointerException e) {
      throw new IllegalStateException("stored agent record is corrupt: " + json, e);
    }
  }

  private static String s(JsonObject o, String k) {
    return ((JsonValue.JsonString) o.members().get(k)).value();
  }

  private static long n(JsonObject o, String k) {
    return ((JsonValue.JsonNumber) o.members().get(k)).longValueExact().orElseThrow();
  }
}
