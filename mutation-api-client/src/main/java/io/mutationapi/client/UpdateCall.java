package io.mutationapi.client;

import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A call that changes fields of existing records. From {@link Mutations#update}.
 *
 * <p>Updates are partial: fields absent from a record's data are left alone upstream; a field
 * mapped to {@code null} is set to null. From a POJO, null properties are left out, so {@code
 * record(id, new Contact(null, null, "paul@caladan.org"))} changes the email and nothing else;
 * clearing a field is always explicit: a map that holds {@code null} for it, e.g. {@code record(id,
 * Collections.singletonMap("Phone", null))}.
 *
 * <p>Not thread-safe.
 */
public final class UpdateCall extends MutationCall<UpdateCall> {
  private final List<PartialRecord> records = new ArrayList<>();

  UpdateCall(MutationClient client, String syncId, String collectionId) {
    super(client, syncId, collectionId);
  }

  @Override
  UpdateCall self() {
    return this;
  }

  /**
   * Adds a change to record {@code upstreamId}: these fields, other fields left alone.
   *
   * @throws IllegalArgumentException if a value does not convert to JSON
   */
  public UpdateCall record(String upstreamId, Map<String, ?> data) {
    records.add(PartialRecord.of(upstreamId, RecordData.toData(client, data, "data")));
    return this;
  }

  /**
   * Adds a change to record {@code upstreamId} converted from {@code pojo} with the client's {@code
   * ObjectMapper}: its non-null properties. A property that is null is left out, so its field is
   * left alone upstream; to clear a field, pass a map that holds {@code null} for it.
   *
   * @throws IllegalArgumentException if {@code pojo} does not convert to a JSON object
   */
  public UpdateCall record(String upstreamId, Object pojo) {
    Map<String, Object> data = RecordData.toData(client, pojo, "record");
    if (!(pojo instanceof Map) && data.containsValue(null)) {
      Map<String, Object> set = new LinkedHashMap<>(data);
      set.values().removeIf(Objects::isNull);
      data = set;
    }
    records.add(PartialRecord.of(upstreamId, data));
    return this;
  }

  /** Adds changes, each with the upstream id of the record it changes. */
  public UpdateCall records(Collection<PartialRecord> records) {
    this.records.addAll(records);
    return this;
  }

  @Override
  public MutationRequest.Update request() {
    return MutationRequest.update(syncId, collectionId)
        .records(records)
        .awaitConsumers(await())
        .build();
  }
}
