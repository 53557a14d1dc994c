package io.mutationapi.jdbc;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SQL identifiers from configuration. Only plain names are accepted, and they are always quoted in
 * SQL, so configuration can never inject SQL.
 */
final class Identifiers {
  /** PostgreSQL truncates longer names; the limit is the same for every dialect. */
  static final int MAX_LENGTH = 63;

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Identifiers() {}

  /**
   * Returns {@code name} if it is a plain identifier.
   *
   * @throws IllegalArgumentException naming {@code what} otherwise
   */
  static String check(String name, String what) {
    if (name == null) {
      throw new NullPointerException(what);
    }
    if (name.length() > MAX_LENGTH || !PLAIN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what
              + " must be a letter or underscore followed by letters, digits or underscores, at"
              + " most "
              + MAX_LENGTH
              + " characters: '"
              + name
              + "'");
    }
    return name;
  }

  /** Folds a checked name as the dialect folds unquoted names, then quotes it. */
  static String quote(SqlDialect dialect, String name) {
    String folded =
        dialect == SqlDialect.H2 ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
    return '"' + folded + '"';
  }
}
