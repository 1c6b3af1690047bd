package org.aitbc.chain.wallet.cli;

import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.wallet.RpcClient;
import org.aitbc.chain.wallet.RpcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aitbc blockchain ...}: read the chain from any node. The no-argument constructor takes the real
 * process environment; tests pass their own {@link CliEnv}.
 */
@Command(name = "blockchain", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
    description = "Read the chain from a node: height, node info, head, blocks.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {BlockchainCommand.Height.class, BlockchainCommand.Info.class, BlockchainCommand.Head.class,
        BlockchainCommand.Block.class, BlockchainCommand.BlocksRange.class},
    footerHeading = "%nEnvironment:%n",
    footer = "  NODE_URL  node if no --rpc-url (else http://127.0.0.1:8006)")
public final class BlockchainCommand implements BaseCommand.EnvHolder {
  private final CliEnv env;

  public BlockchainCommand() {
    this(CliEnv.system());
  }

  public BlockchainCommand(CliEnv env) {
    this.env = env;
  }

  @Override
  public CliEnv env() {
    return env;
  }

  @Command(name = "height", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class, description = "Print the height of the node's head block.")
  static final class Height extends BaseCommand {
    @Mixin Options.Rpc rpc;
    @Mixin Options.Output output;

    @Override
    protected void run() throws RpcException {
      JsonObject head = rpc.client(env()).head();
      if (output.json()) printJson(Json.obj("height", head.get("height").get()));
      else out().println(Text.field(head, "height"));
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
      description = "Print what the node says about itself (chain, height, proposer, peers, sync) and its head.")
  static final class Info extends BaseCommand {
    @Mixin Options.Rpc rpc;
    @Mixin Options.Output output;

    @Override
    protected void run() throws RpcException {
      RpcClient client = rpc.client(env());
      JsonObject health = client.health();
      JsonObject head = client.head();
      if (output.json()) {
        printJson(Json.obj("node", client.base().toString(), "health", health, "head", head));
        return;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"node", client.base().toString()});
      rows.add(new String[] {"status", Text.field(health, "status")});
      rows.add(new String[] {"chain_id", Text.field(health, "chain_id")});
      rows.add(new String[] {"supported_chains", Text.field(health, "supported_chains")});
      rows.add(new String[] {"proposer_id", Text.field(health, "proposer_id")});
      rows.add(new String[] {"peers", Text.field(health, "peers")});
      rows.add(new String[] {"syncing", Text.field(health, "syncing")});
      if (health.get("min_fee").isPresent()) rows.add(new String[] {"min_fee", Text.field(health, "min_fee")});
      rows.add(new String[] {"height", Text.field(head, "height")});
      rows.add(new String[] {"head_hash", Text.field(head, "hash")});
      rows.add(new String[] {"head_time", Text.field(head, "timestamp")});
      Text.keyValues(out(), rows);
    }
  }

  @Command(name = "head", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class, description = "Print the node's head block header.")
  static final class Head extends BaseCommand {
    @Mixin Options.Rpc rpc;
    @Mixin Options.Output output;

    @Override
    protected void run() throws RpcException {
      JsonObject head = rpc.client(env()).head();
      if (output.json()) printJson(head);
      else printFields(out(), head);
    }
  }

  @Command(name = "block", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
      description = "Print the block at a height, as the node stores it (header and transactions).")
  static final class Block extends BaseCommand {
    @Parameters(index = "0", paramLabel = "HEIGHT", description = "Block height (0 is genesis).")
    long height;

    @Mixin Options.Rpc rpc;
    @Mixin Options.Output output;

    @Override
    protected void run() throws RpcException {
      if (height < 0) throw CliFailure.usage("HEIGHT must be 0 or more");
      RpcClient client = rpc.client(env());
      JsonObject block = client.block(height).orElseThrow(() -> new CliFailure(ExitCode.NOT_FOUND,
          "the node has no block " + height + headHint(client)));
      if (output.json()) {
        printJson(block);
        return;
      }
      List<String[]> rows = new ArrayList<>();
      for (String k : new String[] {"height", "hash", "parent_hash", "proposer", "timestamp", "tx_count", "tx_root",
          "state_root"}) {
        rows.add(new String[] {k, Text.field(block, k)});
      }
      Text.keyValues(out(), rows);
      if (block.get("transactions").orElse(null) instanceof JsonValue.JsonArray txs && !txs.elements().isEmpty()) {
        out().println();
        printTxTable(txs.elements());
      }
    }

