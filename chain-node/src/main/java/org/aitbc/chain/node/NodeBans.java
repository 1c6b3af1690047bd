package org.aitbc.chain.node;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.wallet.RpcClient;
import org.aitbc.chain.wallet.RpcException;
import org.aitbc.chain.wallet.cli.CliEnv;
import org.aitbc.chain.wallet.cli.CliFailure;
import org.aitbc.chain.wallet.cli.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aitbc node bans}: what a running node refuses ({@code GET /rpc/bans}), and lifting it. */
@Command(name = "bans", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"List whom the node refuses: node ids banned for provable misbehaviour (an invalid block or",
        "transaction), hosts banned by hand, and addresses discouraged for a while after garbage, another protocol",
        "or another network (discouraged addresses are not dialed and get few inbound connections, never none).",
        "Lifting works only on the node's own machine."})
final class NodeBans implements Callable<Integer> {
  private final CliEnv env;

  NodeBans() {
    this(CliEnv.system());
  }

  NodeBans(CliEnv env) {
    this.env = env;
  }

  @Spec CommandSpec spec;
  @Mixin Options.Rpc rpc;
  @Mixin Options.Output output;

  @Option(names = "--lift", paramLabel = "TARGET",
      description = "Lift the ban and discouragement of a host, or the ban of a node id (hex, or its first 8+ digits)")
  String lift;

  @Option(names = "--lift-all", description = "Lift every ban and discouragement")
  boolean liftAll;

  /** Every failure is one line on err ({@code error: ...}) and the exit code of the wallet CLI's table. */
  @Override
  public Integer call() {
    try {
      run(spec.commandLine().getOut());
      return 0;
    } catch (CliFailure f) {
      spec.commandLine().getOut().flush();
      PrintWriter err = spec.commandLine().getErr();
      err.println("error: " + f.getMessage().replace('\n', ' '));
      err.flush();
      return f.exitCode().code();
    }
  }

  private void run(PrintWriter out) {
    if (lift != null && liftAll) throw CliFailure.usage("give --lift TARGET or --lift-all, not both");
    RpcClient client = rpc.client(env);
    try {
      if (lift == null && !liftAll) {
        JsonObject o = client.getJson("/rpc/bans", "/rpc/bans", RpcClient.DEFAULT_TIMEOUT);
        List<JsonObject> bans = entries(o, "bans");
        if (output.json()) out.println(PyJson.compact(o));
        else if (bans.isEmpty()) out.println("no bans or discouragements");
        else print(out, bans);
      } else {
        JsonObject body = liftAll ? Json.obj("all", true) : Json.obj("target", lift);
        JsonObject o = client.postJson("/rpc/bans/lift", body);
        List<JsonObject> lifted = entries(o, "lifted");
        if (output.json()) out.println(PyJson.compact(o));
        else if (lifted.isEmpty()) out.println("nothing to lift");
        else for (JsonObject b : lifted) out.println("lifted " + text(b, "kind") + " " + text(b, "target") + " (" + text(b, "reason") + ")");
      }
    } catch (RpcException e) {
      throw CliFailure.of(e);
    }
    out.flush();
  }

  private static void print(PrintWriter out, List<JsonObject> bans) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"KIND", "TARGET", "UNTIL", "REASON"});
    for (JsonObject b : bans) rows.add(new String[] {text(b, "kind"), text(b, "target"), text(b, "until"), text(b, "reason")});
    int[] w = new int[3];
    for (String[] r : rows) for (int i = 0; i < 3; i++) w[i] = Math.max(w[i], r[i].length());
    for (String[] r : rows) {
      out.println(String.format("%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %s", (Object[]) r));
    }
  }

  private static List<JsonObject> entries(JsonObject o, String key) {
    List<JsonObject> out = new ArrayList<>();
    if (o.get(key).orElse(null) instanceof JsonValue.JsonArray a) {
      for (JsonValue v : a.elements()) if (v instanceof JsonObject e) out.add(e);
    }
    return out;
  }

  private static String text(JsonObject o, String key) {
    return o.get(key).orElse(null) instanceof JsonValue.JsonString s ? s.value() : "";
  }
}
