package org.aitbc.chain.messaging.cli;

import java.time.Duration;
import java.util.Optional;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.messaging.Delivery;
import org.aitbc.chain.messaging.Envelope;
import org.aitbc.chain.messaging.Envelope.Kind;
import org.aitbc.chain.messaging.InboxWatch;
import org.aitbc.chain.messaging.MessageCrypto;
import org.aitbc.chain.messaging.MessageSender;
import org.aitbc.chain.messaging.MessagingClient;
import org.aitbc.chain.messaging.Task;
import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcException;
import org.aitbc.chain.wallet.cli.CliFailure;
import org.aitbc.chain.wallet.cli.ExitCode;
import org.aitbc.chain.wallet.cli.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "task", mixinStandardHelpOptions = true, versionProvider = org.aitbc.chain.wallet.cli.WalletCli.Version.class,
    description = {"Dispatch a task to an agent and wait for its result; prints the result's output.",
        "Exit 21 when the agent answers that the task failed, 7 when no result came within --wait."})
final class AgentTask extends AgentBase {
  @Option(names = "--wallet", required = true, paramLabel = "NAME", description = "Wallet that signs and receives the result.")
  String wallet;

  @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "The agent's address.")
  String to;

  @Option(names = "--action", required = true, paramLabel = "NAME", description = "What to do (the agent's action name).")
  String action;

  @Option(names = "--input", paramLabel = "JSON", defaultValue = "null", description = "The task input, JSON (default: null).")
  String input;

  @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s", converter = AgentOptions.DurationConverter.class,
      description = "How long to wait for the result; 0 submits without waiting (default: ${DEFAULT-VALUE}).")
  Duration wait;

  @Option(names = "--encrypt", description = "Seal the task for the agent (its result comes back sealed for you).")
  boolean encrypt;

  @Option(names = "--recipient-key", paramLabel = "HEX", description = "With --encrypt: the agent's Ed25519 public key.")
  String recipientKey;

  @Option(names = "--fee", paramLabel = "N", description = "Fee (default: the node's min_fee).")
  Long fee;

  @Mixin Options.Keystore keystore;
  @Mixin Options.Password password;
  @Mixin AgentOptions.Rpc rpc;
  @Mixin Options.Output output;

  @Override
  protected void run() throws KeystoreException, RpcException, MessageSender.Refused {
    if (to != null && to.startsWith("agent_")) to = resolveAgent(rpc.client(env()), to);
    address(to, "--to");
    if (!Task.validAction(action)) throw CliFailure.usage("--action must be 1.." + Task.MAX_ACTION_LENGTH + " characters of [A-Za-z0-9._:/-]");
    if (recipientKey != null && !encrypt) throw CliFailure.usage("--recipient-key is only used with --encrypt");
    JsonValue in;
    try {
      in = JsonParser.parse(input);
    } catch (JsonParseException e) {
      throw CliFailure.usage("--input must be JSON: " + e.getMessage());
    }
    MessagingClient client = rpc.client(env());
    KeyPair key = loadKey(keystore, password, wallet);
    Envelope task = Envelope.task(action, in, env().random());
    task.sizeProblem(Envelope.MAX_PAYLOAD_BYTES).ifPresent(p -> {
      throw CliFailure.usage(p);
    });
    if (encrypt) {
      Bytes pk = AgentMessage.recipientKey(client, to, recipientKey);
      MessageCrypto.SealResult r = MessageCrypto.seal(task, key.address(), to, pk, env().random());
      if (!r.isOk()) throw CliFailure.usage("cannot encrypt for " + to + ": " + r.problem());
      task = r.envelope();
    }
    String startCursor = client.cursorAfterHead();
    MessageSender sender = new MessageSender(client.rpc(), key, env().clockMs(), fee);
    String hash = sender.send(to, task).txHash();
    if (wait.isZero()) {
      if (output.json()) printJson(Json.obj("task_id", task.id(), "transaction_hash", hash, "status", "submitted"));
      else out().println(hash);
      return;
    }
    InboxWatch watch = new InboxWatch(client, key.address(), startCursor, 100, env().clockMs());
    Optional<Delivery.Answer> answer = Delivery.find(watch, to, task.id(), Kind.RESULT, key,
        env().clockMs().getAsLong() + wait.toMillis(), env().clockMs());
    if (answer.isEmpty()) {
      if (output.json()) printJson(Json.obj("task_id", task.id(), "transaction_hash", hash, "status", "timeout"));
      throw new AgentFailure(ExitCode.TIMEOUT, "no result for task " + task.id() + " (" + hash + ") from " + to
          + " within " + wait.toMillis() / 1000.0 + " s");
    }
    Delivery.Answer a = answer.get();
    if (a.decryptError() != null) {
      throw new AgentFailure(AgentExit.DECRYPT_FAILED, "cannot decrypt message " + a.message().txHash() + ": " + a.decryptError());
    }
    Task.Result r = Task.Result.from(a.envelope().body());
    if (output.json()) {
      printJson(Json.obj("task_id", task.id(), "transaction_hash", hash, "status", r.ok() ? "ok" : "failed",
          "result", r.toJson(), "result_transaction_hash", a.message().txHash()));
    } else if (r.output() != null) {
      out().println(r.output() instanceof JsonValue.JsonString s ? s.value() : PyJson.compactUnsorted(r.output()));
    }
    if (!r.ok()) throw new AgentFailure(AgentExit.TASK_FAILED, "task " + action + " failed: " + r.error());
  }
}
