package io.mutationapi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One call of the Mutation API: create, update or delete records of one collection of one sync,
 * optionally waiting for downstream consumers.
 *
 * <p>Build one with {@link #create}, {@link #update} or {@link #delete}:
 *
 * <pre>{@code
 * MutationRequest request = MutationRequest.create("my-sync-id", "salesforce:contact")
 *     .record(Map.of("FirstName", "Paul", "LastName", "Atreides"))
 *     .awaitConsumers("local-db")
 *     .build();
 * }</pre>
 *
 * <p>Requests are immutable values; their constructors validate everything that does not depend on
 * configured limits (non-empty ids, at least one record, no duplicate upstream ids, the shape of
 * each record for its kind).
 */
public sealed interface MutationRequest
    permits MutationRequest.Create, MutationRequest.Update, MutationRequest.Delete {

  /** Returns the sync whose upstream is mutated. */
  String syncId();

  /** Returns the collection within the sync, e.g. {@code "salesforce:contact"}. */
  String collectionId();

  /** Returns the consumers to wait for, if any. */
  Optional<AwaitConsumers> awaitConsumers();

  /** Returns what this request does. */
  MutationKind kind();

  /** Returns how many records this request names. */
  int size();

  /** Returns a builder for a request that creates records. */
  static CreateBuilder create(String syncId, String collectionId) {
    return new CreateBuilder(syncId, collectionId);
  }

  /** Returns a builder for a request that updates records. */
  static UpdateBuilder update(String syncId, String collectionId) {
    return new UpdateBuilder(syncId, collectionId);
  }

  /** Returns a builder for a request that deletes records. */
  static DeleteBuilder delete(String syncId, String collectionId) {
    return new DeleteBuilder(syncId, collectionId);
  }

  /**
   * Creates records; the upstream assigns their ids.
   *
   * @param syncId the sync
   * @param collectionId the collection
   * @param records the records to create, none with an upstream id
   * @param awaitConsumers the consumers to wait for, if any
   */
  record Create(
      String syncId,
      String collectionId,
      List<PartialRecord> records,
      Optional<AwaitConsumers> awaitConsumers)
      implements MutationRequest {
    /** Validates and copies. */
    public Create {
      RequestChecks.ids(syncId, collectionId, awaitConsumers);
      records = RequestChecks.records(records);
      for (int i = 0; i < records.size(); i++) {
        if (records.get(i).upstreamId().isPresent()) {
          throw new IllegalArgumentException(
              "records[" + i + "].upstream_id must be absent for create");
        }
      }
    }

    @Override
    public MutationKind kind() {
      return MutationKind.CREATE;
    }

    @Override
    public int size() {
      return records.size();
    }

    @Override
    public String toString() {
      return RequestChecks.describe(this, "records=" + records.size());
    }
  }

  /**
   * Changes fields of existing records. Fields absent from a record's data are left alone; fields
   * mapped to null are set to null.
   *
   * @param syncId the sync
   * @param collectionId the collection
   * @param records the records to change, each with an upstream id, no id twice
   * @param awaitConsumers the consumers to wait for, if any
   */
  record Update(
      String syncId,
      String collectionId,
      List<PartialRecord> records,
      Optional<AwaitConsumers> awaitConsumers)
      implements MutationRequest {
    /** Validates and copies. */
    public Update {
      RequestChecks.ids(syncId, collectionId, awaitConsumers);
      records = RequestChecks.records(records);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < records.size(); i++) {
        Optional<String> id = records.get(i).upstreamId();
        if (id.isEmpty()) {
          throw new IllegalArgumentException(
              "records[" + i + "].upstream_id is required for update");
        }
        if (!seen.add(id.get())) {
          throw new IllegalArgumentException(
              "records[" + i + "].upstream_id: duplicate upstream id '" + id.get() + "'");
        }
      }
    }

    @Override
    public MutationKind kind() {
      return MutationKind.UPDATE;
    }

    @Override
    public int size() {
      return records.size();
    }

    @Override
    public String toString() {
      return RequestChecks.describe(this, "records=" + records.size());
    }
  }

  /**
   * Deletes existing records.
   *
   * @param syncId the sync
   * @param collectionId the collection
   * @param upstreamIds the ids of the records to delete, no id twice
   * @param awaitConsumers the consumers to wait for, if any
   */
  record Delete(
      String syncId,
      String collectionId,
      List<String> upstreamIds,
      Optional<AwaitConsumers> awaitConsumers)
      implements MutationRequest {
    /** Validates and copies. */
    public Delete {
      RequestChecks.ids(syncId, collectionId, awaitConsumers);
      Objects.requireNonNull(upstreamIds, "upstreamIds");
      if (upstreamIds.isEmpty()) {
        throw new IllegalArgumentException("upstream_ids must not be empty");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < upstreamIds.size(); i++) {
        String id = upstreamIds.get(i);
        if (id == null || id.isEmpty()) {
          throw new IllegalArgumentException("upstream_ids[" + i + "] must not be null or empty");
        }
        if (!seen.add(id)) {
          throw new IllegalArgumentException(
              "upstream_ids[" + i + "]: duplicate upstream id '" + id + "'");
        }
      }
      upstreamIds = List.copyOf(upstreamIds);
    }

    @Override
    public MutationKind kind() {
      return MutationKind.DELETE;
    }

    @Override
    public int size() {
      return upstreamIds.size();
    }

    @Override
    public String toString() {
      return RequestChecks.describe(this, "upstreamIds=" + upstreamIds.size());
    }
  }

  /** The parts every builder shares. */
  abstract class Builder<B extends Builder<B>> {
    final String syncId;
    final String collectionId;
    AwaitConsumers awaitConsumers;

    Builder(String syncId, String collectionId) {
      this.syncId = syncId;
      this.collectionId = collectionId;
    }

    abstract B self();

    /** Waits for {@code consumerIds} with the default timeout of 30 seconds. */
    public B awaitConsumers(String... consumerIds) {
      this.awaitConsumers = AwaitConsumers.of(consumerIds);
      return self();
    }

    /** Waits for {@code consumerIds} for at most {@code timeout}. */
    public B awaitConsumers(List<String> consumerIds, Duration timeout) {
      this.awaitConsumers = AwaitConsumers.of(consumerIds, timeout);
      return self();
    }

    /** Waits as {@code awaitConsumers} says; null waits for nothing. */
    public B awaitConsumers(AwaitConsumers awaitConsumers) {
      this.awaitConsumers = awaitConsumers;
      return self();
    }

    Optional<AwaitConsumers> await() {
      return Optional.ofNullable(awaitConsumers);
    }
  }

  /** Builds a {@link Create}. Not thread-safe. */
  final class CreateBuilder extends Builder<CreateBuilder> {
    private final List<PartialRecord> records = new ArrayList<>();

    CreateBuilder(String syncId, String collectionId) {
      super(syncId, collectionId);
    }

    @Override
    CreateBuilder self() {
      return this;
    }

    /** Adds a record with these fields. */
    public CreateBuilder record(Map<String, ?> data) {
      records.add(PartialRecord.of(data));
      return this;
    }

    /** Adds records. */
    public CreateBuilder records(Collection<PartialRecord> records) {
      this.records.addAll(records);
      return this;
    }

    /**
     * Returns the request.
     *
     * @throws IllegalStateException if no record was added
     * @throws IllegalArgumentException if an id is empty or a record has an upstream id
     */
    public Create build() {
      if (records.isEmpty()) {
        throw new IllegalStateException("at least one record is required: call record(data)");
      }
      return new Create(syncId, collectionId, records, await());
    }
  }

  /** Builds an {@link Update}. Not thread-safe. */
  final class UpdateBuilder extends Builder<UpdateBuilder> {
    private final List<PartialRecord> records = new ArrayList<>();

    UpdateBuilder(String syncId, String collectionId) {
      super(syncId, collectionId);
    }

    @Override
    UpdateBuilder self() {
      return this;
    }

    /** Adds a change to the record {@code upstreamId}: these fields, others left alone. */
    public UpdateBuilder record(String upstreamId, Map<String, ?> data) {
      records.add(PartialRecord.of(upstreamId, data));
      return this;
    }

    /** Adds records, each with an upstream id. */
    public UpdateBuilder records(Collection<PartialRecord> records) {
      this.records.addAll(records);
      return this;
    }

    /**
     * Returns the request.
     *
     * @throws IllegalStateException if no record was added
     * @throws IllegalArgumentException if an id is empty or repeated
     */
    public Update build() {
      if (records.isEmpty()) {
        throw new IllegalStateException(
            "at least one record is required: call record(upstreamId, data)");
      }
      return new Update(syncId, collectionId, records, await());
    }
  }

  /** Builds a {@link Delete}. Not thread-safe. */
  final class DeleteBuilder extends Builder<DeleteBuilder> {
    private final List<String> upstreamIds = new ArrayList<>();

    DeleteBuilder(String syncId, String collectionId) {
      super(syncId, collectionId);
    }

    @Override
    DeleteBuilder self() {
      return this;
    }

    /** Adds ids of records to delete. */
    public DeleteBuilder upstreamIds(String... upstreamIds) {
      this.upstreamIds.addAll(Arrays.asList(upstreamIds));
      return this;
    }

    /** Adds ids of records to delete. */
    public DeleteBuilder upstreamIds(Collection<String> upstreamIds) {
      this.upstreamIds.addAll(upstreamIds);
      return this;
    }

    /**
     * Returns the request.
     *
     * @throws IllegalStateException if no id was added
     * @throws IllegalArgumentException if an id is empty or repeated
     */
    public Delete build() {
      if (upstreamIds.isEmpty()) {
        throw new IllegalStateException(
            "at least one upstream id is required: call upstreamIds(...)");
      }
      return new Delete(syncId, collectionId, upstreamIds, await());
    }
  }
}
