package org.aitbc.chain.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.wallet.Keystore;
import org.aitbc.chain.wallet.KeystoreDir;
import org.aitbc.chain.wallet.cli.CliEnv;
import org.aitbc.chain.wallet.cli.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aitbc node start}: runs a node in the foreground until Ctrl-C. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run a node.",
    subcommands = {NodeCommand.Start.class, NodeBans.class})
public final class NodeCommand {

  @Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Run a node in the foreground (Ctrl-C stops it cleanly).",
          "Without --genesis: a dev chain that works at once (keys and genesis under $AITBC_HOME, default ~/.aitbc).",
          "With an authority key listed in the genesis it seals blocks; without one it follows."})
  static final class Start implements Callable<Integer> {
    /** Where $AITBC_HOME, $AITBC_KEYSTORE and the user's home come from (the process's own, or a test's). */
    private final CliEnv env;

    Start() {
      this(CliEnv.system());
    }

    Start(CliEnv env) {
      this.env = env;
    }

    @Option(names = "--config", paramLabel = "FILE",
        description = "Properties file with defaults for these options (keys without dashes, e.g. rpc-port = 8006)")
    Path config;

    @Option(names = "--genesis", description = "Genesis file (omit for the dev chain)")
    Path genesis;

    @Option(names = "--data-dir", description = "Where the chain is stored (dev chain: $AITBC_HOME/devnet/data)")
    Path dataDir;

    @Option(names = "--chain-id", paramLabel = "ID", description = {"Dev chain only: its chain id (default "
        + DevChain.CHAIN_ID + "). Another id is another dev chain, in $AITBC_HOME/devnet-ID, with the dev wallet dev-ID;",
        "ait-mainnet is what the AITBC CLI signs for."})
    String chainId;

    @Option(names = "--rpc-host", defaultValue = "127.0.0.1", description = "HTTP API address (default ${DEFAULT-VALUE}; 0.0.0.0 for all)")
    String rpcHost;

    @Option(names = "--rpc-port", defaultValue = "8006", description = "HTTP API port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int rpcPort;

    @Option(names = "--p2p-host", defaultValue = "0.0.0.0", description = "P2P listen address (default ${DEFAULT-VALUE}: all interfaces)")
    String p2pHost;

    @Option(names = "--p2p-port", defaultValue = "9001", description = "P2P port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int p2pPort;

    @Option(names = "--grpc-port", defaultValue = "8007", description = "gRPC port (default ${DEFAULT-VALUE})")
    int grpcPort;

    @Option(names = "--peer", paramLabel = "HOST:PORT", description = "A peer to connect to (repeatable)")
    List<String> peers = new ArrayList<>();

    @Mixin
    Options.Keystore keystore;

    @Option(names = "--authority-keystore", description = "Keystore of this node's authority key (seals blocks)")
    Path authorityKeystore;

    @Option(names = "--password-file", description = "File holding the authority keystore's password")
    Path passwordFile;

    @Option(names = "--mempool-max-txs", defaultValue = "200000", description = "Most pending transactions (default ${DEFAULT-VALUE})")
    int mempoolMaxTxs;

    @Option(names = "--mempool-max-bytes", defaultValue = "201326592", description = {"Most heap the pending transactions may hold, counted as the JVM holds them;",
        "lowered to a third of the heap when more (default ${DEFAULT-VALUE})"})
    long mempoolMaxBytes;

    @Option(names = "--mempool-max-per-sender", defaultValue = "10000", description = "Most pending per sender (default ${DEFAULT-VALUE})")
    int mempoolMaxPerSender;

    @Option(names = "--mempool-expiry-s", defaultValue = "3600", description = "Pending transactions expire after (default ${DEFAULT-VALUE} s)")
    long mempoolExpirySeconds;

    @Option(names = "--submit-rate", defaultValue = "20000",
        description = "Transaction submissions per second per client address; 0 = unlimited (default ${DEFAULT-VALUE})")
    double submitRate;

    @Option(names = "--aitbc-sqlite", paramLabel = "FILE",
        description = {"Mirror committed blocks into this SQLite file, in the tables of the AITBC node (block, \"transaction\", account),",
            "for AITBC's agent daemon (--db-path FILE) and aitbc-cli agent messages. Created if absent; off by default."})
    Path aitbcSqlite;

    @Override
    public Integer call() throws Exception {
      MempoolConfig mc;
      try {
        mc = new MempoolConfig(mempoolMaxTxs, mempoolMaxBytes, mempoolMaxPerSender, mempoolExpirySeconds * 1000);
      } catch (IllegalArgumentException e) {
        throw new CliException(1, e.getMessage());
      }
      NodeConfig config;
      DevChain dev = null;
      try {
        if (genesis == null) {
          if (authorityKeystore != null) throw new CliException(1, "--authority-keystore needs --genesis (the dev chain makes its own key)");
          Path home = KeystoreDir.aitbcHome(env.env(), env.home());
          dev = new DevChain(home, keystore.dir(env).dir(), chainId == null ? DevChain.CHAIN_ID : chainId);
          boolean fresh = dev.prepare(new SecureRandom());
          if (dataDir != null) throw new CliException(1, "--data-dir needs --genesis; the dev chain lives in " + dev.dataDir);
          config = dev.config(rpcHost, rpcPort, p2pHost, p2pPort, grpcPort, peers, mc, submitRate);
          System.out.println((fresh ? "Created a new dev chain " : "Continuing the dev chain ") + dev.chainId + " in " + dev.dir);
        } else {
          if (chainId != null) throw new CliException(1, "--chain-id is for the dev chain; a genesis file names its own chain");
          if (dataDir == null) throw new CliException(1, "--data-dir is required with --genesis");
          if (!Files.isRegularFile(genesis)) throw new CliException(1, "genesis file " + genesis + " not found");
          config = new NodeConfig(genesis, dataDir, rpcHost, rpcPort, p2pHost, p2pPort, grpcPort, peers, authorityKeystore,
              passwordFile, mc, submitRate);
        }
        config = config.withAitbcSqlite(aitbcSqlite);
      } catch (IllegalArgumentException e) {
        throw new CliException(1, e.getMessage());
      }
      Node node;
      try {
        node = new Node(config);
      } catch (Node.StartException e) {
        throw new CliException(1, e.getMessage());
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        node.close();
        stopped.countDown();
      }, "shutdown"));
      String url = "http://" + (rpcHost.equals("0.0.0.0") ? "127.0.0.1" : rpcHost) + ":" + node.rpcPort();
      if (dev != null) printDevBanner(dev, url);
      System.out.println("RPC listening on " + url + " (chain " + node.store().genesis().chainId() + ", height "
          + node.store().head().height() + "); P2P on port " + node.p2pPort() + ", gRPC on port " + node.grpcPort());
      System.out.flush();
      stopped.await();
      return 0;
    }

    private static void printDevBanner(DevChain dev, String url) throws Exception {
      String pw = dev.password();
      KeyPair wallet = Keystore.decrypt(Files.readString(dev.walletKeystore), pw.toCharArray());
      String authority = Keystore.address(Files.readString(dev.authorityKeystore));
      KeyPair someone = KeyPair.generate(new SecureRandom());
      System.out.println("  authority address : " + authority + "  (keystore " + dev.authorityKeystore + ")");
      System.out.println("  dev wallet        : " + wallet.address() + "  balance " + DevChain.DEV_BALANCE
          + "  (keystore " + dev.walletKeystore + ", wallet name \"" + dev.walletName + "\"; its key is in the genesis)");
      System.out.println("  password file     : " + dev.passwordFile);
      System.out.println("  RPC URL           : " + url);
      System.out.println("Send 1000 units with a message from the dev wallet (a signed transaction, ready to paste):");
      System.out.println("  curl -s -X POST " + url + "/rpc/transaction -H 'Content-Type: application/json' -d '"
          + dev.sampleTransaction(wallet, someone.address(), System.currentTimeMillis()) + "'");
      System.out.println("Then: curl -s " + url + "/rpc/head ; curl -s " + url + "/rpc/messages?address=" + someone.address());
    }
  }
}
