package org.aitbc.chain.core.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileManager;
import org.rocksdb.WriteBufferManager;

/** The store's RocksDB options, per database and per column family; closed with the store. */
final class StoreTuning implements AutoCloseable {
  /** All of RocksDB's caches and memtables together. */
  static final long CACHE_BYTES = 128L << 20;

  /** The memtables' share of {@link #CACHE_BYTES}. */
  static final long MEMTABLE_BYTES = 64L << 20;

  private final SstFileManager sstFiles;
  private final LRUCache cache;
  private final WriteBufferManager writeBuffers;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final ColumnFamilyOptions blockOptions;
  private final ColumnFamilyOptions txOptions;

  StoreTuning() {
    // With an SstFileManager RocksDB leaves the read-only state of a full disk by itself once space returns.
    try {
      sstFiles = new SstFileManager(Env.getDefault());
    } catch (RocksDBException e) {
      throw new StoreException("cannot set up the block store: " + e.getMessage(), e);
    }
    // One budget for all of RocksDB's memory: the block cache holds data, index and filter blocks, and the
    // memtables are charged to it too (12 column families would otherwise take up to 64 MiB each, and index
    // and filter blocks would grow outside any limit with the chain).
    cache = new LRUCache(CACHE_BYTES);
    writeBuffers = new WriteBufferManager(MEMTABLE_BYTES, cache);
    dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true).setSstFileManager(sstFiles)
        .setMaxBackgroundJobs(2).setKeepLogFileNum(3).setWriteBufferManager(writeBuffers);
    // Bloom filters: most point reads on the submit path are misses (is this tx already included?).
    cfOptions = new ColumnFamilyOptions().setWriteBufferSize(16L << 20).setMaxWriteBufferNumber(3)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
        .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(new BloomFilter(10)).setBlockCache(cache)
            .setCacheIndexAndFilterBlocks(true).setPinL0FilterAndIndexBlocksInCache(true));
    // Blocks and transactions (large values, written once, never updated) live in blob files: compaction then
    // moves only keys and blob references instead of rewriting every block at each level.
    blockOptions = new ColumnFamilyOptions(cfOptions).setEnableBlobFiles(true).setMinBlobSize(256)
        .setBlobCompressionType(CompressionType.LZ4_COMPRESSION);
    // The tx index also gets a bloom filter over its memtables: "is this tx known?" is asked for every relayed
    // tx and nearly always answered no, which would otherwise walk the memtable skip lists.
    txOptions = new ColumnFamilyOptions(blockOptions).setMemtablePrefixBloomSizeRatio(0.05).setMemtableWholeKeyFiltering(true);
  }

  DBOptions dbOptions() {
    return dbOptions;
  }

  /** The default column family, then {@code names} in order, each with its options. */
  List<ColumnFamilyDescriptor> descriptors(List<String> names) {
    List<ColumnFamilyDescriptor> descs = new ArrayList<>();
    descs.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (String n : names) {
      ColumnFamilyOptions o = switch (n) {
        case "txs" -> txOptions;
        case "blocks" -> blockOptions;
        default -> cfOptions;
      };
      descs.add(new ColumnFamilyDescriptor(n.getBytes(StandardCharsets.US_ASCII), o));
    }
    return descs;
  }

  @Override
  public void close() {
    dbOptions.close();
    cfOptions.close();
    txOptions.close();
    blockOptions.close();
    writeBuffers.close();
    cache.close();
    sstFiles.close();
  }
}
