package org.aitbc.chain.messaging.cli;

import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.messaging.InboxMessage;
import org.aitbc.chain.messaging.InboxWatch;
import org.aitbc.chain.messaging.MessagingClient;
import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcException;
import org.aitbc.chain.wallet.cli.CliFailure;
import org.aitbc.chain.wallet.cli.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "messages", mixinStandardHelpOptions = true, versionProvider = org.aitbc.chain.wallet.cli.WalletCli.Version.class,
    description = {"List an inbox, oldest first: the messages sent to an address after --cursor.",
        "Each line: cursor, time, sender, kind (raw for plain payloads), content. With --wallet, encrypted messages "
            + "are decrypted (a message that does not decrypt is named and the exit code is 20). With --follow, "
            + "waits for new messages and prints each once as it is sealed, until --count messages (or forever); "
            + "with --output json, one JSON object per message and line."})
final class AgentMessages extends AgentBase {
  @Option(names = "--address", paramLabel = "ADDRESS", description = "Whose inbox (default: the --wallet's address).")
  String address;

  @Option(names = "--wallet", paramLabel = "NAME", description = "Decrypt with this wallet's key (asks for its password).")
  String wallet;

  @Option(names = "--cursor", paramLabel = "C", description = "Start after this cursor (from an earlier listing).")
  String cursor;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "Messages per page, 1.." + MessagingClient.MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--follow", description = "Keep waiting for new messages (long polling).")
  boolean follow;

  @Option(names = "--count", paramLabel = "N", defaultValue = "0",
      description = "With --follow: stop after N messages (default: never).")
  long count;

  @Mixin Options.Keystore keystore;
  @Mixin Options.Password password;
  @Mixin AgentOptions.Rpc rpc;
  @Mixin Options.Output output;

  private final List<String> decryptErrors = new ArrayList<>();

  @Override
  protected void run() throws KeystoreException, RpcException {
    if (address == null && wallet == null) throw CliFailure.usage("give --address ADDRESS or --wallet NAME");
    if (limit < 1 || limit > MessagingClient.MAX_LIMIT) throw CliFailure.usage("--limit must be 1.." + MessagingClient.MAX_LIMIT);
    if (count < 0) throw CliFailure.usage("--count must be 0 or more");
    if (count > 0 && !follow) throw CliFailure.usage("--count is for --follow (without it, use --limit)");
    String addr = address != null ? address(address, "--address") : keystore.dir(env()).show(wallet).address();
    MessagingClient client = rpc.client(env());
    KeyPair key = wallet == null ? null : loadKey(keystore, password, wallet);
    if (follow) follow(client, addr, key);
    else once(client, addr, key);
    if (!decryptErrors.isEmpty()) {
      throw new AgentFailure(AgentExit.DECRYPT_FAILED, decryptErrors.get(0)
          + (decryptErrors.size() > 1 ? " (and " + (decryptErrors.size() - 1) + " more)" : ""));
    }
  }

  private void once(MessagingClient client, String addr, KeyPair key) throws RpcException {
    InboxMessage.Page page = client.messages(addr, cursor, limit, 0);
    List<MessageView> views = new ArrayList<>();
    for (InboxMessage m : page.messages()) views.add(view(m, key));
    if (output.json()) {
      List<JsonValue> items = new ArrayList<>();
      for (MessageView v : views) items.add(v.json());
      printJson(Json.obj("address", addr, "messages", Json.arr(items), "next_cursor", page.nextCursor()));
      return;
    }
    if (views.isEmpty()) out().println("(no messages for " + addr + (cursor == null || cursor.isEmpty() ? "" : " after " + cursor) + ")");
    for (MessageView v : views) out().println(v.line());
    out().println("next: --cursor " + page.nextCursor());
  }

  private void follow(MessagingClient client, String addr, KeyPair key) throws RpcException {
    InboxWatch watch = new InboxWatch(client, addr, cursor, limit, env().clockMs());
    long printed = 0;
    while (count == 0 || printed < count) {
      List<InboxMessage> page = watch.next(env().clockMs().getAsLong() + MessagingClient.MAX_WAIT_MS);
      for (InboxMessage m : page) {
        MessageView v = view(m, key);
        if (output.json()) printJson(v.json());
        else out().println(v.line());
        out().flush();
        if (++printed == count) break;
      }
    }
  }

  private MessageView view(InboxMessage m, KeyPair key) {
    MessageView v = MessageView.of(m, key);
    if (v.decryptError() != null) decryptErrors.add(v.decryptError());
    return v;
  }
}
