package org.aitbc.chain.p2p.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.aitbc.chain.core.crypto.Ed25519;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.aitbc.chain.p2p.message.P2pMessage.Version;
import org.aitbc.chain.p2p.message.RejectCode;
import org.aitbc.chain.p2p.wire.Violation;

/**
 * The version/verack exchange of one connection, as a plain state machine (no Netty types).
 *
 * <p>Both sides send their {@code version} as soon as the connection is up. A side that accepts the
 * peer's version answers {@code verack}; the handshake is complete once we have accepted the peer's
 * version and received its verack. Because every peer sends version before verack and verack before
 * anything else, any other order is a protocol violation, and so is any other message before the
 * handshake completes.
 *
 * <p>A version is refused (a {@link Refusal}, plus a {@code reject} to send when the peer deserves
 * to know why) for: another genesis hash or chain id, a protocol version below the minimum, a node
 * signature that does not verify, or a nonce that is one of ours (we connected to ourselves).
 */
public final class Handshake {
  /** Current protocol version and the oldest one we still speak. */
  public static final int PROTOCOL_VERSION = 1;
  public static final int MIN_PROTOCOL_VERSION = 1;

  private static final byte[] SIGNING_TAG = "aitbc-p2p-version:".getBytes(StandardCharsets.US_ASCII);

  public enum Status { PENDING, COMPLETE, REFUSED }

  /**
   * Why the handshake failed: the violation (and its score), the reject code to tell the peer (empty
   * when nothing should be sent, e.g. to ourselves) and a sentence.
   */
  public record Refusal(Violation violation, Optional<RejectCode> reject, String detail) {
    public Refusal {
      Objects.requireNonNull(violation);
      Objects.requireNonNull(reject);
      Objects.requireNonNull(detail);
    }
  }

  /** What to do after an input: messages to send, the new status, and the refusal or the peer's version. */
  public record Step(List<P2pMessage> send, Status status, Optional<Refusal> refusal, Optional<Version> peer) {
    public Step {
      send = List.copyOf(send);
    }

    static Step pending(List<P2pMessage> send) {
      return new Step(send, Status.PENDING, Optional.empty(), Optional.empty());
    }

    static Step refused(Refusal r) {
      return new Step(List.of(), Status.REFUSED, Optional.of(r), Optional.empty());
    }
  }

  private final Version ours;
  private final LongPredicate isLocalNonce;
  private Version peer;
  private Version offered;
  private boolean verackReceived;
  private boolean started;
  private Status status = Status.PENDING;

  /**
   * @param ours our version message (with this connection's nonce and our signature)
   * @param isLocalNonce true for the nonces of all our own connections (self-connection detection)
   */
  public Handshake(Version ours, LongPredicate isLocalNonce) {
    this.ours = Objects.requireNonNull(ours);
    this.isLocalNonce = Objects.requireNonNull(isLocalNonce);
  }

  public Status status() {
    return status;
  }

  public Optional<Version> peerVersion() {
    return Optional.ofNullable(peer);
  }

  /** The version the peer sent, whether it was accepted or refused. */
  public Optional<Version> offeredVersion() {
    return Optional.ofNullable(offered);
  }

  /** The connection is up: send our version. */
  public Step start() {
    if (started) throw new IllegalStateException("handshake already started");
    started = true;
    return Step.pending(List.of(ours));
  }

  public Step onMessage(P2pMessage m) {
    if (status != Status.PENDING) throw new IllegalStateException("handshake is " + status);
    if (m instanceof Version v) return onVersion(v);
    if (m instanceof P2pMessage.Verack) {
      if (peer == null || verackReceived) {
        return refuse(Violation.MESSAGE_BEFORE_HANDSHAKE, RejectCode.PROTOCOL, "verack before version or twice");
      }
      verackReceived = true;
      return complete(List.of());
    }
    if (m instanceof P2pMessage.Reject r) {
      status = Status.REFUSED;
      return Step.refused(new Refusal(Violation.PEER_REJECTED_US, Optional.empty(),
          "peer refused us: " + r.code() + " " + r.detail()));
    }
    return refuse(Violation.MESSAGE_BEFORE_HANDSHAKE, RejectCode.PROTOCOL,
        m.command().wireName() + " before the handshake completed");
  }

