package org.aitbc.chain.messaging.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.core.util.Hex;
import org.aitbc.chain.messaging.Delivery;
import org.aitbc.chain.messaging.Envelope;
import org.aitbc.chain.messaging.Envelope.Kind;
import org.aitbc.chain.messaging.MessageCrypto;
import org.aitbc.chain.messaging.MessageSender;
import org.aitbc.chain.messaging.MessagingClient;
import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcException;
import org.aitbc.chain.wallet.cli.CliFailure;
import org.aitbc.chain.wallet.cli.ExitCode;
import org.aitbc.chain.wallet.cli.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "message", mixinStandardHelpOptions = true, versionProvider = org.aitbc.chain.wallet.cli.WalletCli.Version.class,
    description = {"Send a message: a zero-amount transfer whose payload is a message envelope. Prints the transaction hash.",
        "With --encrypt the content is sealed for the recipient (HPKE, its key from the node or --recipient-key). "
            + "With --require-ack, waits for the recipient's listener to acknowledge and resends (same message id, "
            + "new nonce) until acked or --ack-timeout; exit 7 when no ack came. --raw sends TEXT as a plain string "
            + "payload, for clients that predate envelopes."})
final class AgentMessage extends AgentBase {
  @Option(names = "--wallet", required = true, paramLabel = "NAME", description = "Wallet that signs and pays the fee.")
  String wallet;

