package org.aitbc.chain.messaging.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import org.aitbc.chain.wallet.cli.CliEnv;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.messaging.AgentListener;
import org.aitbc.chain.messaging.ListenerState;
import org.aitbc.chain.messaging.MessageSender;
import org.aitbc.chain.messaging.MessagingClient;
import org.aitbc.chain.messaging.TaskHandler;
import org.aitbc.chain.wallet.KeystoreDir;
import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcException;
import org.aitbc.chain.wallet.cli.CliFailure;
import org.aitbc.chain.wallet.cli.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "listen", mixinStandardHelpOptions = true, versionProvider = org.aitbc.chain.wallet.cli.WalletCli.Version.class,
    description = {"Run an agent: follow the wallet's inbox and answer it, one line of output per message.",
        "Keeps its cursor and the ids it processed in --state-dir, so a restart neither replays nor misses a "
            + "message; a first start begins at the chain's head (--from-start: at the beginning). Acks every "
            + "envelope that asks for one, answers pings with pongs, answers texts (and plain payloads of old "
            + "clients) that match a --reply rule, and runs task messages with --exec (the task input as JSON on "
            + "stdin, its output the result) or POSTs them to --forward, then sends the result."})
final class AgentListen extends AgentBase {
  @Option(names = "--wallet", required = true, paramLabel = "NAME", description = "The agent's wallet (whose inbox, who answers).")
  String wallet;

  @Option(names = "--reply", paramLabel = "TEXT=REPLY", description = "Answer a message TEXT with REPLY (repeatable), e.g. ping=pong.")
  Map<String, String> replies = new LinkedHashMap<>();

  @Option(names = "--exec", paramLabel = "CMD",
      description = "Run tasks with /bin/sh -c CMD: input JSON on stdin; AITBC_TASK_ID, AITBC_TASK_ACTION, AITBC_TASK_FROM set.")
  String exec;

  @Option(names = "--forward", paramLabel = "URL", description = "POST tasks as {\"id\",\"from\",\"action\",\"input\"} to this URL.")
  String forward;

  @Option(names = {"--task-timeout", "--exec-timeout"}, paramLabel = "DURATION", defaultValue = "30s",
      converter = AgentOptions.DurationConverter.class, description = "Longest a task may run (default: ${DEFAULT-VALUE}).")
  Duration taskTimeout;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the cursor is kept (default: $AITBC_HOME/agents, else ~/.aitbc/agents).")
  Path stateDir;

  @Option(names = "--from-start", description = "On a first start (no saved cursor), read the inbox from its beginning.")
  boolean fromStart;

  @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Stop after N messages (default: never).")
  long count;

  @Option(names = "--fee", paramLabel = "N", description = "Fee of each answer (default: the node's min_fee).")
  Long fee;

  @Mixin Options.Keystore keystore;
  @Mixin Options.Password password;
  @Mixin AgentOptions.Rpc rpc;
  @Mixin Options.Output output;

  @Override
  protected void run() throws KeystoreException, RpcException, IOException {
    if (exec != null && forward != null) throw CliFailure.usage("give --exec or --forward, not both");
    if (count < 0) throw CliFailure.usage("--count must be 0 or more");
    if (taskTimeout.isZero()) throw CliFailure.usage("--task-timeout must be more than 0");
    for (Map.Entry<String, String> r : replies.entrySet()) {
      if (r.getKey().isBlank()) throw CliFailure.usage("--reply needs TEXT=REPLY with a TEXT");
    }
    URI forwardUrl = forward == null ? null : forwardUrl(forward);
    MessagingClient client = rpc.client(env());
    KeyPair key = loadKey(keystore, password, wallet);
    TaskHandler tasks = exec != null ? new TaskHandler.Exec(exec, taskTimeout, null)
        : forwardUrl != null ? new TaskHandler.Forward(forwardUrl, HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build(), taskTimeout)
        : TaskHandler.NONE;
    Path dir = stateDir != null ? stateDir : defaultStateDir(env());
    ListenerState.Store store = new ListenerState.Store(dir, key.address());
    Map<String, String> rules = new LinkedHashMap<>();
    replies.forEach((k, v) -> rules.put(k.strip(), v));
    AgentListener listener = new AgentListener(key, client, new MessageSender(client.rpc(), key, env().clockMs(), fee), tasks,
        store, new AgentListener.Config(rules, fromStart, 100, 30_000), env().random(), this::print);
    String from = listener.start();
    if (output.json()) {
      printJson(Json.obj("event", "listening", "address", key.address(), "cursor", from, "state_file", store.file().toString()));
    } else {
      out().println("listening as " + key.address() + " after cursor " + (from.isEmpty() ? "(start)" : from)
          + " (state: " + store.file() + ")");
      out().flush();
    }
    long n = listener.run(count, () -> false);
    if (output.json()) printJson(Json.obj("event", "stopped", "handled", n, "cursor", listener.cursor()));
    else out().println("stopped after " + n + (n == 1 ? " message" : " messages") + " at cursor " + listener.cursor());
  }

  private static URI forwardUrl(String s) {
    try {
      URI u = new URI(s);
      if (u.getScheme() != null && (u.getScheme().equals("http") || u.getScheme().equals("https")) && u.getHost() != null) return u;
    } catch (URISyntaxException e) {
      // below
    }
    throw CliFailure.usage("--forward '" + s + "' must look like http://HOST:PORT/PATH");
  }

  private void print(AgentListener.Event e) {
    if (output.json()) {
      java.util.List<JsonValue> sent = new java.util.ArrayList<>();
      for (String h : e.sent()) sent.add(JsonValue.str(h));
      printJson(Json.obj("event", "message", "cursor", e.cursor(), "tx_hash", e.txHash(), "from", e.from(), "kind", e.kind(),
          "action", e.action(), "detail", e.detail(), "sent", Json.arr(sent)));
      return;
    }
    StringBuilder sb = new StringBuilder();
    if (e.txHash() == null) {
      sb.append(e.action()).append(": ").append(e.detail());
    } else {
      sb.append(e.cursor()).append("  ").append(e.txHash()).append("  ").append(e.from()).append("  ").append(e.kind())
          .append("  ").append(e.action());
      if (!e.detail().isEmpty()) sb.append(": ").append(e.detail());
      if (!e.sent().isEmpty()) sb.append("  sent ").append(String.join(" ", e.sent()));
    }
    out().println(sb);
    out().flush();
  }

  /** $AITBC_HOME/agents when AITBC_HOME is set (as the node's dev chain uses it), else ~/.aitbc/agents. */
  static Path defaultStateDir(CliEnv env) {
    return KeystoreDir.aitbcHome(env.env(), env.home()).resolve("agents");
  }
}
