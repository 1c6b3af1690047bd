package org.aitbc.chain.core.testutil;

import java.math.BigInteger;
import java.util.List;
import org.aitbc.chain.core.json.JsonValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators for JSON values that stress the canonical writer: strings with non-ASCII, astral
 * characters (surrogate pairs), lone surrogates, control characters, quotes, backslashes, '/' and DEL;
 * keys whose UTF-16 order differs from their code point order; number lexemes of every JSON form.
 */
public final class JsonArbitraries {
  /** Lexemes that must be kept byte for byte. */
  public static final List<String> SPECIAL_LEXEMES = List.of(
      "1e-05", "2.5", "1E+20", "1e+20", "-0", "-0.0", "0", "9007199254740993", "-9007199254740993",
      "18446744073709551616", "1.5E-300", "0.000001", "1e400", "123456789012345678901234567890.5e-7");

  /** Keys that sort differently by UTF-16 unit and by code point, and other edge keys. */
  public static final List<String> SPECIAL_KEYS = List.of(
      "\uE000", "\uFFFF", "\uD83D\uDE00", "\uD800\uDC00", "\uDBFF\uDFFF", "\uD7FF", "\uD800", "\uDC00",
      "", "a", "A", "aa", "\u007f", "\"", "\\", "/", "\n", "\u0000");

  private JsonArbitraries() {}

