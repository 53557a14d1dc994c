package io.mutationapi.client;

import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A call that creates records; the upstream assigns their ids. From {@link Mutations#create}.
 *
 * <pre>{@code
 * MutationResult result = client.mutations()
 *     .create("my-sync-id", "salesforce:contact")
 *     .record(Map.of("FirstName", "Paul", "LastName", "Atreides"))
 *     .execute();
 * String id = result.record().upstreamId();
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class CreateCall extends MutationCall<CreateCall> {
  private final List<PartialRecord> records = new ArrayList<>();

  CreateCall(MutationClient client, String syncId, String collectionId) {
    super(client, syncId, collectionId);
  }

  @Override
  CreateCall self() {
    return this;
  }

  /**
   * Adds a record with these fields, in the upstream's names. Values are converted with the
   * client's {@code ObjectMapper}, so dates and other objects are written as it says; a key mapped
   * to {@code null} is sent as JSON {@code null}.
   *
   * @throws IllegalArgumentException if a value does not convert to JSON
   */
  public CreateCall record(Map<String, ?> data) {
    records.add(PartialRecord.of(RecordData.toData(client, data, "data")));
    return this;
  }

  /**
   * Adds a record converted from {@code pojo} with the client's {@code ObjectMapper}; name fields
   * as the upstream does, e.g. with {@code @JsonProperty("FirstName")}.
   *
   * @throws IllegalArgumentException if {@code pojo} does not convert to a JSON object
   */
  public CreateCall record(Object pojo) {
    records.add(PartialRecord.of(RecordData.toData(client, pojo, "record")));
    return this;
  }

  /**
   * Adds records: each a {@link PartialRecord} without an upstream id, a map, or a POJO.
   *
   * @throws IllegalArgumentException if one does not convert to a JSON object
   */
  public CreateCall records(Collection<?> records) {
    for (Object r : records) {
      if (r instanceof PartialRecord) {
        this.records.add((PartialRecord) r);
      } else {
        this.records.add(PartialRecord.of(RecordData.toData(client, r, "records[]")));
      }
    }
    return this;
  }

  @Override
  public MutationRequest.Create request() {
    return MutationRequest.create(syncId, collectionId)
        .records(records)
        .awaitConsumers(await())
        .build();
  }
}
