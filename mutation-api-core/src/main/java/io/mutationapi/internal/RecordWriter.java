package io.mutationapi.internal;

import static io.mutationapi.WireFields.COLLECTION_ID;
import static io.mutationapi.WireFields.DATA;
import static io.mutationapi.WireFields.DELETED;
import static io.mutationapi.WireFields.RECORDS;
import static io.mutationapi.WireFields.SYNC_ID;
import static io.mutationapi.WireFields.UPDATED_IDX;
import static io.mutationapi.WireFields.UPSTREAM_CREATED_AT;
import static io.mutationapi.WireFields.UPSTREAM_ID;
import static io.mutationapi.WireFields.UPSTREAM_UPDATED_AT;

import com.fasterxml.jackson.core.JsonGenerator;
import io.mutationapi.Record;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Writes records as the wire contract says, for success bodies and the records of an error. */
final class RecordWriter {
  private RecordWriter() {}

  /** Writes the {@code records} field: an array of every record. */
  static void writeRecordsField(JsonGenerator g, List<Record> records) throws IOException {
    g.writeArrayFieldStart(RECORDS);
    for (Record r : records) {
      writeRecord(g, r);
    }
    g.writeEndArray();
  }

  /** Writes one record as a JSON object, its extension fields last. */
  static void writeRecord(JsonGenerator g, Record r) throws IOException {
    g.writeStartObject();
    g.writeStringField(SYNC_ID, r.syncId());
    g.writeStringField(COLLECTION_ID, r.collectionId());
    g.writeStringField(UPSTREAM_ID, r.upstreamId());
    g.writeStringField(UPSTREAM_UPDATED_AT, Timestamps.format(r.upstreamUpdatedAt()));
    if (r.upstreamCreatedAt().isPresent()) {
      g.writeStringField(UPSTREAM_CREATED_AT, Timestamps.format(r.upstreamCreatedAt().get()));
    }
    if (r.updatedIdx().isPresent()) {
      g.writeNumberField(UPDATED_IDX, r.updatedIdx().getAsLong());
    }
    g.writeFieldName(DATA);
    JsonModel.write(g, r.data());
    g.writeBooleanField(DELETED, r.deleted());
    for (Map.Entry<String, Object> e : r.extensions().entrySet()) {
      g.writeFieldName(e.getKey());
      JsonModel.write(g, e.getValue());
    }
    g.writeEndObject();
  }
}
