package org.aitbc.chain.messaging;

import java.util.function.LongSupplier;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.tx.ChainParams;
import org.aitbc.chain.wallet.RpcClient;
import org.aitbc.chain.wallet.RpcException;
import org.aitbc.chain.wallet.TxBuilder;
import org.aitbc.chain.wallet.TxSigner;

/**
 * Sends messages from one key: a transfer of {@code amount} (default 0) whose payload is the message,
 * signed as the wallet signs. Nonces: above the chain's highest included nonce, at least the clock in
 * milliseconds (as AITBC clients do) and above the last nonce this sender used, so that several messages
 * in one millisecond (an ack and a result) do not replace each other in the pool. A refusal for a nonce
 * taken meanwhile by another process is retried with a fresh nonce. Thread-safe.
 */
public final class MessageSender {
  static final int NONCE_RETRIES = 3;

  private final RpcClient rpc;
  private final KeyPair key;
  private final LongSupplier clockMs;
  private final Long feeOverride;
  private String chainId;
  private long fee;
  private long lastNonce = -1;

  /** {@code fee} null: the node's {@code min_fee}. */
  public MessageSender(RpcClient rpc, KeyPair key, LongSupplier clockMs, Long fee) {
    this.rpc = rpc;
    this.key = key;
    this.clockMs = clockMs;
    this.feeOverride = fee;
  }

  /** A message submitted to the node (not yet in a block). */
  public record Sent(String txHash, long nonce) {}

  /** Why a message cannot be sent, before the node is asked (bad recipient, too large). */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    public Refused(String message) {
      super(message, null, false, false);
    }
  }

  public KeyPair key() {
    return key;
  }

  public String address() {
    return key.address();
  }

  /** Sends {@code envelope} to {@code to} as a JSON string payload, with no amount. */
  public Sent send(String to, Envelope envelope) throws RpcException, Refused {
    return send(to, envelope, 0);
  }

  /** Sends {@code envelope} to {@code to} as a JSON string payload with {@code amount} units. */
  public Sent send(String to, Envelope envelope, long amount) throws RpcException, Refused {
    var problem = envelope.sizeProblem(Envelope.MAX_PAYLOAD_BYTES);
    if (problem.isPresent()) throw new Refused(problem.get());
    return send(to, envelope.toPayload(), amount);
  }

  /** Sends any payload (a plain string for old clients) with {@code amount} units. */
  public Sent send(String to, JsonValue payload, long amount) throws RpcException, Refused {
    return send("transfer", to, payload, amount);
  }

  /** Sends a transaction of {@code type} (e.g. an agent registry transaction) with the same nonce handling. */
  public synchronized Sent send(String type, String to, JsonValue payload, long amount) throws RpcException, Refused {
    ensureChain();
    RpcException last = null;
    for (int attempt = 0; attempt <= NONCE_RETRIES; attempt++) {
      long nonce = Math.max(TxSigner.nextNonce(rpc.account(key.address()).nonce(), clockMs.getAsLong()), lastNonce + 1);
      TxSigner.Result r = TxBuilder.transfer().type(type).to(to).amount(amount).fee(fee).nonce(nonce).chainId(chainId)
          .payload(payload).sign(key);
      if (!r.isOk()) throw new Refused("cannot build the message transaction: " + r.refusal().detail());
      lastNonce = nonce;
      try {
        String hash = rpc.submit(r.signed().json());
        if (!hash.equals(r.signed().hash())) {
          throw RpcExceptions.badResponse("the node accepted the message under hash " + hash + " but its hash is "
              + r.signed().hash());
        }
        return new Sent(hash, nonce);
      } catch (RpcException e) {
        boolean nonceClash = e.kind() == RpcException.Kind.REFUSED
            && ("NONCE_TOO_LOW".equals(e.code()) || ("FEE_TOO_LOW".equals(e.code()) && e.detail() != null
                && e.detail().contains("replacement")));
        if (!nonceClash) throw e;
        last = e;
      }
    }
    throw last;
  }

  private void ensureChain() throws RpcException {
    if (chainId != null) return;
    JsonObject health = rpc.health();
    String id = health.get("chain_id").orElse(null) instanceof JsonValue.JsonString s ? s.value() : null;
    if (id == null && rpc.head().get("chain_id").orElse(null) instanceof JsonValue.JsonString s) id = s.value();
    if (id == null) throw RpcExceptions.badResponse("the node did not say its chain_id");
    long minFee = health.get("min_fee").orElse(null) instanceof JsonValue.JsonNumber n
        ? n.longValueExact().orElse(ChainParams.DEFAULT_MIN_FEE) : ChainParams.DEFAULT_MIN_FEE;
    fee = feeOverride != null ? feeOverride : minFee;
    chainId = id;
  }
}
