package org.aitbc.chain.core.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.util.Bytes;

/**
 * The state root: a Merkle commitment to every account, updated in time proportional to what changed.
 *
 * <pre>
 *   bucket(address) = first 16 bits of SHA-256(address)            65,536 buckets
 *   leaf(account)   = SHA-256(0x00 | len(address) | address | balance | nonce | keyFlag | key)
 *   bucketHash      = 32 zero bytes when empty, else SHA-256(0x01 | leaf... in address order)
 *   node            = SHA-256(0x02 | left | right), a complete binary tree over the bucket hashes
 *   state_root      = the tree's root
 * </pre>
 *
 * A block that changes k accounts rehashes at most k buckets (reading their few other accounts) and k
 * paths of 16 nodes. The tree's 131,071 node hashes live in memory (4 MiB); bucket hashes are persisted
 * by the store, so opening rebuilds the inner nodes from them (65,535 hashes). Single writer: only the
 * chain engine calls {@link #apply}; {@link #root} may be read from any thread.
 */
public final class StateCommitment {
  public static final int BUCKET_BITS = 16;
  public static final int BUCKETS = 1 << BUCKET_BITS;
  private static final byte[] ZERO = new byte[32];

  /** Reads the accounts of one bucket as committed (the store), sorted by address. */
  public interface BucketReader {
    List<Map.Entry<String, Account>> accountsInBucket(int bucket);
  }

  private final byte[][] nodes = new byte[2 * BUCKETS][];
  private volatile Bytes root;

  /** An empty state, or one whose bucket hashes were persisted (missing buckets are empty). */
  public StateCommitment(Map<Integer, byte[]> bucketHashes) {
    for (int b = 0; b < BUCKETS; b++) {
      byte[] h = bucketHashes.get(b);
      nodes[BUCKETS + b] = h == null ? ZERO : h;
    }
    for (int i = BUCKETS - 1; i >= 1; i--) nodes[i] = inner(nodes[2 * i], nodes[2 * i + 1]);
    root = Bytes.of(nodes[1]);
  }

  public Bytes root() {
    return root;
  }

  public static int bucketOf(String address) {
    byte[] h = Hashes.sha256(address.getBytes(StandardCharsets.UTF_8));
    return ((h[0] & 0xff) << 8) | (h[1] & 0xff);
  }

  /**
   * The new bucket hashes and root after {@code changes}; nothing here changes until {@link #apply}.
   * {@code nodes} holds every tree node the update recomputed (buckets and their paths), by index.
   */
  public record Update(Map<Integer, byte[]> bucketHashes, Bytes root, Map<Integer, byte[]> nodes) {
    public Update(Map<Integer, byte[]> bucketHashes, Bytes root) {
      this(bucketHashes, root, Map.of());
    }
  }

  public Update prepare(Map<String, Account> changes, BucketReader reader) {
    Map<Integer, Map<String, Account>> byBucket = new HashMap<>();
    for (Map.Entry<String, Account> e : changes.entrySet()) {
      byBucket.computeIfAbsent(bucketOf(e.getKey()), k -> new java.util.TreeMap<>()).put(e.getKey(), e.getValue());
    }
    Map<Integer, byte[]> newBuckets = new HashMap<>();
    for (Map.Entry<Integer, Map<String, Account>> e : byBucket.entrySet()) {
      java.util.TreeMap<String, Account> merged = new java.util.TreeMap<>();
      for (Map.Entry<String, Account> a : reader.accountsInBucket(e.getKey())) merged.put(a.getKey(), a.getValue());
      merged.putAll(e.getValue());
      newBuckets.put(e.getKey(), bucketHash(merged));
    }
    // Recompute the touched paths on an overlay.
    Map<Integer, byte[]> overlay = new HashMap<>();
    for (Map.Entry<Integer, byte[]> e : newBuckets.entrySet()) overlay.put(BUCKETS + e.getKey(), e.getValue());
    java.util.TreeSet<Integer> level = new java.util.TreeSet<>();
    for (int b : newBuckets.keySet()) level.add((BUCKETS + b) >> 1);
    while (!level.isEmpty()) {
      java.util.TreeSet<Integer> next = new java.util.TreeSet<>();
      for (int i : level) {
        overlay.put(i, inner(node(overlay, 2 * i), node(overlay, 2 * i + 1)));
        if (i > 1) next.add(i >> 1);
      }
      level = next;
    }
    byte[] r = overlay.getOrDefault(1, nodes[1]);
    return new Update(newBuckets, Bytes.of(r), overlay);
  }

  /** Makes a prepared update current (after the store committed it). */
  public void apply(Update update) {
    if (!update.nodes().isEmpty()) {
      // The paths were computed by prepare() against the current tree: copy them.
      for (Map.Entry<Integer, byte[]> e : update.nodes().entrySet()) nodes[e.getKey()] = e.getValue();
    } else {
      for (Map.Entry<Integer, byte[]> e : update.bucketHashes().entrySet()) {
        int i = BUCKETS + e.getKey();
        nodes[i] = e.getValue();
        for (i >>= 1; i >= 1; i >>= 1) nodes[i] = inner(nodes[2 * i], nodes[2 * i + 1]);
      }
    }
    if (!Arrays.equals(nodes[1], update.root().unsafeArray())) {
      throw new IllegalStateException("state root mismatch after apply");
    }
    root = update.root();
  }

  private byte[] node(Map<Integer, byte[]> overlay, int i) {
    byte[] o = overlay.get(i);
    return o != null ? o : nodes[i];
  }

  private static byte[] inner(byte[] l, byte[] r) {
    return Hashes.sha256Tagged((byte) 2, l, r);
  }

  static byte[] bucketHash(java.util.SortedMap<String, Account> accounts) {
    int n = 0;
    ByteBuffer bb = ByteBuffer.allocate(1 + 32 * accounts.size());
    bb.put((byte) 1);
    for (Map.Entry<String, Account> e : accounts.entrySet()) {
      if (!e.getValue().exists()) continue;
      bb.put(leaf(e.getKey(), e.getValue()));
      n++;
    }
    if (n == 0) return ZERO;
    return Hashes.sha256(bb.array(), 0, bb.position());
  }

  static byte[] leaf(String address, Account a) {
    byte[] addr = address.getBytes(StandardCharsets.UTF_8);
    ByteBuffer bb = ByteBuffer.allocate(2 + addr.length + 17 + 32);
    bb.put((byte) 0).put((byte) addr.length).put(addr).putLong(a.balance()).putLong(a.nonce());
    if (a.publicKey() == null) bb.put((byte) 0);
    else bb.put((byte) 1).put(a.publicKey().unsafeArray());
    return Hashes.sha256(bb.array(), 0, bb.position());
  }
}
