package org.aitbc.chain.p2p;

import java.util.List;
import java.util.Optional;
import org.aitbc.chain.core.util.Bytes;

/**
 * The chain as the P2P layer sees it; the node implements it over the chain engine and the mempool.
 *
 * <p>The network calls it from a single thread (its logic thread), never from Netty's I/O threads, so
 * an import may take its time. Implementations must still be safe against their own other users
 * (RPC, block production). Blocks and transactions cross this interface as the JSON bytes that travel
 * on the wire: a transaction as {@code Transaction.compactJson()}, a block as its compact JSON with
 * transactions ({@code Block.toJsonText(true)}, the stored form).
 */
public interface ChainView {
  long bestHeight();

  Bytes bestHash();

  Bytes genesisHash();

  String chainId();

  /**
   * A block locator of the local main chain, newest first: the last 10 hashes one by one, then
   * doubling steps back, ending with the genesis hash; at most 101 hashes.
   */
  List<Bytes> locator();

  /**
   * For "getblocks": the hashes of the main-chain blocks after the first locator hash that is on our
   * main chain (genesis if none is), in height order, up to and including {@code stop} (all zero =
   * no stop), at most {@code max}.
   */
  List<Bytes> hashesAfter(List<Bytes> locator, Bytes stop, int max);

  Optional<byte[]> blockJson(Bytes hash);

  /** A transaction of the mempool (or, optionally, of the chain), for "getdata". */
  Optional<byte[]> txJson(Bytes hash);

  boolean hasBlock(Bytes hash);

  /**
   * Hashes of the transactions waiting in the mempool, at most {@code max}, oldest first when the
   * implementation knows the order: announced to a peer when its handshake completes, so that a
   * transaction accepted while this node had no peer still reaches the network.
   */
  List<Bytes> pendingTxHashes(int max);

  /** True when the tx is in the mempool or already on the chain (then it is not worth fetching). */
  boolean hasTx(Bytes hash);

  /**
   * Hash, parent hash and height of a block, read without validating or importing it; empty when
   * the bytes are not a block at all. Sync uses it to put blocks in order.
   */
  Optional<BlockRef> blockRef(byte[] blockJson);

  /**
   * A block's bytes have just arrived (called on a network I/O thread, before the logic thread sees them):
   * an implementation may start decoding and checking them in the background so that a later
   * {@link #offerBlock} of the same array finds the work done. Must return at once; doing nothing is fine.
   */
  default void blockArrived(byte[] blockJson) {}

  /** Validate and add to the mempool: ACCEPTED, KNOWN, REFUSED (not now) or INVALID. */
  ImportOutcome offerTx(byte[] txJson);

  /** Fully validate and import: IMPORTED, KNOWN, ORPHAN (parent unknown) or INVALID. */
  ImportOutcome offerBlock(byte[] blockJson);
}
