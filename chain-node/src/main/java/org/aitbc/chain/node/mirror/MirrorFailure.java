package org.aitbc.chain.node.mirror;

import java.io.IOException;
import org.aitbc.chain.core.store.StoreException;
import org.sqlite.SQLiteException;

/** The reason code of a failed mirror write: the label of {@code aitbc_mirror_failures_total}. */
final class MirrorFailure {
  static final String DISK_FULL = "disk_full";
  static final String LOCKED = "locked";
  static final String CORRUPT = "corrupt";
  static final String READ_ONLY = "read_only";
  static final String CANNOT_OPEN = "cannot_open";
  static final String IO = "io";
  static final String STORE = "store";
  static final String OTHER = "other";

  private MirrorFailure() {}

  static String reason(Exception e) {
    if (e instanceof SQLiteException s) {
      String code = s.getResultCode().name();
      if (code.startsWith("SQLITE_FULL")) return DISK_FULL;
      if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return LOCKED;
      if (code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB")) return CORRUPT;
      if (code.startsWith("SQLITE_READONLY")) return READ_ONLY;
      if (code.startsWith("SQLITE_CANTOPEN")) return CANNOT_OPEN;
      if (code.startsWith("SQLITE_IOERR")) return IO;
      return OTHER;
    }
    if (e instanceof IOException) return IO;
    if (e instanceof StoreException) return STORE;
    return OTHER;
  }
}
