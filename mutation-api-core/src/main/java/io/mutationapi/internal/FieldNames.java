package io.mutationapi.internal;

import java.util.Collection;
import java.util.Locale;

/** Suggests the known field name closest to a misspelled one. */
final class FieldNames {
  private FieldNames() {}

  /** Returns the message for an unknown field, with a suggestion when one is close. */
  static String unknownField(String name, Collection<String> known) {
    String suggestion = closest(name, known);
    return "unknown field '"
        + name
        + "'"
        + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)");
  }

  /** Returns the closest known name, or null if none is close enough to be a likely typo. */
  static String closest(String name, Collection<String> known) {
    String normalized = normalize(name);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      String other = normalize(candidate);
      if (other.equals(normalized)) {
        return candidate; // awaitConsumerIds, Await-Consumer-Ids and the like
      }
      int distance = distance(normalized, other, 4);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    int allowed = Math.max(1, Math.min(3, normalized.length() / 3));
    return bestDistance <= allowed ? best : null;
  }

  private static String normalize(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '_' && c != '-' && c != ' ') {
        sb.append(c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  /** Levenshtein distance, giving up (returning {@code limit + 1}) beyond {@code limit}. */
  static int distance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return limit + 1;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = current[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
        rowMin = Math.min(rowMin, current[j]);
      }
      if (rowMin > limit) {
        return limit + 1;
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
