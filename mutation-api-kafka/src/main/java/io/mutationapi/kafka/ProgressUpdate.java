package io.mutationapi.kafka;

import io.mutationapi.JsonNumber;
import io.mutationapi.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message of the progress topic: consumer {@code consumerId} has processed every offset of
 * {@code partition} below {@code nextOffset}, and skipped the {@code notApplied} offsets among
 * them. Keyed by consumer and partition, so compaction keeps the latest of each.
 *
 * @param consumerId the consumer
 * @param partition the partition of the changes topic
 * @param nextOffset the committed offset
 * @param notApplied offsets of the committed batch that the consumer did not apply, with why
 */
record ProgressUpdate(String consumerId, int partition, long nextOffset, List<Skip> notApplied) {

  ProgressUpdate {
    Objects.requireNonNull(consumerId, "consumerId");
    notApplied = List.copyOf(notApplied);
  }

  /** An offset not applied, with the consumer's reason. */
  record Skip(long offset, String reason) {}

  /** Returns this update followed by {@code later}, of the same consumer and partition. */
  ProgressUpdate then(ProgressUpdate later) {
    List<Skip> skips = new ArrayList<>(notApplied);
    skips.addAll(later.notApplied);
    return new ProgressUpdate(consumerId, partition, Math.max(nextOffset, later.nextOffset), skips);
  }

  String key() {
    return consumerId + "/" + partition;
  }

  byte[] value() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("consumer_id", consumerId);
    json.put("partition", partition);
    json.put("next_offset", nextOffset);
    if (!notApplied.isEmpty()) {
      List<Object> skips = new ArrayList<>();
      for (Skip skip : notApplied) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("offset", skip.offset());
        s.put("reason", skip.reason());
        skips.add(s);
      }
      json.put("not_applied", skips);
    }
    return WireJson.writeValue(json);
  }

  /**
   * Reads a value written by {@link #value()}.
   *
   * @throws RuntimeException if it is not such a value
   */
  static ProgressUpdate read(byte[] value) {
    Map<?, ?> json = (Map<?, ?>) WireJson.readValue(value);
    List<Skip> skips = new ArrayList<>();
    Object listed = json.get("not_applied");
    if (listed != null) {
      for (Object item : (List<?>) listed) {
        Map<?, ?> s = (Map<?, ?>) item;
        skips.add(new Skip(number(s, "offset"), (String) s.get("reason")));
      }
    }
    return new ProgressUpdate(
        (String) json.get("consumer_id"),
        Math.toIntExact(number(json, "partition")),
        number(json, "next_offset"),
        skips);
  }

  private static long number(Map<?, ?> json, String name) {
    Object value = json.get(name);
    if (!(value instanceof JsonNumber)) {
      throw new IllegalArgumentException(name + " must be a number");
    }
    return ((JsonNumber) value).longValue();
  }
}
