package org.aitbc.chain.core.block;

import java.nio.charset.StandardCharsets;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.util.Bytes;

/**
 * A block header. Its signing bytes are the Python-style canonical JSON of its fields plus the chain id
 * (so a header cannot be replayed on another chain); the block hash is their SHA-256, and the
 * authority signs the same bytes.
 */
public record Header(String chainId, long height, Bytes parentHash, long timestampMs, String proposer, int txCount,
    Bytes txRoot, Bytes stateRoot) {

  public byte[] signingBytes() {
    return PyJson.dumps(Json.obj(
        "chain_id", chainId,
        "height", height,
        "parent_hash", parentHash.hex0x(),
        "proposer", proposer,
        "state_root", stateRoot.hex0x(),
        "timestamp", Timestamps.format(timestampMs),
        "tx_count", (long) txCount,
        "tx_root", txRoot.hex0x())).getBytes(StandardCharsets.US_ASCII);
  }

  public Bytes hash() {
    return Bytes.wrap(Hashes.sha256(signingBytes()));
  }
}