  @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "Recipient address, or a registered agent id (agent_...).")
  String to;

  @Option(names = "--message", paramLabel = "TEXT",
      description = "The message text (for --kind task or result: JSON). Optional for ping, pong and ack.")
  String message;

  @Option(names = "--kind", paramLabel = "KIND", defaultValue = "text",
      description = "text, ping, pong, task, result or ack (default: ${DEFAULT-VALUE}).")
  String kind;

  @Option(names = "--reply-to", paramLabel = "ID", description = "Id of the message this answers.")
  String replyTo;

  @Option(names = "--correlation-id", paramLabel = "ID", description = "Conversation id (default: none).")
  String correlationId;

  @Option(names = "--encrypt", description = "Seal the content for the recipient (HPKE X25519/ChaCha20-Poly1305).")
  boolean encrypt;

  @Option(names = "--recipient-key", paramLabel = "HEX",
      description = "With --encrypt: the recipient's Ed25519 public key, when the node does not know it yet.")
  String recipientKey;

  @Option(names = "--require-ack", description = "Wait for an ack from the recipient's listener; resend until acked.")
  boolean requireAck;

  @Option(names = "--ack-timeout", paramLabel = "DURATION", defaultValue = "30s",
      converter = AgentOptions.DurationConverter.class,
      description = "With --require-ack: give up after this long (default: ${DEFAULT-VALUE}).")
  Duration ackTimeout;

  @Option(names = "--resend-every", paramLabel = "DURATION", defaultValue = "10s",
      converter = AgentOptions.DurationConverter.class,
      description = "With --require-ack: resend when no ack came within this long (default: ${DEFAULT-VALUE}).")
  Duration resendEvery;

  @Option(names = "--raw", description = "Send TEXT itself as the payload (no envelope), as old clients do.")
  boolean raw;

  @Option(names = "--amount", paramLabel = "N", defaultValue = "0", description = "Units to transfer with the message (default: 0).")
  long amount;

  @Option(names = "--fee", paramLabel = "N", description = "Fee per transaction (default: the node's min_fee).")
  Long fee;

  @Mixin Options.Keystore keystore;
  @Mixin Options.Password password;
  @Mixin AgentOptions.Rpc rpc;
  @Mixin Options.Output output;

  @Override
  protected void run() throws KeystoreException, RpcException, MessageSender.Refused {
    if (to != null && to.startsWith("agent_")) to = resolveAgent(rpc.client(env()), to);
    address(to, "--to");
    Kind k = Kind.fromWire(kind).orElseThrow(() -> CliFailure.usage("--kind must be one of text, ping, pong, task, result, ack"));
    checkOptions(k);
    MessagingClient client = rpc.client(env()); // a bad URL fails before any password prompt
    KeyPair key = loadKey(keystore, password, wallet);
    MessageSender sender = new MessageSender(client.rpc(), key, env().clockMs(), fee);
    if (raw) {
      String hash = sender.send(to, JsonValue.str(message), amount).txHash();
      if (output.json()) printJson(Json.obj("transaction_hash", hash, "format", "raw", "status", "submitted"));
      else out().println(hash);
      return;
    }
    Envelope env = build(k);
    env.sizeProblem(Envelope.MAX_PAYLOAD_BYTES).ifPresent(p -> {
      throw CliFailure.usage(p);
    });
    if (encrypt) env = seal(env, client, key);
    if (!requireAck) {
      String hash = sender.send(to, env, amount).txHash();
      if (output.json()) {
        printJson(Json.obj("transaction_hash", hash, "message_id", env.id(), "kind", env.kind().wire(),
            "encrypted", env.encrypted(), "status", "submitted"));
      } else {
        out().println(hash);
      }
      return;
    }
    Delivery.Outcome o = Delivery.sendUntilAcked(sender, client, to, env, ackTimeout.toMillis(), resendEvery.toMillis(),
        env().clockMs());
    report(env, o);
  }

  private void checkOptions(Kind k) {
    if (amount < 0) throw CliFailure.usage("--amount must be 0 or more");
    if (fee != null && fee < 0) throw CliFailure.usage("--fee must be 0 or more");
    if (raw) {
      if (message == null || message.isEmpty()) throw CliFailure.usage("--raw needs --message TEXT");
      if (encrypt || requireAck || k != Kind.TEXT || replyTo != null || correlationId != null) {
        throw CliFailure.usage("--raw sends plain text: it cannot be combined with --encrypt, --require-ack, --kind, "
            + "--reply-to or --correlation-id");
      }
      return;
    }
    if (message == null && (k == Kind.TEXT || k == Kind.TASK || k == Kind.RESULT)) {
      throw CliFailure.usage("--message is required for --kind " + k.wire());
    }
    if (replyTo != null && !Envelope.validId(replyTo)) throw CliFailure.usage("--reply-to must be a message id");
    if (correlationId != null && !Envelope.validId(correlationId)) throw CliFailure.usage("--correlation-id must be a message id");
    if (recipientKey != null && !encrypt) throw CliFailure.usage("--recipient-key is only used with --encrypt");
    if (requireAck) {
      if (amount > 0) throw CliFailure.usage("--require-ack resends the message, so it cannot carry --amount");
      if (ackTimeout.isZero()) throw CliFailure.usage("--ack-timeout must be more than 0");
      if (resendEvery.toMillis() < 100) throw CliFailure.usage("--resend-every must be at least 100ms");
    }
  }

  private Envelope build(Kind k) {
    Envelope e = new Envelope(Envelope.VERSION, Envelope.newId(env().random()), k, replyTo, correlationId, requireAck,
        null, null, null);
    if (message == null) return e;
    if (k == Kind.TASK || k == Kind.RESULT) {
      try {
        return e.withContent(Envelope.APPLICATION_JSON, JsonParser.parse(message));
      } catch (JsonParseException ex) {
        throw CliFailure.usage("--message must be JSON for --kind " + k.wire() + ": " + ex.getMessage());
      }
    }
    return e.withContent(Envelope.TEXT_PLAIN, JsonValue.str(message));
  }

  private Envelope seal(Envelope env, MessagingClient client, KeyPair key) throws RpcException {
    Bytes pk = recipientKey(client, to, recipientKey);
    MessageCrypto.SealResult r = MessageCrypto.seal(env, key.address(), to, pk, env().random());
    if (!r.isOk()) throw CliFailure.usage("cannot encrypt for " + to + ": " + r.problem());
    return r.envelope();
  }

  /** The recipient's Ed25519 key: the flag, else what the node knows; a clear error when neither. */
  static Bytes recipientKey(MessagingClient client, String to, String flag) throws RpcException {
    if (flag != null) {
      String h = flag.strip().toLowerCase(java.util.Locale.ROOT);
      if (!Hex.isLowerHex(h, 64)) throw CliFailure.usage("--recipient-key must be 64 hex characters (an Ed25519 public key)");
      Bytes pk = Bytes.fromHex(h);
      if (org.aitbc.chain.core.crypto.Address.isValid(to) && !org.aitbc.chain.core.crypto.Address.matches(to, pk)) {
        throw CliFailure.usage("--recipient-key is not the key of " + to);
      }
      return pk;
    }
    return client.publicKey(to).orElseThrow(() -> new AgentFailure(AgentExit.NO_RECIPIENT_KEY,
        "the node knows no public key for " + to + " (it has not sent a transaction yet); give its Ed25519 public key "
            + "with --recipient-key HEX"));
  }

  private void report(Envelope env, Delivery.Outcome o) {
    String secs = String.format(java.util.Locale.ROOT, "%.1f s", o.elapsedMs() / 1000.0);
    if (output.json()) {
      List<JsonValue> hashes = new ArrayList<>();
      for (String h : o.txHashes()) hashes.add(JsonValue.str(h));
      printJson(Json.obj("transaction_hash", o.txHashes().get(0), "message_id", env.id(), "kind", env.kind().wire(),
          "encrypted", env.encrypted(), "status", o.acked() ? "acked" : "not_acked", "sends", o.sends(),
          "transaction_hashes", Json.arr(hashes), "ack_transaction_hash", o.acked() ? o.ack().message().txHash() : null,
          "elapsed_ms", o.elapsedMs()));
    } else {
      out().println(o.txHashes().get(0));
      if (o.acked()) {
        out().println("acked after " + o.sends() + (o.sends() == 1 ? " send" : " sends") + " in " + secs + " (ack "
            + o.ack().message().txHash() + ")");
      }
    }
    if (!o.acked()) {
      throw new AgentFailure(ExitCode.TIMEOUT, "message " + env.id() + " was not acknowledged within "
          + ackTimeout.toMillis() / 1000.0 + " s (" + o.sends() + (o.sends() == 1 ? " send" : " sends") + ")");
    }
  }
}
