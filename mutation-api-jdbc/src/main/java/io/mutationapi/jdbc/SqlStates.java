package io.mutationapi.jdbc;

import java.sql.SQLException;

/**
 * What a database error means for a batch: whether one row caused it, and whether retrying can
 * help. The table is in the README ("Consumers"); this class is its one home.
 *
 * <ul>
 *   <li>{@link Kind#ROW_PERMANENT}: the row's values can never be stored as they are: class 22
 *       (data exception: 22001 value too long, 22P02 invalid text for a type, 22003 out of range,
 *       ...), 23502 not-null, 23514 CHECK, 23000/23001 other integrity rules, 44000 check option.
 *   <li>{@link Kind#ROW_CONFLICT}: the row clashes with other rows, which can clear up once other
 *       partitions catch up: 23505 unique, 23503 foreign key, 23P01 exclusion.
 *   <li>{@link Kind#TRANSIENT}: everything else, such as 40001 serialization, 40P01 deadlock, 55P03
 *       lock timeout, 57014 statement timeout, 57P01 backend terminated, class 08 connection: the
 *       whole batch is rolled back and retried.
 * </ul>
 */
final class SqlStates {
  private SqlStates() {}

  enum Kind {
    ROW_PERMANENT,
    ROW_CONFLICT,
    TRANSIENT
  }

  static Kind classify(String state) {
    if (state == null || state.length() != 5) {
      return Kind.TRANSIENT;
    }
    switch (state) {
      case "23505":
      case "23503":
      case "23P01":
        return Kind.ROW_CONFLICT;
      default:
        break;
    }
    String cls = state.substring(0, 2);
    if (cls.equals("22") || cls.equals("23") || cls.equals("44")) {
      return Kind.ROW_PERMANENT;
    }
    return Kind.TRANSIENT;
  }

  static Kind classify(SQLException e) {
    return classify(of(e));
  }

  /** Returns true if the database refused one row's values rather than the batch as a whole. */
  static boolean isCausedByRow(SQLException e) {
    return classify(e) != Kind.TRANSIENT;
  }

  /** The SQLState of the first exception in the chain that has one. */
  static String of(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if (x.getSQLState() != null) {
        return x.getSQLState();
      }
    }
    return null;
  }

  /** Says what a row-caused SQLState means, without quoting the database's message. */
  static String describe(String state) {
    switch (state) {
      case "22001":
        return "a value too long for its column";
      case "22P02":
        return "text that is not valid for the column's type";
      case "22003":
        return "a number out of the column's range";
      case "23502":
        return "a null in a NOT NULL column";
      case "23514":
        return "a CHECK constraint";
      case "23505":
        return "a unique index clash";
      case "23503":
        return "a foreign key";
      case "23P01":
        return "an exclusion constraint";
      default:
        break;
    }
    switch (state.substring(0, 2)) {
      case "22":
        return "a value the column cannot hold";
      case "23":
        return "an integrity constraint";
      default:
        return "a check option";
    }
  }
}
