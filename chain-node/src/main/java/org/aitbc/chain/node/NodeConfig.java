package org.aitbc.chain.node;

import java.nio.file.Path;
import java.util.List;
import org.aitbc.chain.core.mempool.MempoolConfig;

/**
 * Everything a node needs to start, immutable. The command line (and later a config file) only fill it;
 * contradictory settings fail here with a sentence that says which. {@code aitbcSqlite} is the AITBC SQLite
 * mirror's file, null for none.
 */
public record NodeConfig(Path genesisFile, Path dataDir, String rpcHost, int rpcPort, String p2pHost, int p2pPort, int grpcPort,
    List<String> peers, Path authorityKeystore, Path passwordFile, MempoolConfig mempool, double submitRatePerIp,
    Path aitbcSqlite) {

  /** Without the AITBC SQLite mirror. */
  public NodeConfig(Path genesisFile, Path dataDir, String rpcHost, int rpcPort, String p2pHost, int p2pPort, int grpcPort,
      List<String> peers, Path authorityKeystore, Path passwordFile, MempoolConfig mempool, double submitRatePerIp) {
    this(genesisFile, dataDir, rpcHost, rpcPort, p2pHost, p2pPort, grpcPort, peers, authorityKeystore, passwordFile, mempool,
        submitRatePerIp, null);
  }

  /** This config with the AITBC SQLite mirror written to {@code file} (null: none). */
  public NodeConfig withAitbcSqlite(Path file) {
    return new NodeConfig(genesisFile, dataDir, rpcHost, rpcPort, p2pHost, p2pPort, grpcPort, peers, authorityKeystore,
        passwordFile, mempool, submitRatePerIp, file);
  }

  public NodeConfig {
    if (genesisFile == null) throw new IllegalArgumentException("--genesis is required");
    if (dataDir == null) throw new IllegalArgumentException("--data-dir is required");
    checkPort("--rpc-port", rpcPort);
    checkPort("--p2p-port", p2pPort);
    checkPort("--grpc-port", grpcPort);
    if (rpcPort != 0 && (rpcPort == p2pPort || rpcPort == grpcPort)) {
      throw new IllegalArgumentException("--rpc-port " + rpcPort + " is also used by another service; give each its own port");
    }
    if (p2pPort != 0 && p2pPort == grpcPort) {
      throw new IllegalArgumentException("--p2p-port and --grpc-port are both " + p2pPort + "; give each its own port");
    }
    if ((authorityKeystore == null) != (passwordFile == null)) {
      throw new IllegalArgumentException("--authority-keystore and --password-file go together");
    }
    if (aitbcSqlite != null && (aitbcSqlite.toString().isBlank() || java.nio.file.Files.isDirectory(aitbcSqlite))) {
      throw new IllegalArgumentException("--aitbc-sqlite " + aitbcSqlite + " must be a file path (the SQLite file to write), not a folder");
    }
    peers = List.copyOf(peers);
    for (String p : peers) {
      int c = p.lastIndexOf(':');
      if (c <= 0 || c == p.length() - 1) throw new IllegalArgumentException("--peer " + p + " must be HOST:PORT");
      try {
        checkPort("--peer", Integer.parseInt(p.substring(c + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--peer " + p + " must be HOST:PORT");
      }
    }
  }

  private static void checkPort(String flag, int port) {
    if (port < 0 || port > 65535) throw new IllegalArgumentException(flag + " must be 0..65535, not " + port);
  }
}
