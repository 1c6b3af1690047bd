package org.aitbc.chain.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.block.Timestamps;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.util.Bytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aitbc genesis create}: writes the genesis file of a new network. */
@Command(name = "genesis", mixinStandardHelpOptions = true, description = "Genesis files.",
    subcommands = {GenesisCommand.Create.class})
public final class GenesisCommand {

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Write a genesis file: the chain id, its authorities, the initial balances and the chain params.")
  static final class Create implements Callable<Integer> {
    @Option(names = "--chain-id", required = true, description = "Chain id, e.g. ait-mainnet")
    String chainId;

    @Option(names = "--authority", required = true, paramLabel = "ADDRESS:PUBKEY",
        description = "An authority that may seal blocks (repeatable); PUBKEY is 64 hex")
    List<String> authorities = new ArrayList<>();

    @Option(names = "--alloc", paramLabel = "ADDRESS:BALANCE[:PUBKEY]",
        description = {"An initial balance (repeatable). With PUBKEY (64 hex) the chain knows the account's key from the",
            "start, so its transactions may leave public_key out (as the AITBC CLI's wallet send does)"})
    List<String> allocs = new ArrayList<>();

    @Option(names = "--block-time-ms", defaultValue = "1000", description = "Sealing interval (default ${DEFAULT-VALUE})")
    long blockTimeMs;

    @Option(names = "--min-fee", defaultValue = "1", description = "Smallest fee accepted (default ${DEFAULT-VALUE})")
    long minFee;

    @Option(names = "--timestamp", description = "Genesis time, ISO-8601 UTC (default: now)")
    String timestamp;

    @Option(names = "--out", required = true, description = "File to write (must not exist)")
    Path out;

    @Option(names = "--force", description = "Overwrite --out if it exists")
    boolean force;

    @Override
    public Integer call() throws IOException {
      List<Genesis.Authority> auths = new ArrayList<>();
      for (String a : authorities) {
        int c = a.indexOf(':');
        if (c < 0) throw new CliException(1, "--authority " + a + " must be ADDRESS:PUBKEY");
        String pk = a.substring(c + 1);
        if (!org.aitbc.chain.core.util.Hex.isLowerHex(pk, 64)) throw new CliException(1, "--authority public key must be 64 lowercase hex");
        auths.add(new Genesis.Authority(a.substring(0, c), Bytes.fromHex(pk)));
      }
      Map<String, Long> alloc = new LinkedHashMap<>();
      Map<String, Bytes> keys = new LinkedHashMap<>();
      for (String a : allocs) {
        String[] parts = a.split(":", -1);
        if (parts.length < 2 || parts.length > 3) throw new CliException(1, "--alloc " + a + " must be ADDRESS:BALANCE[:PUBKEY]");
        try {
          alloc.put(parts[0], Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
          throw new CliException(1, "--alloc balance must be an integer: " + a);
        }
        if (parts.length == 3) {
          if (!org.aitbc.chain.core.util.Hex.isLowerHex(parts[2], 64)) throw new CliException(1, "--alloc public key must be 64 lowercase hex: " + a);
          keys.put(parts[0], Bytes.fromHex(parts[2]));
        }
      }
      long ts = timestamp == null ? System.currentTimeMillis()
          : Timestamps.parse(timestamp).orElseThrow(() -> new CliException(1, "--timestamp must be ISO-8601 UTC ending in Z"));
      JsonObject json = Genesis.build(chainId, ts, auths, alloc, keys, blockTimeMs, minFee);
      Genesis g;
      try {
        g = Genesis.fromJson(json);
      } catch (Genesis.InvalidGenesisException e) {
        throw new CliException(1, "invalid genesis: " + e.getMessage());
      }
      if (Files.exists(out) && !force) throw new CliException(1, out + " exists; use --force to overwrite");
      writeGenesis(out, json);
      System.out.println("wrote " + out + " (chain " + g.chainId() + ", genesis hash " + g.hash().hex0x() + ")");
      return 0;
    }
  }

  static void writeGenesis(Path out, JsonObject json) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".genesis", ".tmp");
    Files.writeString(tmp, pretty(json) + "\n");
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Indented JSON for files people read (same canonical content, so the same genesis hash). */
  static String pretty(JsonObject json) {
    return PyJson.dumps(json);
  }

}
