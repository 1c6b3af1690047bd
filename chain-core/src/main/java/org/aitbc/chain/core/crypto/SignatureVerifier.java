package org.aitbc.chain.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.LongAdder;
import org.aitbc.chain.core.util.Bytes;

/**
 * Verifies each signature once per node: a verdict that passed is remembered as a 127-bit digest of
 * (message hash, signature, key) in a direct-mapped table of primitive longs. A later call with the same
 * three values finds the digest and skips Ed25519; any other signature or key gives another digest and is
 * verified. A slot holds one verdict, so a newer verdict that maps to the same slot evicts the older one,
 * which is then simply verified again if it is asked for. Memory is fixed (16 bytes a slot) and the table
 * holds no object references, so it costs the garbage collector nothing however many transactions pass.
 *
 * <p>Thread-safe without locks: slots are written and read without synchronisation. A reader that sees a
 * stale or half-written slot finds no match and verifies; a false match would need both 64-bit halves of
 * the slot to equal those of the asked-for digest while coming from other verified inputs, a SHA-256
 * coincidence on 64 bits. Verification runs on the caller's thread, so callers spread batches over cores.
 */
public final class SignatureVerifier {
  private static final byte TAG = 0x53; // domain of the verdict digest
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final long[] table; // slot i: table[2i], table[2i + 1]; all zero = empty (a stored half is never 0)
  private final int mask;
  private final LongAdder verified = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();

  /** A table of at least {@code slots} verdicts, rounded up to a power of two. */
  public SignatureVerifier(int slots) {
    if (slots < 2 || slots > 1 << 28) throw new IllegalArgumentException("slots must be 2 to 2^28, not " + slots);
    int n = Integer.highestOneBit(slots - 1) << 1;
    this.table = new long[2 * n];
    this.mask = n - 1;
  }

  /**
   * True when {@code signature} is a valid Ed25519 signature by {@code publicKey} over {@code message},
   * whose SHA-256 is {@code messageHash} (the transaction hash).
   */
  public boolean verify(Bytes messageHash, byte[] message, Bytes signature, Bytes publicKey) {
    byte[] d = Hashes.sha256Tagged(TAG, messageHash.unsafeArray(), signature.unsafeArray(), publicKey.unsafeArray());
    long hi = (long) LONGS.get(d, 0) | 1L; // never 0, so an empty slot never matches
    long lo = (long) LONGS.get(d, 8) | 1L;
    int slot = ((int) (hi >>> 1) & mask) << 1;
    if (table[slot] == hi && table[slot + 1] == lo) {
      cacheHits.increment();
      return true;
    }
    boolean ok = Ed25519.verify(publicKey.unsafeArray(), message, signature.unsafeArray());
    verified.increment();
    if (ok) {
      table[slot] = hi;
      table[slot + 1] = lo;
    }
    return ok;
  }

  /** Number of verdicts the table holds at most. */
  public int slots() {
    return mask + 1;
  }

  /** Number of real Ed25519 verifications done (cache misses). */
  public long verifications() {
    return verified.sum();
  }

  public long cacheHits() {
    return cacheHits.sum();
  }
}