  /** One piece of a string: a few printable ASCII characters or one special character. */
  private static Arbitrary<String> piece() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(4)),
        Tuple.of(4, Arbitraries.of("\"", "\\", "/", "\u007f", "\b", "\f", "\n", "\r", "\t")),
        Tuple.of(3, Arbitraries.chars().range('\u0000', '\u001f').map(String::valueOf)),
        Tuple.of(3, Arbitraries.chars().range('\u0080', '\u07ff').map(String::valueOf)),
        Tuple.of(2, Arbitraries.chars().range('\u0800', '\ud7ff').map(String::valueOf)),
        Tuple.of(2, Arbitraries.chars().range('\ue000', '\uffff').map(String::valueOf)),
        Tuple.of(3, Arbitraries.integers().between(0x10000, 0x10FFFF).map(Character::toString)),
        Tuple.of(1, Arbitraries.chars().range('\ud800', '\udfff').map(String::valueOf)));
  }

  /** Strings of up to 8 pieces. */
  public static Arbitrary<String> strings() {
    return piece().list().ofMaxSize(8).map(l -> String.join("", l));
  }

  public static Arbitrary<String> keys() {
    return Arbitraries.frequencyOf(Tuple.of(3, strings()), Tuple.of(2, Arbitraries.of(SPECIAL_KEYS)));
  }

  private static Arbitrary<String> digits(int min, int max) {
    return Arbitraries.strings().numeric().ofMinLength(min).ofMaxLength(max);
  }

  /** Any lexeme of RFC 8259's number grammar, plus {@link #SPECIAL_LEXEMES}. */
  public static Arbitrary<String> numberLexemes() {
    Arbitrary<String> sign = Arbitraries.of("", "-");
    Arbitrary<String> intPart = Arbitraries.oneOf(Arbitraries.just("0"),
        Combinators.combine(Arbitraries.chars().range('1', '9'), digits(0, 20)).as((c, d) -> c + d));
    Arbitrary<String> frac = Arbitraries.oneOf(Arbitraries.just(""), digits(1, 10).map(d -> "." + d));
    Arbitrary<String> exp = Arbitraries.oneOf(Arbitraries.just(""),
        Combinators.combine(Arbitraries.of("e", "E"), Arbitraries.of("", "+", "-"), digits(1, 3))
            .as((e, s, d) -> e + s + d));
    Arbitrary<String> grammar = Combinators.combine(sign, intPart, frac, exp).as((a, b, c, d) -> a + b + c + d);
    return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(SPECIAL_LEXEMES)), Tuple.of(4, grammar));
  }

  /**
   * Lexemes that Python's {@code json.loads} then {@code json.dumps} prints unchanged: integers of any
   * size (not -0), and floats in the form of Python's repr (shortest digits; positional for 1e-4 &lt;=
   * |x| &lt; 1e16, else d.ddde±XX).
   */
  public static Arbitrary<String> pythonStableNumberLexemes() {
    Arbitrary<String> ints = Arbitraries.oneOf(
        Arbitraries.longs().map(Object::toString),
        Arbitraries.bigIntegers().between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70)).map(Object::toString),
        Arbitraries.of("9007199254740993", "9223372036854775807", "9223372036854775808", "0", "-1"));
    Arbitrary<String> sign = Arbitraries.of("", "-");
    Arbitrary<String> lastNonZero = Arbitraries.chars().range('1', '9').map(String::valueOf);
    // Positional: I.F with F ending in a non-zero digit, at most 12 significant digits, and >= 1e-4.
    Arbitrary<String> positional = Combinators.combine(sign, Arbitraries.integers().between(0, 999_999),
        digits(0, 5), lastNonZero).as((s, i, f, last) -> {
          String frac = f + last;
          if (i == 0 && frac.length() > 3 && frac.startsWith("0000")) frac = "1" + frac.substring(1);
          return s + i + "." + frac;
        });
    // Scientific: m[.mmm]e-XX (XX >= 5) or m[.mmm]e+XX (XX >= 16), exponent at least two digits.
    Arbitrary<String> mantissa = Combinators.combine(Arbitraries.chars().range('1', '9'),
        Arbitraries.oneOf(Arbitraries.just(""),
            Combinators.combine(digits(0, 7), lastNonZero).as((d, l) -> "." + d + l)))
        .as((c, rest) -> c + rest);
    Arbitrary<String> exponent = Arbitraries.oneOf(
        Arbitraries.integers().between(5, 300).map(e -> "e-" + (e < 10 ? "0" + e : "" + e)),
        Arbitraries.integers().between(16, 300).map(e -> "e+" + e));
    Arbitrary<String> scientific = Combinators.combine(sign, mantissa, exponent).as((s, m, e) -> s + m + e);
    Arbitrary<String> fixed = Arbitraries.of("2.5", "1e-05", "1e+20", "0.1", "-0.0", "0.0", "100.0", "1e+16",
        "0.0001", "123456789.0", "0.30000000000000004", "1.7976931348623157e+308", "5e-324");
    return Arbitraries.frequencyOf(Tuple.of(4, ints), Tuple.of(3, positional), Tuple.of(3, scientific),
        Tuple.of(1, fixed));
  }

  /** JSON values up to {@code depth} levels of nesting, numbers drawn from {@code numbers}. */
  public static Arbitrary<JsonValue> values(Arbitrary<String> numbers, int depth) {
    Arbitrary<JsonValue> leaves = Arbitraries.frequencyOf(
        Tuple.of(4, strings().map(JsonValue.JsonString::new)),
        Tuple.of(4, numbers.map(JsonValue.JsonNumber::new)),
        Tuple.of(1, Arbitraries.of(JsonValue.JsonBool.TRUE, JsonValue.JsonBool.FALSE, JsonValue.JsonNull.INSTANCE)));
    if (depth == 0) return leaves;
    Arbitrary<JsonValue> inner = Arbitraries.lazy(() -> values(numbers, depth - 1));
    Arbitrary<JsonValue> arrays = inner.list().ofMaxSize(4).map(JsonValue.JsonArray::new);
    Arbitrary<JsonValue> objects = Arbitraries.maps(keys(), inner).ofMaxSize(5)
        .map(m -> (JsonValue) new JsonValue.JsonObject(m));
    return Arbitraries.frequencyOf(Tuple.of(3, leaves), Tuple.of(1, arrays), Tuple.of(2, objects));
  }

  /** Any JSON value, with full lexeme generality. */
  public static Arbitrary<JsonValue> anyValue() {
    return values(numberLexemes(), 4);
  }

  /** Objects at the top, so that key order is always in play. */
  public static Arbitrary<JsonValue> anyObject() {
    return Arbitraries.maps(keys(), values(numberLexemes(), 3)).ofMinSize(1).ofMaxSize(6)
        .map(m -> (JsonValue) new JsonValue.JsonObject(m));
  }

  /** Values whose numbers Python re-prints identically: for the Python oracle. */
  public static Arbitrary<JsonValue> pythonStableValue() {
    return values(pythonStableNumberLexemes(), 4);
  }
}
