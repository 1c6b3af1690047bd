package org.aitbc.chain.core.util;

import java.util.Arrays;
import java.util.HexFormat;

/** Immutable bytes with value equality, for records (a raw byte[] compares by reference). */
public final class Bytes implements Comparable<Bytes> {
  private static final HexFormat HEX = HexFormat.of();
  private final byte[] b;

  private Bytes(byte[] b) {
    this.b = b;
  }

  public static Bytes of(byte[] b) {
    return new Bytes(b.clone());
  }

  /** Takes ownership: the caller must not change the array afterwards. */
  public static Bytes wrap(byte[] b) {
    return new Bytes(b);
  }

  public static Bytes fromHex(String hex) {
    return new Bytes(HEX.parseHex(hex));
  }

  /** Parses "0x"-prefixed or bare hex. */
  public static Bytes from0x(String hex) {
    return fromHex(hex.startsWith("0x") ? hex.substring(2) : hex);
  }

  public byte[] toArray() {
    return b.clone();
  }

  /** The backing array, for hot paths that only read it. */
  public byte[] unsafeArray() {
    return b;
  }

  public int length() {
    return b.length;
  }

  public String hex() {
    return HEX.formatHex(b);
  }

  public String hex0x() {
    return "0x" + hex();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(b, other.b);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(b);
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(b, o.b);
  }

  @Override
  public String toString() {
    return hex0x();
  }
}
