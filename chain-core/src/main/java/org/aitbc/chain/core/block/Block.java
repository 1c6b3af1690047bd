package org.aitbc.chain.core.block;

import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.util.Bytes;

/**
 * A sealed block: header, the authority's signature over it, and the transactions. The genesis block
 * (height 0) carries no signature and its hash is the genesis hash.
 */
public record Block(Header header, Bytes hash, Bytes signature, List<Transaction> transactions) {
  public Block {
    transactions = List.copyOf(transactions);
  }

  public static Block sealed(Header header, Bytes signature, List<Transaction> txs) {
    return new Block(header, header.hash(), signature, txs);
  }

  public long height() {
    return header.height();
  }

  /**
   * The wire form as compact JSON text, built from each transaction's stored text without a JSON tree
   * (the hot path of storage, block reads and sync). Parses to the same value as {@link #toJson}.
   */
  public String toJsonText(boolean includeTx) {
    String header = org.aitbc.chain.core.json.PyJson.compactUnsorted(toJson(false));
    if (!includeTx) return header;
    int size = header.length() + 16;
    for (Transaction t : transactions) size += t.encodedSize() + 80;
    StringBuilder sb = new StringBuilder(size);
    sb.append(header, 0, header.length() - "[]}".length()).append('[');
    for (int i = 0; i < transactions.size(); i++) {
      if (i > 0) sb.append(',');
      transactions.get(i).appendCompactJsonWithHash(sb);
    }
    return sb.append("]}").toString();
  }

  /** The wire form of contract §2, optionally without transactions. */
  public JsonObject toJson(boolean includeTx) {
    List<JsonValue> txs = new ArrayList<>();
    if (includeTx) {
      for (Transaction t : transactions) txs.add(BlockCodec.txWithHash(t));
    }
    return Json.obj(
        "height", header.height(),
        "hash", hash.hex0x(),
        "parent_hash", header.parentHash().hex0x(),
        "proposer", header.proposer(),
        "timestamp", Timestamps.format(header.timestampMs()),
        "tx_count", (long) header.txCount(),
        "tx_root", header.txRoot().hex0x(),
        "state_root", header.stateRoot().hex0x(),
        "signature", signature.hex(),
        "transactions", Json.arr(txs));
  }
}
