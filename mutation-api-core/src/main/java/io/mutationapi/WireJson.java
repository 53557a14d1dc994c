package io.mutationapi;

import io.mutationapi.internal.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * JSON as the wire writes it, for adapters: a record's data as JSON text or bytes (for a JSON
 * column, a message payload, a file), and the success body {@code {"records": [...]}} that a
 * webhook sends and a receiver reads.
 *
 * <p>Values are those of the record data model ({@link Record#data()}): {@code null}, {@link
 * Boolean}, {@link String}, {@link JsonNumber}, {@code Map<String, Object>} and {@code
 * List<Object>} of them; other {@link Number}s are written as their exact {@link JsonNumber}.
 * Output is compact UTF-8 that keeps key order and numbers' exact text, byte for byte what the
 * server writes.
 *
 * <p>All methods are thread-safe.
 */
public final class WireJson {
  private WireJson() {}

  /**
   * Returns {@code value} as compact UTF-8 JSON, e.g. {@code writeValue(record.data())}.
   *
   * @throws IllegalArgumentException if {@code value} holds something outside the data model, such
   *     as a {@code java.util.Date}; nothing is written then
   * @throws ClassCastException if a map in {@code value} has a key that is not a string
   */
  public static byte[] writeValue(Object value) {
    return WireCodec.standard().writeValue(value);
  }

  /**
   * Returns {@code value} as compact JSON text; the same as {@link #writeValue} decoded as UTF-8.
   *
   * @throws IllegalArgumentException if {@code value} holds something outside the data model
   */
  public static String writeValueAsString(Object value) {
    return new String(writeValue(value), StandardCharsets.UTF_8);
  }

  /**
   * Reads one JSON document into the data model: objects keep their key order, numbers their exact
   * text as {@link JsonNumber}s.
   *
   * @throws MutationApiException if {@code json} is not one JSON value (malformed, empty, trailing
   *     data, a duplicate key, an unpaired surrogate, or beyond the codec's nesting and length
   *     limits); the message names the JSON path, never the data
   * @throws NullPointerException if {@code json} is null
   */
  public static Object readValue(byte[] json) {
    return WireCodec.standard().readValue(Objects.requireNonNull(json, "json"));
  }

  /**
   * Returns the success body {@code {"records": [...]}} for {@code result}, as the server answers a
   * mutation and a webhook delivers records.
   *
   * @throws NullPointerException if {@code result} is null
   */
  public static byte[] writeResult(MutationResult result) {
    return WireCodec.standard().writeResult(Objects.requireNonNull(result, "result"));
  }

  /**
   * Reads a success body leniently, as a webhook receiver or a client does: unknown top-level
   * fields are ignored and unknown record fields kept in {@link Record#extensions()}.
   *
   * @throws MutationApiException if the body is not JSON or lacks what a success body must carry
   *     (its {@code records} array, a record's required fields); the message names the JSON path
   * @throws NullPointerException if {@code body} is null
   */
  public static MutationResult readResult(byte[] body) {
    return WireCodec.standard().readResult(Objects.requireNonNull(body, "body"));
  }
}
