package io.mutationapi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of a create or update request: the fields to write, and for an update the id of the
 * record in the upstream.
 *
 * <p>{@code data} is in the upstream's own field names and shapes and is passed through unchanged.
 * It is an unmodifiable, insertion-ordered map of JSON values (see {@link JsonNumber} for numbers).
 * A key mapped to {@code null} is kept and differs from an absent key: on an update the absent key
 * is left alone upstream, the null one sets that field to null.
 *
 * <p>Instances are immutable; {@code data} is deep-copied on construction.
 *
 * @param upstreamId the record's id in the upstream; present for updates, absent for creates
 * @param data the fields to write
 */
public record PartialRecord(Optional<String> upstreamId, Map<String, Object> data) {

  /**
   * Validates and deep-copies.
   *
   * @throws IllegalArgumentException if the upstream id is empty or a data value is not a JSON
   *     value
   */
  public PartialRecord {
    Objects.requireNonNull(upstreamId, "upstreamId");
    upstreamId.ifPresent(
        id -> {
          if (id.isEmpty()) {
            throw new IllegalArgumentException("upstreamId must not be empty");
          }
        });
    data = JsonValues.copyObject(data, "data");
  }

  /** Returns a record for a create: data without an upstream id. */
  public static PartialRecord of(Map<String, ?> data) {
    return new PartialRecord(Optional.empty(), copyArg(data));
  }

  /** Returns a record for an update: the upstream id and the fields to change. */
  public static PartialRecord of(String upstreamId, Map<String, ?> data) {
    Objects.requireNonNull(upstreamId, "upstreamId");
    return new PartialRecord(Optional.of(upstreamId), copyArg(data));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copyArg(Map<String, ?> data) {
    return (Map<String, Object>) Objects.requireNonNull(data, "data");
  }

  /** Returns a description that names the fields but never their values. */
  @Override
  public String toString() {
    return "PartialRecord{"
        + upstreamId.map(id -> "upstreamId=" + id + ", ").orElse("")
        + "fields="
        + data.keySet()
        + "}";
  }
}
