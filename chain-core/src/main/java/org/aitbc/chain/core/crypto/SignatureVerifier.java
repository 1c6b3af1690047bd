package org.aitbc.chain.core.crypto;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.aitbc.chain.core.util.Bytes;

/**
 * Verifies each signature once per node: verdicts that passed are remembered by (message hash,
 * signature, key). Bounded by two generations of at most {@code capacity / 2} entries each, so memory
 * stays flat however many transactions pass. Thread-safe; verification itself runs on the caller's
 * thread, so callers spread batches over cores (see {@code ParallelVerifier}).
 */
public final class SignatureVerifier {
  private final int generationSize;
  private volatile ConcurrentHashMap<Bytes, Bytes> current = new ConcurrentHashMap<>();
  private volatile ConcurrentHashMap<Bytes, Bytes> previous = new ConcurrentHashMap<>();
  private final AtomicLong verified = new AtomicLong();
  private final AtomicLong cacheHits = new AtomicLong();

  public SignatureVerifier(int capacity) {
    if (capacity < 2) throw new IllegalArgumentException("capacity must be at least 2");
    this.generationSize = capacity / 2;
  }

  /**
   * True when {@code signature} is a valid Ed25519 signature by {@code publicKey} over {@code message},
   * whose SHA-256 is {@code messageHash} (the transaction hash, used as the cache key).
   */
  public boolean verify(Bytes messageHash, byte[] message, Bytes signature, Bytes publicKey) {
    Bytes proof = proof(signature, publicKey);
    Bytes known = current.get(messageHash);
    if (known == null) known = previous.get(messageHash);
    if (proof.equals(known)) {
      cacheHits.incrementAndGet();
      return true;
    }
    boolean ok = Ed25519.verify(publicKey.unsafeArray(), message, signature.unsafeArray());
    verified.incrementAndGet();
    if (ok) remember(messageHash, proof);
    return ok;
  }

  private void remember(Bytes messageHash, Bytes proof) {
    ConcurrentHashMap<Bytes, Bytes> cur = current;
    cur.put(messageHash, proof);
    if (cur.size() > generationSize) {
      synchronized (this) {
        if (current == cur) {
          previous = cur;
          current = new ConcurrentHashMap<>();
        }
      }
    }
  }

  private static Bytes proof(Bytes signature, Bytes publicKey) {
    byte[] p = new byte[96];
    System.arraycopy(signature.unsafeArray(), 0, p, 0, 64);
    System.arraycopy(publicKey.unsafeArray(), 0, p, 64, 32);
    return Bytes.wrap(p);
  }

  /** Number of real Ed25519 verifications done (cache misses). */
  public long verifications() {
    return verified.get();
  }

  public long cacheHits() {
    return cacheHits.get();
  }
}
