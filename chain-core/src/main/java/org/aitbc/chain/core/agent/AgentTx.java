package org.aitbc.chain.core.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.core.tx.Refusal;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;

/**
 * The agent registry's transaction types. They are ordinary signed transactions (contract §1) with
 * {@code "type"} set, {@code "to"} equal to {@code "from"}, {@code "amount"} 0 and a JSON object payload:
 *
 * <pre>
 * agent_register    {"name", "description"?, "capabilities"?: [..], "verification_level"?, "endpoint"?}
 * agent_update      {"agent_id", and any of "description", "capabilities", "verification_level", "endpoint"}
 * agent_deregister  {"agent_id"}
 * </pre>
 *
 * The agent id is deterministic: {@code "agent_"} + the first 32 hex characters of
 * SHA-256(owner address + "/" + name). Only the owner (the registering key) may update or deregister.
 */
public final class AgentTx {
  public static final String REGISTER = "agent_register";
  public static final String UPDATE = "agent_update";
  public static final String DEREGISTER = "agent_deregister";
  public static final Set<String> TYPES = Set.of(REGISTER, UPDATE, DEREGISTER);
  public static final Set<String> LEVELS = Set.of("none", "basic", "verified");
  static final int MAX_NAME = 64;
  static final int MAX_DESCRIPTION = 1024;
  static final int MAX_CAPABILITIES = 32;
  static final int MAX_CAPABILITY = 64;
  static final int MAX_ENDPOINT = 256;
  private static final Set<String> REGISTER_FIELDS = Set.of("name", "description", "capabilities", "verification_level", "endpoint");
  private static final Set<String> UPDATE_FIELDS = Set.of("agent_id", "description", "capabilities", "verification_level", "endpoint");

  private AgentTx() {}

  public static boolean isAgentTx(Transaction tx) {
    return TYPES.contains(tx.type());
  }

  public static String agentId(String owner, String name) {
    return "agent_" + Bytes.wrap(Hashes.sha256((owner + "/" + name).getBytes(StandardCharsets.UTF_8))).hex().substring(0, 32);
  }

  /** Shape rules, no state: null when the transaction is well formed. */
  public static Refusal checkShape(String type, String from, String to, long amount, JsonValue payload) {
    if (!to.equals(from)) return bad("an " + type + " transaction is sent to its own address (to = from)");
    if (amount != 0) return bad("an " + type + " transaction moves no funds (amount 0)");
    if (!(payload instanceof JsonObject p)) return bad("the payload of " + type + " is a JSON object");
    Set<String> allowed = type.equals(REGISTER) ? REGISTER_FIELDS : type.equals(UPDATE) ? UPDATE_FIELDS : Set.of("agent_id");
    for (String k : p.members().keySet()) {
      if (!allowed.contains(k)) return bad("unknown field '" + k + "' in the " + type + " payload");
    }
    if (type.equals(REGISTER)) {
      Optional<String> name = str(p, "name");
      if (name.isEmpty() || name.get().isBlank() || name.get().length() > MAX_NAME) {
        return bad("name must be 1 to " + MAX_NAME + " characters");
      }
    } else if (str(p, "agent_id").isEmpty()) {
      return bad("agent_id is required");
    }
    return checkOptional(p);
  }

