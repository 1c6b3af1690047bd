package org.aitbc.chain.wallet.cli;

import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcClient;
import org.aitbc.chain.wallet.RpcException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "transactions", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = "List the transactions an account sent or received, oldest first.")
final class WalletTransactions extends BaseCommand {
  /** Upper bound on pages fetched with --all. */
  static final int MAX_PAGES = 1000;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Who who;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Transactions per page (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--cursor", paramLabel = "C", description = "Start after this cursor (from an earlier page).")
  String cursor;

  @Option(names = "--all", description = "Follow the cursor to the end (at most " + MAX_PAGES + " pages).")
  boolean all;

  @Mixin Options.Keystore keystore;
  @Mixin Options.Rpc rpc;
  @Mixin Options.Output output;

  @Override
  protected void run() throws KeystoreException, RpcException {
    if (limit < 1) throw CliFailure.usage("--limit must be at least 1");
    String address = who.resolve(keystore, env());
    RpcClient client = rpc.client(env());
    List<JsonObject> txs = new ArrayList<>();
    String next = cursor;
    int pages = 0;
    boolean more;
    do {
      RpcClient.TxPage page = client.transactions(address, next, limit);
      txs.addAll(page.transactions());
      next = page.nextCursor();
      pages++;
      // The node always answers a cursor (to poll from later); only a full page may have more after it.
      more = next != null && page.transactions().size() >= limit;
    } while (all && more && pages < MAX_PAGES);
    if (output.json()) {
      printJson(Json.obj("address", address, "transactions", Json.arr(txs), "next_cursor", next));
      return;
    }
    print(address, txs, more ? next : null);
  }

  private void print(String address, List<JsonObject> txs, String next) {
    if (txs.isEmpty()) {
      out().println("(no transactions for " + address + ")");
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"DIR", "AMOUNT", "FEE", "COUNTERPARTY", "BLOCK", "HASH", "PAYLOAD"});
    for (JsonObject t : txs) {
      boolean out = address.equals(Text.field(t, "from"));
      boolean self = out && address.equals(Text.field(t, "to"));
      rows.add(new String[] {self ? "self" : out ? "out" : "in", Text.field(t, "amount"), Text.field(t, "fee"),
          out ? Text.field(t, "to") : Text.field(t, "from"), Text.field(t, "block_height"),
          Text.stringField(t, "tx_hash").or(() -> Text.stringField(t, "hash")).orElse("-"),
          Text.shortPayload(t.get("payload").orElse(JsonValue.JsonNull.INSTANCE))});
    }
    Text.table(out(), rows);
    if (next != null) out().println("more: --cursor " + next);
  }
}
