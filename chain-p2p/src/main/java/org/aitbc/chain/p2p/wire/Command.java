package org.aitbc.chain.p2p.wire;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Frame commands: 12 bytes of ASCII on the wire, NUL padded on the right. */
public enum Command {
  VERSION("version"),
  VERACK("verack"),
  PING("ping"),
  PONG("pong"),
  GETADDR("getaddr"),
  ADDR("addr"),
  INV("inv"),
  GETDATA("getdata"),
  NOTFOUND("notfound"),
  TX("tx"),
  BLOCK("block"),
  GETBLOCKS("getblocks"),
  REJECT("reject");

  public static final int LENGTH = 12;
  private static final Map<String, Command> BY_NAME = new HashMap<>();

  static {
    for (Command c : values()) BY_NAME.put(c.wireName, c);
  }

  private final String wireName;
  private final byte[] padded;

  Command(String wireName) {
    this.wireName = wireName;
    this.padded = new byte[LENGTH];
    byte[] ascii = wireName.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(ascii, 0, padded, 0, ascii.length);
  }

  public String wireName() {
    return wireName;
  }

  /** The 12 bytes written into a frame header (a copy). */
  public byte[] padded() {
    return padded.clone();
  }

  public static Optional<Command> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /**
   * The command spelled by 12 header bytes: printable ASCII followed only by NULs. Anything else (a
   * byte after the padding started, a control character, an unknown name) is empty.
   */
  public static Optional<Command> fromWire(byte[] field) {
    if (field.length != LENGTH) return Optional.empty();
    int end = 0;
    while (end < LENGTH && field[end] != 0) {
      if (field[end] < 0x21 || field[end] > 0x7e) return Optional.empty();
      end++;
    }
    for (int i = end; i < LENGTH; i++) {
      if (field[i] != 0) return Optional.empty();
    }
    if (end == 0) return Optional.empty();
    return byName(new String(field, 0, end, StandardCharsets.US_ASCII));
  }
}
