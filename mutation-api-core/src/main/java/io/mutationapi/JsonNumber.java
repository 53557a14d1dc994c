package io.mutationapi;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A JSON number that keeps its exact text.
 *
 * <p>Record data is passed through to the upstream unchanged, so a number such as {@code
 * 12345678901234567890}, {@code 0.1} or {@code 1e400} must never be squeezed through a {@code
 * double}. Every number in record data read from the wire is a {@code JsonNumber}; numbers that
 * callers put into record data are converted to one when the record is built.
 *
 * <p>Two numbers are equal when their text is equal: {@code 1.0} and {@code 1} are different
 * values, as they are different JSON texts. Use {@link #bigDecimalValue()} to compare numerically.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class JsonNumber extends Number implements Comparable<JsonNumber> {
  private static final long serialVersionUID = 1L;

  private final String text;

  private JsonNumber(String text) {
    this.text = text;
  }

  /**
   * Returns the number whose JSON text is {@code text}.
   *
   * @throws IllegalArgumentException if {@code text} is not a JSON number, e.g. {@code "NaN"},
   *     {@code "+1"} or {@code "01"}
   */
  public static JsonNumber parse(String text) {
    if (text == null || !isJsonNumber(text)) {
      throw new IllegalArgumentException("not a JSON number: " + text);
    }
    return new JsonNumber(text);
  }

  /**
   * Returns {@code number} as a JSON number. A {@code JsonNumber} is returned as is; integers and
   * {@link BigDecimal} keep their value exactly; {@code double} and {@code float} use their
   * shortest decimal text.
   *
   * @throws IllegalArgumentException if {@code number} is NaN or infinite, which JSON cannot
   *     represent
   */
  public static JsonNumber of(Number number) {
    if (number instanceof JsonNumber) {
      return (JsonNumber) number;
    }
    if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON has no representation for " + number);
      }
      return parse(number instanceof Float ? Float.toString((Float) number) : Double.toString(d));
    }
    if (number instanceof BigDecimal) {
      return parse(((BigDecimal) number).toString());
    }
    if (number instanceof Long
        || number instanceof Integer
        || number instanceof Short
        || number instanceof Byte
        || number instanceof BigInteger) {
      return new JsonNumber(number.toString());
    }
    // AtomicLong, LongAdder and other Number subclasses: take the most exact view we can.
    return parse(new BigDecimal(number.toString()).toString());
  }

  /** Checks the JSON grammar: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
  private static boolean isJsonNumber(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    if (i >= n) {
      return false;
    }
    if (s.charAt(i) == '0') {
      i++;
    } else if (isDigit(s.charAt(i))) {
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    } else {
      return false;
    }
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return false;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int start = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Returns the exact JSON text of this number. */
  public String text() {
    return text;
  }

  /** Returns true if the text has no fraction and no exponent. */
  public boolean isIntegral() {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.' || c == 'e' || c == 'E') {
        return false;
      }
    }
    return true;
  }

  /** Returns this number exactly as a {@link BigDecimal}. */
  public BigDecimal bigDecimalValue() {
    return new BigDecimal(text);
  }

  @Override
  public int intValue() {
    return (int) longValue();
  }

  @Override
  public long longValue() {
    if (isIntegral() && text.length() < 19) {
      return Long.parseLong(text);
    }
    return bigDecimalValue().longValue();
  }

  @Override
  public float floatValue() {
    return Float.parseFloat(text);
  }

  @Override
  public double doubleValue() {
    return Double.parseDouble(text);
  }

  @Override
  public int compareTo(JsonNumber other) {
    return bigDecimalValue().compareTo(other.bigDecimalValue());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonNumber && ((JsonNumber) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** Returns the exact JSON text. */
  @Override
  public String toString() {
    return text;
  }
}
