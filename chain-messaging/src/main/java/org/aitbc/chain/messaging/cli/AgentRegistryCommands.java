package org.aitbc.chain.messaging.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.agent.AgentTx;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.messaging.MessageSender;
import org.aitbc.chain.messaging.MessagingClient;
import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcException;
import org.aitbc.chain.wallet.cli.ExitCode;
import org.aitbc.chain.wallet.cli.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code agent create | update | delete | list | show}: the on-chain agent registry. */
final class AgentRegistryCommands {
  private AgentRegistryCommands() {}

  /** Shared: submit a registry transaction signed by the wallet. */
  abstract static class Submit extends AgentBase {
    @Option(names = "--wallet", required = true, paramLabel = "NAME", description = "Wallet that owns the agent and pays the fee.")
    String wallet;

    @Option(names = "--fee", paramLabel = "N", description = "Fee (default: the node's min_fee).")
    Long fee;

    @Mixin Options.Keystore keystore;
    @Mixin Options.Password password;
    @Mixin AgentOptions.Rpc rpc;
    @Mixin Options.Output output;

    String submit(String type, JsonObject payload) throws KeystoreException, RpcException, MessageSender.Refused {
      MessagingClient client = rpc.client(env());
      KeyPair key = loadKey(keystore, password, wallet);
      MessageSender sender = new MessageSender(client.rpc(), key, env().clockMs(), fee);
      return sender.send(type, key.address(), payload, 0).txHash();
    }

    static List<JsonValue> strings(List<String> xs) {
      List<JsonValue> out = new ArrayList<>();
      for (String x : xs) out.add(JsonValue.str(x));
      return out;
    }

    void report(String hash, String agentId, String status) {
      if (output.json()) printJson(Json.obj("transaction_hash", hash, "agent_id", agentId, "status", status));
      else out().println(agentId + "  (" + status + " by transaction " + hash + "; listed once sealed)");
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Register an agent on chain (an agent_register transaction); prints its agent id.")
  static final class Create extends Submit {
    @Option(names = "--name", required = true, description = "Agent name (1-64 characters, unique per owner).")
    String name;

    @Option(names = "--description", defaultValue = "", description = "What the agent does.")
    String description;

    @Option(names = "--capability", paramLabel = "CAP", description = "A capability (repeatable), e.g. summarize.")
    List<String> capabilities = new ArrayList<>();

    @Option(names = "--verification-level", defaultValue = "none", description = "none, basic or verified (default: ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--endpoint", paramLabel = "URL", description = "Where the agent can be reached (optional).")
    String endpoint;

    @Override
    protected void run() throws KeystoreException, RpcException, MessageSender.Refused {
      List<Object> kv = new ArrayList<>(List.of("name", name, "description", description, "capabilities",
          Json.arr(strings(capabilities)), "verification_level", level));
      if (endpoint != null) {
        kv.add("endpoint");
        kv.add(endpoint);
      }
      String hash = submit(AgentTx.REGISTER, Json.obj(kv.toArray()));
      report(hash, AgentTx.agentId(keyAddress(), name), "registered");
    }

    private String keyAddress() throws KeystoreException {
      return keystore.dir(env()).show(wallet).address();
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a registered agent (owner only).")
  static final class Update extends Submit {
    @Option(names = "--agent-id", required = true, description = "The agent to change.")
    String agentId;

    @Option(names = "--description", description = "New description.")
    String description;

    @Option(names = "--capability", paramLabel = "CAP", description = "New capabilities (repeatable; replaces the list).")
    List<String> capabilities;

    @Option(names = "--verification-level", description = "none, basic or verified.")
    String level;

    @Option(names = "--endpoint", paramLabel = "URL", description = "New endpoint.")
    String endpoint;

    @Override
    protected void run() throws KeystoreException, RpcException, MessageSender.Refused {
      List<Object> kv = new ArrayList<>(List.of("agent_id", agentId));
      if (description != null) kv.addAll(List.of("description", description));
      if (capabilities != null) kv.addAll(List.of("capabilities", Json.arr(strings(capabilities))));
      if (level != null) kv.addAll(List.of("verification_level", level));
      if (endpoint != null) kv.addAll(List.of("endpoint", endpoint));
      report(submit(AgentTx.UPDATE, Json.obj(kv.toArray())), agentId, "updated");
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deregister an agent (owner only).")
  static final class Delete extends Submit {
    @Option(names = "--agent-id", required = true, description = "The agent to deregister.")
    String agentId;

    @Override
    protected void run() throws KeystoreException, RpcException, MessageSender.Refused {
      report(submit(AgentTx.DEREGISTER, Json.obj("agent_id", agentId)), agentId, "deregistered");
    }
  }

  /** Shared: GET a registry route. */
  abstract static class Read extends AgentBase {
    @Mixin AgentOptions.Rpc rpc;
    @Mixin Options.Output output;

    JsonObject get(String pathAndQuery) throws RpcException {
      return rpc.client(env()).rpc().getJson(pathAndQuery, "/rpc/agents", Duration.ofSeconds(30));
    }

    static String str(JsonObject o, String k) {
      JsonValue v = o.members().get(k);
      return v instanceof JsonValue.JsonString s ? s.value() : v == null ? "" : org.aitbc.chain.core.json.PyJson.compact(v);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered agents, optionally by capability.")
  static final class ListAgents extends Read {
    @Option(names = "--capability", paramLabel = "CAP", description = "Only agents with this capability.")
    String capability;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected void run() throws RpcException {
      String q = "/rpc/agents?limit=" + limit
          + (capability == null ? "" : "&capability=" + java.net.URLEncoder.encode(capability, StandardCharsets.UTF_8));
      JsonObject o = get(q);
      if (output.json()) {
        printJson(o.members().get("agents"));
        return;
      }
      for (JsonValue v : ((JsonValue.JsonArray) o.members().get("agents")).elements()) {
        JsonObject a = (JsonObject) v;
        out().println(str(a, "agent_id") + "  " + str(a, "name") + "  owner " + str(a, "owner") + "  capabilities "
            + str(a, "capabilities") + "  level " + str(a, "verification_level"));
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one registered agent.")
  static final class Show extends Read {
    @Option(names = "--agent-id", required = true, description = "The agent id (agent_...).")
    String agentId;

    @Override
    protected void run() throws RpcException {
      JsonObject o = get("/rpc/agents/" + java.net.URLEncoder.encode(agentId, StandardCharsets.UTF_8));
      if (output.json()) {
        printJson(o);
        return;
      }
      o.members().forEach((k, v) -> out().println(String.format("%-19s %s", k, str(o, k))));
    }
  }
}
