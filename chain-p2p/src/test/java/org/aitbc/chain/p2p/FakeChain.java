package org.aitbc.chain.p2p;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.util.Bytes;

/**
 * An in-memory test double of {@link ChainView} (an interface of this module): a "block" is the
 * UTF-8 text {@code parentHex|height|payload}, a "tx" any text, and a hash is SHA-256 of the bytes.
 * A payload starting with "INVALID" is refused as invalid; one starting with "AT&lt;ms&gt;" is a block of that
 * time: {@code HELD} until {@link #setNow} reaches it, and {@code FUTURE} when it is more than
 * {@link #HOLD_MS} ahead. Synchronized: tests read it from their
 * own thread while the network's logic thread writes.
 */
public final class FakeChain implements ChainView {
  private final String chainId;
  private final Bytes genesis;
  private final List<Bytes> main = new ArrayList<>();
  private final Map<Bytes, byte[]> blocks = new HashMap<>();
  private final Map<Bytes, byte[]> txs = new LinkedHashMap<>();
  private final Map<Bytes, Integer> txOffers = new HashMap<>();
  private int blockOffers;
  private long nowMs;
  /** How far ahead of {@link #setNow} a block's time may be and still be held. */
  public static final long HOLD_MS = 120_000;

  private boolean refuseBlocks;

  public FakeChain(String chainId) {
    this.chainId = chainId;
    byte[] g = ("genesis|0|" + chainId).getBytes(StandardCharsets.UTF_8);
    this.genesis = hash(g);
    blocks.put(genesis, g);
    main.add(genesis);
  }

  public static Bytes hash(byte[] b) {
    return Bytes.wrap(Hashes.sha256(b));
  }

  public static byte[] block(Bytes parent, long height, String payload) {
    return (parent.hex() + "|" + height + "|" + payload).getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] tx(String payload) {
    return ("tx|" + payload).getBytes(StandardCharsets.UTF_8);
  }

  /** Appends n blocks (as if sealed here) and returns their bytes. */
  public synchronized List<byte[]> extend(int n, String tag) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] b = block(bestHash(), bestHeight() + 1, tag + (bestHeight() + 1));
      if (offerBlock(b).kind() != ImportOutcome.Kind.IMPORTED) throw new IllegalStateException();
      out.add(b);
    }
    return out;
  }

  /** Puts a tx in the mempool as if posted by a client. */
  public synchronized Bytes submitTx(byte[] tx) {
    Bytes h = hash(tx);
    txs.put(h, tx);
    return h;
  }

  /** Takes a tx out of the mempool, as if it had been dropped. */
  public synchronized void forgetTx(Bytes hash) {
    txs.remove(hash);
  }

  public synchronized int txOffers(Bytes hash) {
    return txOffers.getOrDefault(hash, 0);
  }

  /** The chain's clock, for blocks with a time ("AT&lt;ms&gt;"). */
  public synchronized void setNow(long ms) {
    this.nowMs = ms;
  }

  public synchronized int blockOffers() {
    return blockOffers;
  }

  public synchronized Bytes hashAt(long height) {
    return main.get((int) height);
  }

  @Override
  public synchronized long bestHeight() {
    return main.size() - 1;
  }

  @Override
  public synchronized Bytes bestHash() {
    return main.get(main.size() - 1);
  }

  @Override
  public Bytes genesisHash() {
    return genesis;
  }

  @Override
  public String chainId() {
    return chainId;
  }

  @Override
  public synchronized List<Bytes> locator() {
    List<Bytes> out = new ArrayList<>();
    long step = 1;
    for (long h = bestHeight(); h > 0; h -= step) {
      out.add(main.get((int) h));
      if (out.size() >= 10) step *= 2;
    }
    out.add(genesis);
    return out;
  }

  @Override
  public synchronized List<Bytes> hashesAfter(List<Bytes> locator, Bytes stop, int max) {
    int start = 0;
    for (Bytes l : locator) {
      int i = main.indexOf(l);
      if (i >= 0) {
        start = i;
        break;
      }
    }
    List<Bytes> out = new ArrayList<>();
    for (int h = start + 1; h < main.size() && out.size() < max; h++) {
      out.add(main.get(h));
      if (main.get(h).equals(stop)) break;
    }
    return out;
  }

  @Override
  public synchronized Optional<byte[]> blockJson(Bytes hash) {
    return Optional.ofNullable(blocks.get(hash)).map(byte[]::clone);
  }

  @Override
  public synchronized Optional<byte[]> txJson(Bytes hash) {
    return Optional.ofNullable(txs.get(hash)).map(byte[]::clone);
  }

  @Override
  public synchronized boolean hasBlock(Bytes hash) {
    return blocks.containsKey(hash);
  }

  @Override
  public synchronized List<Bytes> pendingTxHashes(int max) {
    return new ArrayList<>(txs.keySet()).subList(0, Math.min(max, txs.size()));
  }

  @Override
  public synchronized boolean hasTx(Bytes hash) {
    return txs.containsKey(hash);
  }

  @Override
  public Optional<BlockRef> blockRef(byte[] json) {
    String[] parts = new String(json, StandardCharsets.UTF_8).split("\\|", 3);
    if (parts.length != 3 || parts[0].length() != 64) return Optional.empty();
    try {
      return Optional.of(new BlockRef(hash(json), Bytes.fromHex(parts[0]), Long.parseLong(parts[1])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public synchronized ImportOutcome offerTx(byte[] json) {
    Bytes h = hash(json);
    txOffers.merge(h, 1, Integer::sum);
    if (new String(json, StandardCharsets.UTF_8).startsWith("tx|INVALID")) return ImportOutcome.invalid(h, "bad signature");
    if (txs.containsKey(h)) return ImportOutcome.known(h);
    txs.put(h, json.clone());
    return ImportOutcome.accepted(h);
  }

  /** While set, every block is REFUSED, as a node whose store cannot write refuses them. */
  public synchronized void refuseBlocks(boolean refuse) {
    refuseBlocks = refuse;
  }

  @Override
  public synchronized ImportOutcome offerBlock(byte[] json) {
    blockOffers++;
    if (refuseBlocks) return ImportOutcome.refused(blockRef(json).map(BlockRef::hash).orElse(ImportOutcome.NO_HASH), "store cannot write");
    Optional<BlockRef> ref = blockRef(json);
    if (ref.isEmpty()) return ImportOutcome.invalid(ImportOutcome.NO_HASH, "not a block");
    BlockRef r = ref.get();
    if (blocks.containsKey(r.hash())) return ImportOutcome.known(r.hash());
    if (!blocks.containsKey(r.parentHash())) return ImportOutcome.orphan(r.hash(), "unknown parent");
    if (!r.parentHash().equals(bestHash())) return ImportOutcome.refused(r.hash(), "fork");
    if (r.height() != bestHeight() + 1) return ImportOutcome.invalid(r.hash(), "wrong height");
    String payload = new String(json, StandardCharsets.UTF_8).split("\\|", 3)[2];
    if (payload.startsWith("INVALID")) {
      return ImportOutcome.invalid(r.hash(), "bad state root");
    }
    if (payload.startsWith("AT")) {
      long at = Long.parseLong(payload.substring(2).split(" ", 2)[0]);
      if (at - nowMs > HOLD_MS) return ImportOutcome.future(r.hash(), r.height(), "too far ahead");
      if (at > nowMs) return ImportOutcome.held(r.hash(), r.height(), at, "ahead of our clock");
    }
    blocks.put(r.hash(), json.clone());
    main.add(r.hash());
    return ImportOutcome.imported(r.hash(), r.height());
  }
}
