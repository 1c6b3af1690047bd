package org.aitbc.chain.core.tx;

/**
 * The rules a chain runs by, from its genesis file's {@code params}.
 *
 * @param blockTimeMs interval at which the authority seals (only when transactions are waiting)
 * @param minFee smallest fee accepted
 * @param maxPayloadBytes largest payload (compact JSON) accepted
 * @param maxBlockTxs most transactions in one block
 * @param maxBlockBytes most transaction bytes in one block
 */
public record ChainParams(String chainId, long blockTimeMs, long minFee, int maxPayloadBytes, int maxBlockTxs,
    int maxBlockBytes) {
  public static final long DEFAULT_BLOCK_TIME_MS = 1000;
  public static final long DEFAULT_MIN_FEE = 1;
  public static final int DEFAULT_MAX_BLOCK_TXS = 10_000;
  public static final int DEFAULT_MAX_BLOCK_BYTES = 8 * 1024 * 1024;

  public ChainParams {
    if (chainId == null || chainId.isEmpty()) throw new IllegalArgumentException("chain_id must not be empty");
    if (blockTimeMs < 10 || blockTimeMs > 3_600_000) throw new IllegalArgumentException("block_time_ms must be 10..3600000");
    if (minFee < 0) throw new IllegalArgumentException("min_fee must be >= 0");
    if (maxPayloadBytes < 16) throw new IllegalArgumentException("max_payload_bytes must be >= 16");
    if (maxBlockTxs < 1) throw new IllegalArgumentException("max_block_txs must be >= 1");
    if (maxBlockBytes < 1024) throw new IllegalArgumentException("max_block_bytes must be >= 1024");
  }

  public static ChainParams defaults(String chainId) {
    return new ChainParams(chainId, DEFAULT_BLOCK_TIME_MS, DEFAULT_MIN_FEE, TxCodec.DEFAULT_MAX_PAYLOAD_BYTES,
        DEFAULT_MAX_BLOCK_TXS, DEFAULT_MAX_BLOCK_BYTES);
  }
}
