package org.aitbc.chain.wallet.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.tx.ChainParams;
import org.aitbc.chain.core.tx.Reason;
import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcClient;
import org.aitbc.chain.wallet.RpcException;
import org.aitbc.chain.wallet.TxBuilder;
import org.aitbc.chain.wallet.TxSigner;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code wallet send} and {@code wallet announce} share: sign a transfer with a wallet's key, submit
 * it, print its hash, and with {@code --wait} wait until a block includes it.
 */
abstract class TransferCommand extends BaseCommand {
  @Option(names = "--wait", description = "Wait until the transaction is in a block; print the block height.")
  boolean waitIncluded;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "With --wait: give up after this many seconds (exit 7). Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Mixin Options.Keystore keystore;
  @Mixin Options.Password password;
  @Mixin Options.Rpc rpc;
  @Mixin Options.Output output;

  /**
   * Signs with wallet {@code from} a transfer to {@code to} (null: to itself), submits it and reports.
   * A null {@code fee} is the node's min_fee, a null {@code nonce} the automatic one.
   */
  protected void transfer(String from, String to, long amount, Long fee, String payload, Long nonce)
      throws KeystoreException, RpcException {
    if (timeoutSeconds < 1) throw CliFailure.usage("--timeout must be at least 1 second");
    RpcClient client = rpc.client(env()); // a bad URL fails before any password prompt
    KeyPair key = loadKey(from);
    TxSigner.Signed signed = sign(key, client, to == null ? key.address() : to, amount, fee, payload, nonce);
    String hash = client.submit(signed.json());
    if (!hash.equals(signed.hash())) {
      throw new CliFailure(ExitCode.NODE_ERROR, "the node accepted the transaction under hash " + hash
          + " but its hash is " + signed.hash());
    }
    if (!waitIncluded) {
      report(hash, null);
      return;
    }
    if (!output.json()) out().println(hash);
    out().flush();
    long height = waitForBlock(client, hash);
    if (output.json()) report(hash, height);
    else out().println("included in block " + height);
  }

  private KeyPair loadKey(String from) throws KeystoreException {
    org.aitbc.chain.wallet.KeystoreDir dir = keystore.dir(env());
    dir.show(from); // a missing wallet fails before any password prompt
    char[] pw = password.read(env(), false);
    try {
      return dir.load(from, pw);
    } finally {
      Arrays.fill(pw, '\0');
    }
  }

  private TxSigner.Signed sign(KeyPair key, RpcClient client, String to, long amount, Long fee, String payload, Long nonce)
      throws RpcException {
    JsonObject health = client.health();
    String chainId = Text.stringField(health, "chain_id")
        .or(() -> headField(client, "chain_id")).orElseThrow(
            () -> new CliFailure(ExitCode.NODE_ERROR, "the node did not say its chain_id"));
    long useFee = fee != null ? fee
        : Text.longField(health, "min_fee").orElse(ChainParams.DEFAULT_MIN_FEE);
    long useNonce = nonce != null ? nonce
        : TxSigner.nextNonce(client.account(key.address()).nonce(), env().clockMs().getAsLong());
    TxBuilder b = TxBuilder.transfer().to(to).amount(amount).fee(useFee).nonce(useNonce).chainId(chainId);
    if (payload != null) b.payloadText(payload);
    TxSigner.Result r = b.sign(key);
    if (r.isOk()) return r.signed();
    if (r.refusal().reason() == Reason.INVALID_FIELD && r.refusal().detail().startsWith("to ")) {
      throw new CliFailure(ExitCode.BAD_ADDRESS, r.refusal().detail());
    }
    throw CliFailure.usage("cannot build the transaction: " + r.refusal().detail());
  }

  private static Optional<String> headField(RpcClient client, String key) {
    try {
      return Text.stringField(client.head(), key);
    } catch (RpcException e) {
      return Optional.empty();
    }
  }

  private long waitForBlock(RpcClient client, String hash) throws RpcException {
    long deadline = env().clockMs().getAsLong() + timeoutSeconds * 1000L;
    Duration poll = env().pollInterval();
    while (true) {
      Optional<RpcClient.TxStatus> st = client.transaction(hash);
      if (st.isPresent() && st.get().included()) return st.get().blockHeight();
      if (st.isPresent() && "dropped".equals(st.get().status())) {
        JsonObject j = st.get().json();
        throw new CliFailure(ExitCode.REFUSED, "transaction " + hash + " was accepted, then dropped from the mempool: "
            + Text.stringField(j, "reason").orElse("?") + " " + Text.stringField(j, "detail").orElse(""));
      }
      long left = deadline - env().clockMs().getAsLong();
      if (left <= 0) {
        if (output.json()) report(hash, null);
        throw new CliFailure(ExitCode.TIMEOUT, "transaction " + hash + " was submitted but is not in a block after "
            + timeoutSeconds + " s (status: " + st.map(RpcClient.TxStatus::status).orElse("unknown to the node") + ")");
      }
      try {
        Thread.sleep(Math.min(poll.toMillis(), left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliFailure(ExitCode.TIMEOUT, "interrupted while waiting for " + hash);
      }
    }
  }

  private void report(String hash, Long height) {
    if (!output.json()) {
      out().println(hash);
      return;
    }
    printJson(height == null
        ? Json.obj("transaction_hash", hash, "status", "pending")
        : Json.obj("transaction_hash", hash, "status", "included", "block_height", height));
  }
}
