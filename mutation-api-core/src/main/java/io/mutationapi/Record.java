package io.mutationapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A record as the upstream holds it after a mutation: what the API answers, and what the stream
 * carries to consumers.
 *
 * <p>{@code data} is the record's full state after the mutation, not only the fields that were
 * written; for a delete it is the last known state, or empty. {@code updatedIdx} is the version of
 * the record, strictly increasing per record, so a consumer can discard a stale version delivered
 * late. Timestamps are UTC with microsecond precision (finer precision is truncated).
 *
 * <p>{@code extensions} holds fields a peer sent that this version does not know, so a record read
 * from the wire and written again loses nothing.
 *
 * <p>Instances are immutable. {@link #toString()} never shows data values.
 *
 * @param syncId the sync
 * @param collectionId the collection
 * @param upstreamId the record's id in the upstream
 * @param upstreamUpdatedAt when the upstream last changed the record
 * @param upstreamCreatedAt when the upstream created the record, if known
 * @param updatedIdx the record's version; absent only when read from a peer that does not send it
 * @param data the record's full state
 * @param deleted whether the record has been deleted
 * @param extensions unknown fields read from the wire, by name, in order
 */
public record Record(
    String syncId,
    String collectionId,
    String upstreamId,
    Instant upstreamUpdatedAt,
    Optional<Instant> upstreamCreatedAt,
    OptionalLong updatedIdx,
    Map<String, Object> data,
    boolean deleted,
    Map<String, Object> extensions) {

  /** The wire names of the fields above; an extension by one of these names would shadow it. */
  private static final Set<String> FIELD_NAMES =
      Set.of(
          WireFields.SYNC_ID,
          WireFields.COLLECTION_ID,
          WireFields.UPSTREAM_ID,
          WireFields.UPSTREAM_UPDATED_AT,
          WireFields.UPSTREAM_CREATED_AT,
          WireFields.UPDATED_IDX,
          WireFields.DATA,
          WireFields.DELETED);

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if an id is empty, a data value is not a JSON value, or an
   *     extension has the wire name of a field, e.g. {@code "deleted"}
   * @throws NullPointerException if a required part is null
   */
  public Record {
    requireNonEmpty(syncId, "syncId");
    requireNonEmpty(collectionId, "collectionId");
    requireNonEmpty(upstreamId, "upstreamId");
    upstreamUpdatedAt =
        Objects.requireNonNull(upstreamUpdatedAt, "upstreamUpdatedAt")
            .truncatedTo(ChronoUnit.MICROS);
    upstreamCreatedAt =
        Objects.requireNonNull(upstreamCreatedAt, "upstreamCreatedAt")
            .map(t -> t.truncatedTo(ChronoUnit.MICROS));
    Objects.requireNonNull(updatedIdx, "updatedIdx");
    data = JsonValues.copyObject(data, "data");
    extensions = JsonValues.copyObject(extensions, "extensions");
    for (String name : extensions.keySet()) {
      if (FIELD_NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "extensions: '" + name + "' is a field of Record, not an extension");
      }
    }
  }

  private static void requireNonEmpty(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be null or empty");
    }
  }

  /**
   * Returns the data converted to {@code type} with a default Jackson {@code ObjectMapper} that
   * ignores unknown properties. Name fields with {@code @JsonProperty} where the upstream's names
   * differ from Java's, e.g. {@code @JsonProperty("FirstName")}.
   *
   * @throws IllegalArgumentException if the data does not fit {@code type}
   */
  public <T> T dataAs(Class<T> type) {
    return DataBinding.convert(data, type, DataBinding.DEFAULT_MAPPER);
  }

  /**
   * Returns the data converted to {@code type} with {@code mapper}, for callers that configure
   * their own (modules, naming strategies).
   *
   * @throws IllegalArgumentException if the data does not fit {@code type}
   */
  public <T> T dataAs(Class<T> type, ObjectMapper mapper) {
    return DataBinding.convert(data, type, mapper);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from this record. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.syncId = syncId;
    b.collectionId = collectionId;
    b.upstreamId = upstreamId;
    b.upstreamUpdatedAt = upstreamUpdatedAt;
    b.upstreamCreatedAt = upstreamCreatedAt.orElse(null);
    b.updatedIdx = updatedIdx.isPresent() ? updatedIdx.getAsLong() : null;
    b.data = data;
    b.deleted = deleted;
    b.extensions = new LinkedHashMap<>(extensions);
    return b;
  }

  /** Returns a description with ids and version but no data values. */
  @Override
  public String toString() {
    return "Record{"
        + syncId
        + "/"
        + collectionId
        + "/"
        + upstreamId
        + (updatedIdx.isPresent() ? ", updatedIdx=" + updatedIdx.getAsLong() : "")
        + ", upstreamUpdatedAt="
        + upstreamUpdatedAt
        + (deleted ? ", deleted" : "")
        + ", fields="
        + data.keySet()
        + "}";
  }

  /** Builds a {@link Record}. Not thread-safe. */
  public static final class Builder {
    private String syncId;
    private String collectionId;
    private String upstreamId;
    private Instant upstreamUpdatedAt;
    private Instant upstreamCreatedAt;
    private Long updatedIdx;
    private Map<String, ?> data = Collections.emptyMap();
    private boolean deleted;
    private Map<String, Object> extensions = new LinkedHashMap<>();

    Builder() {}

    /** Sets the sync id. */
    public Builder syncId(String syncId) {
      this.syncId = syncId;
      return this;
    }

    /** Sets the collection id. */
    public Builder collectionId(String collectionId) {
      this.collectionId = collectionId;
      return this;
    }

    /** Sets the upstream id. */
    public Builder upstreamId(String upstreamId) {
      this.upstreamId = upstreamId;
      return this;
    }

    /** Sets when the upstream last changed the record. */
    public Builder upstreamUpdatedAt(Instant upstreamUpdatedAt) {
      this.upstreamUpdatedAt = upstreamUpdatedAt;
      return this;
    }

    /** Sets when the upstream created the record; null if unknown. */
    public Builder upstreamCreatedAt(Instant upstreamCreatedAt) {
      this.upstreamCreatedAt = upstreamCreatedAt;
      return this;
    }

    /** Sets the record's version. */
    public Builder updatedIdx(long updatedIdx) {
      this.updatedIdx = updatedIdx;
      return this;
    }

    /** Sets the record's full state. */
    public Builder data(Map<String, ?> data) {
      this.data = Objects.requireNonNull(data, "data");
      return this;
    }

    /** Sets whether the record is deleted. */
    public Builder deleted(boolean deleted) {
      this.deleted = deleted;
      return this;
    }

    /** Adds a field this version does not know, to be written back unchanged. */
    public Builder extension(String name, Object value) {
      this.extensions.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /**
     * Returns the record.
     *
     * @throws IllegalStateException if an id or {@code upstreamUpdatedAt} is missing
     */
    public Record build() {
      if (syncId == null) {
        throw new IllegalStateException("syncId is required");
      }
      if (collectionId == null) {
        throw new IllegalStateException("collectionId is required");
      }
      if (upstreamId == null) {
        throw new IllegalStateException("upstreamId is required");
      }
      if (upstreamUpdatedAt == null) {
        throw new IllegalStateException("upstreamUpdatedAt is required");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> d = (Map<String, Object>) data;
      return new Record(
          syncId,
          collectionId,
          upstreamId,
          upstreamUpdatedAt,
          Optional.ofNullable(upstreamCreatedAt),
          updatedIdx == null ? OptionalLong.empty() : OptionalLong.of(updatedIdx),
          d,
          deleted,
          extensions);
    }
  }
}
