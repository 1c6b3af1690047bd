package org.aitbc.chain.core.block;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** ISO-8601 UTC timestamps with millisecond precision, ending in Z: the only form blocks use. */
public final class Timestamps {
  private static final DateTimeFormatter OUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static String format(long epochMillis) {
    return OUT.format(Instant.ofEpochMilli(epochMillis));
  }

  /** Accepts any ISO-8601 instant ending in Z (with or without fraction); sub-millisecond parts must be zero. */
  public static Optional<Long> parse(String s) {
    if (s == null || !s.endsWith("Z")) return Optional.empty();
    try {
      Instant i = Instant.parse(s);
      if (i.getNano() % 1_000_000 != 0) return Optional.empty();
      return Optional.of(i.toEpochMilli());
    } catch (DateTimeParseException | ArithmeticException e) {
      return Optional.empty();
    }
  }
}