  /** The handshake deadline passed. */
  public Step onTimeout() {
    if (status != Status.PENDING) return new Step(List.of(), status, Optional.empty(), Optional.ofNullable(peer));
    status = Status.REFUSED;
    return Step.refused(new Refusal(Violation.HANDSHAKE_TIMEOUT, Optional.empty(),
        peer == null ? "no version received in time" : "no verack received in time"));
  }

  private Step onVersion(Version v) {
    if (peer != null) return refuse(Violation.DUPLICATE_HANDSHAKE, RejectCode.DUPLICATE, "second version message");
    offered = v;
    if (isLocalNonce.test(v.nonce())) {
      status = Status.REFUSED;
      return Step.refused(new Refusal(Violation.SELF_CONNECTION, Optional.empty(), "connected to ourselves"));
    }
    if (!v.genesisHash().equals(ours.genesisHash())) {
      return refuse(Violation.WRONG_GENESIS, RejectCode.WRONG_GENESIS,
          "genesis " + v.genesisHash().hex0x() + " is not ours (" + ours.genesisHash().hex0x() + ")");
    }
    if (!v.chainId().equals(ours.chainId())) {
      return refuse(Violation.WRONG_CHAIN_ID, RejectCode.WRONG_CHAIN_ID,
          "chain id " + v.chainId() + " is not ours (" + ours.chainId() + ")");
    }
    if (v.protocolVersion() < MIN_PROTOCOL_VERSION) {
      return refuse(Violation.OBSOLETE_VERSION, RejectCode.OBSOLETE,
          "protocol version " + v.protocolVersion() + " is below " + MIN_PROTOCOL_VERSION);
    }
    if (!verify(v)) {
      return refuse(Violation.BAD_NODE_SIGNATURE, RejectCode.INVALID, "node signature does not verify for node id");
    }
    peer = v;
    return complete(List.of(new P2pMessage.Verack()));
  }

  private Step complete(List<P2pMessage> send) {
    if (peer != null && verackReceived) {
      status = Status.COMPLETE;
      return new Step(send, Status.COMPLETE, Optional.empty(), Optional.of(peer));
    }
    return Step.pending(send);
  }

  private Step refuse(Violation v, RejectCode code, String detail) {
    status = Status.REFUSED;
    return Step.refused(new Refusal(v, Optional.of(code), detail));
  }

  // ---- node signature ----

  /** What the node key signs in a version: tag, genesis hash, node id, nonce and timestamp. */
  public static byte[] signedPayload(Bytes genesisHash, Bytes nodeId, long nonce, long timestampMs) {
    return ByteBuffer.allocate(SIGNING_TAG.length + genesisHash.length() + nodeId.length() + 16)
        .put(SIGNING_TAG).put(genesisHash.unsafeArray()).put(nodeId.unsafeArray())
        .putLong(nonce).putLong(timestampMs).array();
  }

  /** A signed version message for one connection. */
  public static Version version(KeyPair nodeKey, String chainId, Bytes genesisHash, long bestHeight, Bytes bestHash,
      String listenHost, int listenPort, String userAgent, long nonce, long timestampMs) {
    byte[] sig = nodeKey.sign(signedPayload(genesisHash, nodeKey.publicKey(), nonce, timestampMs));
    return new Version(PROTOCOL_VERSION, chainId, genesisHash, bestHeight, bestHash, nodeKey.publicKey(),
        Bytes.wrap(sig), listenHost, listenPort, userAgent, nonce, timestampMs);
  }

  public static boolean verify(Version v) {
    return Ed25519.verify(v.nodeId().unsafeArray(),
        signedPayload(v.genesisHash(), v.nodeId(), v.nonce(), v.timestampMs()), v.nodeSignature().unsafeArray());
  }
}