  private static Refusal checkOptional(JsonObject p) {
    Map<String, JsonValue> m = p.members();
    if (m.containsKey("description") && (str(p, "description").isEmpty() || str(p, "description").get().length() > MAX_DESCRIPTION)) {
      return bad("description must be a string of at most " + MAX_DESCRIPTION + " characters");
    }
    if (m.containsKey("capabilities")) {
      if (!(m.get("capabilities") instanceof JsonValue.JsonArray a) || a.elements().size() > MAX_CAPABILITIES) {
        return bad("capabilities must be a list of at most " + MAX_CAPABILITIES + " strings");
      }
      for (JsonValue c : a.elements()) {
        if (!(c instanceof JsonValue.JsonString s) || s.value().isEmpty() || s.value().length() > MAX_CAPABILITY
            || s.value().indexOf('\0') >= 0) {
          return bad("each capability is a string of 1 to " + MAX_CAPABILITY + " characters");
        }
      }
    }
    if (m.containsKey("verification_level") && !str(p, "verification_level").map(LEVELS::contains).orElse(false)) {
      return bad("verification_level must be one of " + LEVELS);
    }
    if (m.containsKey("endpoint") && m.get("endpoint") != JsonValue.JsonNull.INSTANCE
        && (str(p, "endpoint").isEmpty() || str(p, "endpoint").get().length() > MAX_ENDPOINT)) {
      return bad("endpoint must be a URL of at most " + MAX_ENDPOINT + " characters");
    }
    return null;
  }

  /** Registry rules against the registry before the transaction; null when valid. */
  public static Refusal checkState(Transaction tx, AgentView registry) {
    JsonObject p = (JsonObject) tx.payload();
    if (tx.type().equals(REGISTER)) {
      String id = agentId(tx.from(), str(p, "name").orElseThrow());
      if (registry.agent(id).map(AgentRecord::active).orElse(false)) {
        return bad("agent " + id + " is already registered; use agent_update");
      }
      return null;
    }
    String id = str(p, "agent_id").orElseThrow();
    Optional<AgentRecord> a = registry.agent(id).filter(AgentRecord::active);
    if (a.isEmpty()) return bad("no registered agent " + id);
    if (!a.get().owner().equals(tx.from())) return bad("agent " + id + " belongs to " + a.get().owner());
    return null;
  }

  /** The record after applying {@code tx} (valid against {@code registry}) in block {@code height}. */
  public static AgentRecord apply(Transaction tx, AgentView registry, long height) {
    JsonObject p = (JsonObject) tx.payload();
    if (tx.type().equals(REGISTER)) {
      String name = str(p, "name").orElseThrow();
      return new AgentRecord(agentId(tx.from(), name), tx.from(), name, str(p, "description").orElse(""),
          caps(p).orElse(List.of()), str(p, "verification_level").orElse("none"), str(p, "endpoint").orElse(null),
          height, height, true);
    }
    AgentRecord a = registry.agent(str(p, "agent_id").orElseThrow()).orElseThrow();
    if (tx.type().equals(DEREGISTER)) {
      return new AgentRecord(a.id(), a.owner(), a.name(), a.description(), a.capabilities(), a.verificationLevel(),
          a.endpoint(), a.registeredHeight(), height, false);
    }
    return new AgentRecord(a.id(), a.owner(), a.name(), str(p, "description").orElse(a.description()),
        caps(p).orElse(a.capabilities()), str(p, "verification_level").orElse(a.verificationLevel()),
        p.members().containsKey("endpoint") ? str(p, "endpoint").orElse(null) : a.endpoint(), a.registeredHeight(),
        height, true);
  }

  /** The agent id a registry transaction is about. */
  public static String subject(Transaction tx) {
    JsonObject p = (JsonObject) tx.payload();
    return tx.type().equals(REGISTER) ? agentId(tx.from(), str(p, "name").orElseThrow()) : str(p, "agent_id").orElseThrow();
  }

  private static Optional<List<String>> caps(JsonObject p) {
    if (!(p.members().get("capabilities") instanceof JsonValue.JsonArray a)) return Optional.empty();
    List<String> out = new ArrayList<>();
    for (JsonValue v : a.elements()) out.add(((JsonValue.JsonString) v).value());
    return Optional.of(out);
  }

  private static Optional<String> str(JsonObject p, String k) {
    return p.members().get(k) instanceof JsonValue.JsonString s ? Optional.of(s.value()) : Optional.empty();
  }

  private static Refusal bad(String detail) {
    return Refusal.of(Reason.INVALID_FIELD, detail);
  }
}
