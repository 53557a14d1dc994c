package io.mutationapi.client;

import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A call that changes fields of existing records. From {@link Mutations#update}.
 *
 * <p>Updates are partial: fields absent from a record's data are left alone upstream; a field
 * mapped to {@code null} is set to null. With a POJO, every null property is therefore sent as a
 * null and clears that field; annotate the class {@code @JsonInclude(Include.NON_NULL)} (or
 * configure the client's {@code ObjectMapper}) to leave such fields alone instead.
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
   * ObjectMapper}. Null properties clear their fields; see the class documentation.
   *
   * @throws IllegalArgumentException if {@code pojo} does not convert to a JSON object
   */
  public UpdateCall record(String upstreamId, Object pojo) {
    records.add(PartialRecord.of(upstreamId, RecordData.toData(client, pojo, "record")));
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
