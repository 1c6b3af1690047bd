package org.aitbc.chain.core.store;

import java.util.Optional;

/**
 * A position in the chain's total order of transactions: after (height, index). Clients see it as an
 * opaque string {@code "<height>.<index>"}; {@link #START} is before everything. Only the text a cursor is
 * written as names it: no sign, no leading zero, no digits of other scripts (which {@code Long.parseLong}
 * would take).
 */
public record Cursor(long height, int index) implements Comparable<Cursor> {
  public static final Cursor START = new Cursor(0, -1);

  public static Optional<Cursor> parse(String s) {
    if (s == null || s.isEmpty()) return Optional.of(START);
    int dot = s.indexOf('.');
    if (dot <= 0 || dot == s.length() - 1 || s.length() > 40) return Optional.empty();
    try {
      long h = Long.parseLong(s.substring(0, dot));
      int i = Integer.parseInt(s.substring(dot + 1));
      if (h < 0 || i < -1) return Optional.empty();
      Cursor c = new Cursor(h, i);
      return c.toString().equals(s) ? Optional.of(c) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return height + "." + index;
  }

  @Override
  public int compareTo(Cursor o) {
    int c = Long.compare(height, o.height);
    return c != 0 ? c : Integer.compare(index, o.index);
  }
}
