package io.mutationapi.jdbc;

import io.mutationapi.Record;
import io.mutationapi.WireJson;
import io.mutationapi.jdbc.RowBinder.Kind;
import io.mutationapi.jdbc.RowBinder.Row;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a batch of records into the rows to write, and the records given up on into the events a
 * stream reports as not applied. Keeps the newest version of each key, orders rows by key (so
 * concurrent writers lock rows in the same order), and converts projected fields, setting aside as
 * poison a record without a version or with a field its column cannot take. Immutable.
 */
final class BatchRows {
  private static final Comparator<Record> KEY_ORDER =
      Comparator.comparing(Record::syncId)
          .thenComparing(Record::collectionId)
          .thenComparing(Record::upstreamId);

  private final String table;
  private final List<ProjectedColumn> projected;
  private final DeleteMode deleteMode;

  BatchRows(String table, List<ProjectedColumn> projected, DeleteMode deleteMode) {
    this.table = table;
    this.projected = projected;
    this.deleteMode = deleteMode;
  }

  /**
   * Returns the rows to write for {@code records}, adding the records refused here to {@code
   * poison}.
   */
  List<Row> rows(List<Record> records, List<PoisonRecordException> poison) {
    Map<List<String>, Record> newest = new LinkedHashMap<>();
    for (Record r : records) {
      Objects.requireNonNull(r, "records must not contain null");
      if (r.updatedIdx().isEmpty()) {
        poison.add(
            new PoisonRecordException(
                table, r, "it has no updated_idx, so its versions cannot be told apart", null));
        continue;
      }
      List<String> key = List.of(r.syncId(), r.collectionId(), r.upstreamId());
      Record seen = newest.get(key);
      if (seen == null || r.updatedIdx().getAsLong() >= seen.updatedIdx().getAsLong()) {
        newest.put(key, r);
      }
    }
    List<Record> ordered = new ArrayList<>(newest.values());
    // Concurrent writers lock rows in the same order, so they wait for each other instead of
    // deadlocking.
    ordered.sort(KEY_ORDER);
    List<Row> rows = new ArrayList<>(ordered.size());
    for (Record r : ordered) {
      if (r.deleted() && deleteMode == DeleteMode.HARD) {
        rows.add(new Row(r, Kind.HARD_DELETE, null, null));
        continue;
      }
      // A delete that does not carry the last state keeps the state the row already has.
      Kind kind = r.deleted() && r.data().isEmpty() ? Kind.TOMBSTONE : Kind.UPSERT;
      Object[] values = new Object[projected.size()];
      String problem = null;
      for (int i = 0; i < values.length && problem == null; i++) {
        ProjectedColumn p = projected.get(i);
        try {
          values[i] = FieldValues.convert(p.type(), r.data().get(p.field()));
        } catch (IllegalArgumentException e) {
          problem =
              "field '"
                  + p.field()
                  + "' "
                  + e.getMessage()
                  + " for column "
                  + p.column()
                  + " ("
                  + p.type()
                  + ")";
        }
      }
      if (problem != null) {
        poison.add(new PoisonRecordException(table, r, problem, null));
      } else {
        rows.add(new Row(r, kind, WireJson.writeValue(r.data()), values));
      }
    }
    return rows;
  }

  /**
   * Returns the result of {@code batch}: every event whose record is in {@code skipped}, each with
   * its record's reason, is not applied.
   */
  static BatchResult result(List<ChangeEvent> batch, List<PoisonRecordException> skipped) {
    if (skipped.isEmpty()) {
      return BatchResult.allApplied();
    }
    Map<List<String>, String> reasons = new LinkedHashMap<>();
    for (PoisonRecordException p : skipped) {
      Record r = p.record();
      reasons.put(List.of(r.syncId(), r.collectionId(), r.upstreamId()), p.reason());
    }
    List<BatchResult.Skipped> notApplied = new ArrayList<>();
    for (ChangeEvent event : batch) {
      Record r = event.record();
      String reason = reasons.get(List.of(r.syncId(), r.collectionId(), r.upstreamId()));
      if (reason != null) {
        notApplied.add(new BatchResult.Skipped(event, reason));
      }
    }
    return new BatchResult(notApplied);
  }
}