    private String headHint(RpcClient client) {
      try {
        return " (its head is at " + Text.field(client.head(), "height") + ")";
      } catch (RpcException e) {
        return "";
      }
    }

    private void printTxTable(List<JsonValue> txs) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"#", "FROM", "TO", "AMOUNT", "FEE", "HASH", "PAYLOAD"});
      int i = 0;
      for (JsonValue v : txs) {
        JsonObject t = (JsonObject) v;
        rows.add(new String[] {Integer.toString(i++), Text.field(t, "from"), Text.field(t, "to"), Text.field(t, "amount"),
            Text.field(t, "fee"), Text.field(t, "tx_hash"),
            Text.shortPayload(t.get("payload").orElse(JsonValue.JsonNull.INSTANCE))});
      }
      Text.table(out(), rows);
    }
  }

  @Command(name = "blocks-range", mixinStandardHelpOptions = true, versionProvider = WalletCli.Version.class,
      description = "Print the blocks from --start to --end (inclusive), following the node's paging.")
  static final class BlocksRange extends BaseCommand {
    /** Most blocks one command fetches. */
    static final long MAX_BLOCKS = 100_000;
    /**
     * Full blocks asked for per request: the node answers every block asked for (up to 100), and a full block
     * is up to about 10 MB of JSON, so five stay below {@link RpcClient#MAX_RESPONSE_BYTES}.
     */
    static final long FULL_BLOCKS_PER_PAGE = 5;
    /** Headers asked for per request (the node's most). */
    static final long HEADERS_PER_PAGE = 100;

    @Option(names = "--start", required = true, paramLabel = "H", description = "First height.")
    long start;

    @Option(names = "--end", required = true, paramLabel = "H", description = "Last height (inclusive).")
    long end;

    @Option(names = "--no-tx", description = "Leave the transactions out.")
    boolean noTx;

    @Mixin Options.Rpc rpc;
    @Mixin Options.Output output;

    @Override
    protected void run() throws RpcException {
      if (start < 0 || end < start) throw CliFailure.usage("need 0 <= --start <= --end");
      if (end - start >= MAX_BLOCKS) throw CliFailure.usage("at most " + MAX_BLOCKS + " blocks per command");
      RpcClient client = rpc.client(env());
      List<JsonValue> blocks = new ArrayList<>();
      long from = start;
      while (from <= end) {
        long pageEnd = Math.min(end, from + (noTx ? HEADERS_PER_PAGE : FULL_BLOCKS_PER_PAGE) - 1);
        JsonObject page = client.blocksRange(from, pageEnd, !noTx);
        List<JsonValue> got = ((JsonValue.JsonArray) page.get("blocks").get()).elements();
        blocks.addAll(got);
        java.util.Optional<Long> next = Text.longField(page, "next");
        // Without next, fewer blocks than asked means the head was reached.
        long after = next.orElse(got.size() == pageEnd - from + 1 ? pageEnd + 1 : -1);
        if (got.isEmpty() || after <= from) break;
        from = after;
      }
      if (output.json()) {
        printJson(Json.obj("success", true, "blocks", Json.arr(blocks), "count", blocks.size()));
        return;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"HEIGHT", "TIMESTAMP", "TXS", "HASH"});
      for (JsonValue v : blocks) {
        JsonObject b = (JsonObject) v;
        rows.add(new String[] {Text.field(b, "height"), Text.field(b, "timestamp"), Text.field(b, "tx_count"),
            Text.field(b, "hash")});
      }
      Text.table(out(), rows);
    }
  }

  static void printFields(java.io.PrintWriter out, JsonObject o) {
    List<String[]> rows = new ArrayList<>();
    o.members().forEach((k, v) -> rows.add(new String[] {k, Text.of(v)}));
    Text.keyValues(out, rows);
  }
}
