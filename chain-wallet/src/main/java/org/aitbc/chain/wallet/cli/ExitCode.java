package org.aitbc.chain.wallet.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of the {@code wallet} and {@code blockchain} commands. Scripts may rely on them: a code
 * keeps its number forever, new ones are only added.
 */
public enum ExitCode {
  OK(0, "success"),
  USAGE(1, "bad or missing arguments, no password available, passwords differ"),
  WRONG_PASSWORD(2, "wrong password for the keystore file"),
  NOT_FOUND(3, "no such wallet (or block, or transaction)"),
  BAD_ADDRESS(4, "an address that is not \"ait1\" + 40 hex characters (or AITBC's bech32 form)"),
  NODE_UNREACHABLE(5, "no connection to the node, or no answer within the request timeout"),
  REFUSED(6, "the node refused the request; its code (e.g. INSUFFICIENT_FUNDS) is on stderr"),
  TIMEOUT(7, "--wait: the transaction was submitted but not included in time (its hash is on stdout)"),
  WALLET_EXISTS(8, "a wallet of that name exists already; nothing was changed"),
  BAD_KEYSTORE(9, "the keystore file is damaged or uses an unsupported kdf, cipher or version"),
  NODE_ERROR(10, "the node answered something outside the wire contract"),
  IO_ERROR(11, "the file system refused (permissions, disk full, ...)"),
  CANCELLED(12, "not confirmed (export, delete): nothing was done"),
  INTERNAL(70, "a bug: please report the line on stderr");

  private final int code;
  private final String description;

  ExitCode(int code, String description) {
    this.code = code;
    this.description = description;
  }

  public int code() {
    return code;
  }

  public String description() {
    return description;
  }

  /** For picocli's "Exit Codes:" help section. */
  public static Map<String, String> helpList() {
    Map<String, String> m = new LinkedHashMap<>();
    for (ExitCode c : values()) m.put(String.format("%2d", c.code), c.description);
    return m;
  }
}
