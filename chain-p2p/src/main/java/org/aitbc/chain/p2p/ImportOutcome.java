package org.aitbc.chain.p2p;

import java.util.Objects;
import org.aitbc.chain.core.util.Bytes;

/**
 * What the chain side did with a transaction or block offered by a peer.
 *
 * <ul>
 *   <li>{@code ACCEPTED} (tx into the mempool) and {@code IMPORTED} (block onto the chain): relay it.
 *   <li>{@code KNOWN}: we already had it; nothing to do, no blame.
 *   <li>{@code ORPHAN} (blocks): the parent is unknown; the peer is ahead of us, so sync from it.
 *   <li>{@code REFUSED}: well-formed but not acceptable now (nonce gap or race, mempool full, fee too
 *       low): dropped, never blamed, because honest peers hit these through races.
 *   <li>{@code INVALID}: no honest peer sends this (bad signature, bad root, unparseable): the peer is
 *       scored and, at the default scores, banned.
 *   <li>{@code HELD} (blocks): signed by an authority and otherwise sound, but a little ahead of our clock
 *       (theirs runs ahead, or ours behind): sync keeps it and offers it again at {@code notBeforeMs}.
 *   <li>{@code FUTURE} (blocks): too far ahead of our clock to hold: dropped, never blamed (a wrong clock is
 *       no misbehaviour); sync does not ask that peer again until it announces a new block.
 * </ul>
 *
 * @param hash the tx or block hash (empty bytes when the input could not even be parsed)
 * @param height the block height for blocks, -1 for transactions or when unknown
 * @param detail the reason, for REFUSED/INVALID/ORPHAN/HELD/FUTURE; empty otherwise
 * @param notBeforeMs for HELD: the time (of the network's clock) from which the block will import; else 0
 */
public record ImportOutcome(Kind kind, Bytes hash, long height, String detail, long notBeforeMs) {
  public enum Kind { ACCEPTED, IMPORTED, KNOWN, ORPHAN, REFUSED, INVALID, HELD, FUTURE }

  public static final Bytes NO_HASH = Bytes.wrap(new byte[0]);

  public ImportOutcome {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(hash);
    Objects.requireNonNull(detail);
  }

  public ImportOutcome(Kind kind, Bytes hash, long height, String detail) {
    this(kind, hash, height, detail, 0);
  }

  public static ImportOutcome accepted(Bytes txHash) {
    return new ImportOutcome(Kind.ACCEPTED, txHash, -1, "");
  }

  public static ImportOutcome imported(Bytes blockHash, long height) {
    return new ImportOutcome(Kind.IMPORTED, blockHash, height, "");
  }

  public static ImportOutcome known(Bytes hash) {
    return new ImportOutcome(Kind.KNOWN, hash, -1, "");
  }

  public static ImportOutcome orphan(Bytes blockHash, String detail) {
    return new ImportOutcome(Kind.ORPHAN, blockHash, -1, detail);
  }

  public static ImportOutcome refused(Bytes hash, String detail) {
    return new ImportOutcome(Kind.REFUSED, hash, -1, detail);
  }

  public static ImportOutcome invalid(Bytes hash, String detail) {
    return new ImportOutcome(Kind.INVALID, hash, -1, detail);
  }

  public static ImportOutcome held(Bytes blockHash, long height, long notBeforeMs, String detail) {
    return new ImportOutcome(Kind.HELD, blockHash, height, detail, notBeforeMs);
  }

  public static ImportOutcome future(Bytes blockHash, long height, String detail) {
    return new ImportOutcome(Kind.FUTURE, blockHash, height, detail, 0);
  }
}
