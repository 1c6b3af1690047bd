package org.aitbc.chain.node.mirror;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The tables of the AITBC node's SQLite file, exactly as AITBC created them (SQLAlchemy), so that its agent
 * daemon and {@code aitbc-cli agent messages} read this file unchanged. {@code CREATE ... IF NOT EXISTS}: a
 * file that AITBC itself made (with its {@code receipt} and {@code escrow} tables) is kept as it is.
 */
final class MirrorSchema {
  private MirrorSchema() {}

  /** DATETIME as SQLAlchemy writes it in SQLite: {@code YYYY-MM-DD HH:MM:SS.ffffff}, UTC, no zone. */
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  static final List<String> DDL = List.of(
      "CREATE TABLE IF NOT EXISTS block (\n"
          + "  id INTEGER NOT NULL, chain_id VARCHAR NOT NULL, height INTEGER NOT NULL, hash VARCHAR NOT NULL,\n"
          + "  parent_hash VARCHAR NOT NULL, proposer VARCHAR NOT NULL, timestamp DATETIME NOT NULL,\n"
          + "  tx_count INTEGER NOT NULL, state_root VARCHAR, block_metadata VARCHAR,\n"
          + "  PRIMARY KEY (id), CONSTRAINT uix_block_chain_height UNIQUE (chain_id, height))",
      "CREATE TABLE IF NOT EXISTS \"transaction\" (\n"
          + "  id INTEGER NOT NULL, chain_id VARCHAR NOT NULL, tx_hash VARCHAR NOT NULL, block_height INTEGER,\n"
          + "  sender VARCHAR NOT NULL, recipient VARCHAR NOT NULL, payload JSON NOT NULL, created_at DATETIME NOT NULL,\n"
          + "  nonce INTEGER NOT NULL, value INTEGER NOT NULL, fee INTEGER NOT NULL, status VARCHAR NOT NULL,\n"
          + "  timestamp VARCHAR, tx_metadata VARCHAR,\n"
          + "  PRIMARY KEY (id), CONSTRAINT uix_transaction_chain_hash UNIQUE (chain_id, tx_hash))",
      "CREATE TABLE IF NOT EXISTS account (\n"
          + "  chain_id VARCHAR NOT NULL, address VARCHAR NOT NULL, balance INTEGER NOT NULL, nonce INTEGER NOT NULL,\n"
          + "  updated_at DATETIME NOT NULL, PRIMARY KEY (chain_id, address))",
      "CREATE INDEX IF NOT EXISTS ix_block_chain_id ON block (chain_id)",
      "CREATE INDEX IF NOT EXISTS ix_block_height ON block (height)",
      "CREATE INDEX IF NOT EXISTS ix_block_hash ON block (hash)",
      "CREATE INDEX IF NOT EXISTS ix_block_timestamp ON block (timestamp)",
      "CREATE INDEX IF NOT EXISTS ix_transaction_chain_id ON \"transaction\" (chain_id)",
      "CREATE INDEX IF NOT EXISTS ix_transaction_tx_hash ON \"transaction\" (tx_hash)",
      "CREATE INDEX IF NOT EXISTS ix_transaction_block_height ON \"transaction\" (block_height)",
      "CREATE INDEX IF NOT EXISTS ix_transaction_created_at ON \"transaction\" (created_at)",
      // Not in AITBC's schema, and harmless to its readers: both agent tools filter on recipient.
      "CREATE INDEX IF NOT EXISTS ix_transaction_recipient ON \"transaction\" (recipient)");

  static final String INSERT_BLOCK = "INSERT OR IGNORE INTO block (chain_id, height, hash, parent_hash, proposer, timestamp,"
      + " tx_count, state_root, block_metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)";

  static final String INSERT_TX = "INSERT OR IGNORE INTO \"transaction\" (chain_id, tx_hash, block_height, sender, recipient,"
      + " payload, created_at, nonce, value, fee, status, timestamp, tx_metadata)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, NULL)";

  static final String UPSERT_ACCOUNT = "INSERT INTO account (chain_id, address, balance, nonce, updated_at) VALUES (?, ?, ?, ?, ?)"
      + " ON CONFLICT (chain_id, address) DO UPDATE SET balance = excluded.balance, nonce = excluded.nonce,"
      + " updated_at = excluded.updated_at";

  static final String MAX_HEIGHT = "SELECT max(height) FROM block WHERE chain_id = ?";

  static String datetime(long epochMillis) {
    return DATETIME.format(Instant.ofEpochMilli(epochMillis));
  }
}
