package io.mutationapi.server.spi;

import io.mutationapi.Record;
import java.util.List;
import java.util.Objects;

/**
 * One page of a {@link ChangeSource}: changed records in upstream order, and where the next page
 * starts. Immutable.
 *
 * @param records the records, oldest change first; empty when nothing changed since the cursor
 * @param cursor an opaque string the server stores and passes back as {@link ChangeQuery#cursor()};
 *     unchanged from the query's when nothing changed
 * @param hasMore true if more changes are ready now (the server asks again at once rather than
 *     after its poll interval)
 */
public record ChangePage(List<Record> records, String cursor, boolean hasMore) {

  /** Validates and copies. */
  public ChangePage {
    records = List.copyOf(records);
    Objects.requireNonNull(cursor, "cursor");
  }
}
