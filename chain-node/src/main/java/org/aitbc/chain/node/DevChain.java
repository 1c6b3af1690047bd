package org.aitbc.chain.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.wallet.Keystore;
import org.aitbc.chain.wallet.KeystoreException;

/**
 * The zero-setup dev chain of {@code aitbc node start}: on first start it makes a dev authority key, a
 * funded dev wallet (in the default keystore folder, so the wallet commands find it as "dev") and a
 * genesis whose allocation carries the dev wallet's public key (so even transactions that leave
 * {@code public_key} out, as the AITBC CLI's, verify from the first one); later starts reuse them and
 * continue the same chain. {@code --chain-id} makes a dev chain with another id: a different chain in its
 * own folder, with its own dev wallet.
 *
 * <pre>
 * $AITBC_HOME (default ~/.aitbc)
 *   devnet/genesis.json      devnet/authority.json (keystore)   devnet/password (0600)   devnet/data/
 *   devnet-ID/...            the same for a dev chain made with --chain-id ID
 * KEYSTORE/dev.json (dev-ID.json)   the funded dev wallet, same password
 * </pre>
 *
 * <p>KEYSTORE is the wallet commands' folder ({@link org.aitbc.chain.wallet.KeystoreDir#locate}): --keystore, else
 * $AITBC_KEYSTORE, else $AITBC_HOME/keystore, else ~/.aitbc/keystore; so two dev chains with different
 * $AITBC_HOME keep different dev wallets.
 */
public final class DevChain {
  public static final String CHAIN_ID = "ait-devnet";
  /** What --chain-id accepts: it also names a folder and a wallet. */
  private static final java.util.regex.Pattern CHAIN_ID_SHAPE = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  public static final long DEV_BALANCE = 1_000_000_000_000L;
  static final int DEV_KDF_ITERATIONS = 100_000; // the AITBC default: a dev chain starts in well under a second

  public final Path home;
  public final String chainId;
  /** The dev wallet's name in the keystore folder: "dev", or "dev-ID" for a dev chain with another id. */
  public final String walletName;
  public final Path dir;
  public final Path genesisFile;
  public final Path authorityKeystore;
  public final Path passwordFile;
  public final Path walletKeystore;
  public final Path dataDir;

  /** A dev chain with the id {@code chainId}; throws IllegalArgumentException for an id unfit for a folder name. */
  public DevChain(Path home, Path keystoreDir, String chainId) {
    if (!CHAIN_ID_SHAPE.matcher(chainId).matches()) {
      throw new IllegalArgumentException("--chain-id '" + chainId + "' must be 1 to 64 of a-z 0-9 . _ - (starting with a letter or digit)");
    }
    boolean standard = chainId.equals(CHAIN_ID);
    this.home = home;
    this.chainId = chainId;
    this.walletName = standard ? "dev" : "dev-" + chainId;
    this.dir = home.resolve(standard ? "devnet" : "devnet-" + chainId);
    this.genesisFile = dir.resolve("genesis.json");
    this.authorityKeystore = dir.resolve("authority.json");
    this.passwordFile = dir.resolve("password");
    this.walletKeystore = keystoreDir.resolve(walletName + ".json");
    this.dataDir = dir.resolve("data");
  }

  /** Creates what is missing; returns true when the chain is new. */
  public boolean prepare(SecureRandom rnd) throws IOException {
    if (Files.exists(genesisFile)) {
      if (!Files.exists(authorityKeystore) || !Files.exists(passwordFile)) {
        throw new CliException(1, "the dev chain in " + dir + " is incomplete (authority.json or password missing);"
            + " remove " + dir + " to start a new dev chain");
      }
      return false;
    }
    Files.createDirectories(dir);
    Files.createDirectories(walletKeystore.getParent());
    String password = Bytes.wrap(rnd.generateSeed(12)).hex();
    writePrivate(passwordFile, password + "\n");
    KeyPair authority = KeyPair.generate(rnd);
    Keystore.write(authorityKeystore, Keystore.encrypt(authority, password.toCharArray(), DEV_KDF_ITERATIONS, rnd));
    KeyPair wallet;
    if (Files.exists(walletKeystore)) {
      try {
        wallet = Keystore.decrypt(Files.readString(walletKeystore), password.toCharArray());
      } catch (KeystoreException e) {
        throw new CliException(1, walletKeystore + " exists but is not the dev wallet; move it away to create a new dev chain");
      }
    } else {
      wallet = KeyPair.generate(rnd);
      Keystore.write(walletKeystore, Keystore.encrypt(wallet, password.toCharArray(), DEV_KDF_ITERATIONS, rnd));
    }
    Map<String, Long> alloc = new LinkedHashMap<>();
    alloc.put(wallet.address(), DEV_BALANCE);
    GenesisCommand.writeGenesis(genesisFile, Genesis.build(chainId, System.currentTimeMillis(),
        List.of(new Genesis.Authority(authority.address(), authority.publicKey())), alloc,
        Map.of(wallet.address(), wallet.publicKey()), 1000, 1));
    return true;
  }

  public NodeConfig config(String host, int rpcPort, String p2pHost, int p2pPort, int grpcPort, List<String> peers,
      MempoolConfig mempool, double rate) {
    return new NodeConfig(genesisFile, dataDir, host, rpcPort, p2pHost, p2pPort, grpcPort, peers, authorityKeystore,
        passwordFile, mempool, rate);
  }

  public String password() throws IOException {
    return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
  }

  /** A signed transfer from the dev wallet, as a client would POST it (for the printed curl line). */
  public String sampleTransaction(KeyPair wallet, String to, long nonce) {
    JsonValue.JsonObject body = Json.obj("amount", 1000L, "chain_id", chainId, "fee", 1L, "from", wallet.address(),
        "nonce", nonce, "payload", "hello from the dev wallet", "to", to, "type", "transfer");
    byte[] sig = wallet.sign(PyJson.dumps(body).getBytes(StandardCharsets.US_ASCII));
    Map<String, JsonValue> m = new LinkedHashMap<>(body.members());
    m.put("signature", JsonValue.str(Bytes.wrap(sig).hex()));
    m.put("public_key", JsonValue.str(wallet.publicKey().hex()));
    return PyJson.compact(new JsonValue.JsonObject(m));
  }

  static void writePrivate(Path file, String content) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".tmp", "");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing more to do
    }
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
