package io.mutationapi.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors in our own plain words. Jackson's messages name its configuration ({@code
 * enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS to allow}, {@code Feature 'ALLOW_COMMENTS' not
 * enabled for parser}, {@code StreamReadConstraints.getMaxStringLength()}), which tells a caller of
 * the API nothing it can act on: the JSON standard is the rule, not a switch on our server.
 */
final class ParserMessages {
  /** The longest reason kept from a parser's message, in characters. */
  static final int MAX_LENGTH = 160;

  private static final Pattern UNEXPECTED_CHARACTER =
      Pattern.compile("^Unexpected character \\(.*?\\(code (\\d+)\\)\\)(?: in numeric value)?");
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
  private static final Pattern FROM_GETTER = Pattern.compile(",? from `[^`]*`");

  private ParserMessages() {}

  /** Returns the reason of a parse error, plain, short and free of parser internals. */
  static String syntax(String message) {
    if (message == null || message.isBlank()) {
      return "unreadable input";
    }
    String m = message.replace('\n', ' ');
    String lower = m.toLowerCase(Locale.ROOT);
    if (m.startsWith("Duplicate field")) {
      return shorten(m);
    }
    if (lower.contains("non_numeric_numbers") || m.startsWith("Non-standard token")) {
      return "not a JSON value: " + quoted(m) + " (NaN and Infinity are not JSON numbers)";
    }
    if (lower.contains("comment")) {
      return "comments are not allowed in JSON";
    }
    if (lower.contains("single_quotes") || m.startsWith("Unexpected character (''' (code 39)")) {
      return "strings and names must be in double quotes";
    }
    if (lower.contains("leading_plus") || lower.contains("plus sign")) {
      return "a number must not start with '+'";
    }
    if (lower.contains("leading zero")) {
      return "a number must not start with a zero followed by digits";
    }
    if (lower.contains("leading_decimal_point") || lower.contains("decimal point")) {
      return "a number must have digits before and after its decimal point";
    }
    if (lower.contains("unquoted character") || lower.contains("unescaped_control_chars")) {
      return "a control character in a string must be escaped (\\n, \\t, \\u0001)";
    }
    if (lower.contains("character escape") || lower.contains("backslash_escaping")) {
      return "invalid escape sequence in a string";
    }
    if (lower.contains("invalid utf-8")) {
      return "invalid UTF-8";
    }
    if (m.startsWith("Unrecognized token")) {
      return "not a JSON value: " + quoted(m);
    }
    if (m.startsWith("Unexpected close marker")) {
      return "unexpected " + quoted(m) + expectation(lower);
    }
    if (m.startsWith("Illegal character")) {
      return "a control character is only allowed inside a string, escaped";
    }
    Matcher c = UNEXPECTED_CHARACTER.matcher(m);
    if (c.find()) {
      return "unexpected character " + character(Integer.parseInt(c.group(1))) + expectation(lower);
    }
    return withoutInternals(m);
  }

  /** Returns the reason of a broken stream constraint (a limit), without the getter it names. */
  static String limit(String message) {
    if (message == null || message.isBlank()) {
      return "a limit of the parser";
    }
    return withoutInternals(FROM_GETTER.matcher(message.replace('\n', ' ')).replaceAll(""));
  }

  private static String expectation(String lower) {
    if (lower.contains("separate object entries")) {
      return " (expected ',' or '}')";
    } else if (lower.contains("separate array entries")) {
      return " (expected ',' or ']')";
    } else if (lower.contains("colon")) {
      return " (expected ':')";
    } else if (lower.contains("field name")) {
      return " (expected a name in double quotes)";
    } else if (lower.contains("expected '}'")) {
      return " (expected '}')";
    } else if (lower.contains("expected ']'")) {
      return " (expected ']')";
    } else if (lower.contains("hex-digit")) {
      return " (expected a hex digit of a \\u escape)";
    } else if (lower.contains("value")) {
      return " (expected a JSON value)";
    }
    return "";
  }

  private static String character(int code) {
    if (code >= 0x21 && code < 0x7f) {
      return "'" + (char) code + "'";
    }
    return String.format("U+%04X", code);
  }

  private static String quoted(String m) {
    Matcher q = QUOTED.matcher(m);
    return q.find() ? "'" + Echo.truncate(q.group(1)) + "'" : "a token";
  }

  /** Cuts a message before any mention of the parser's features, settings or classes. */
  private static String withoutInternals(String m) {
    String lower = m.toLowerCase(Locale.ROOT);
    int cut = m.length();
    for (String marker : new String[] {"feature", "enable", "`", " (for ", "(through reference"}) {
      int at = lower.indexOf(marker);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    String kept = m.substring(0, cut).trim();
    while (kept.endsWith(":") || kept.endsWith(";") || kept.endsWith("(") || kept.endsWith(",")) {
      kept = kept.substring(0, kept.length() - 1).trim();
    }
    return kept.isEmpty() ? "invalid JSON" : shorten(kept);
  }

  /** Shortens at a word boundary, so no word is cut in half. */
  static String shorten(String s) {
    if (s.length() <= MAX_LENGTH) {
      return s;
    }
    int end = s.lastIndexOf(' ', MAX_LENGTH);
    if (end < MAX_LENGTH / 2) {
      end = Character.isHighSurrogate(s.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
    }
    return s.substring(0, end) + " ...";
  }
}
