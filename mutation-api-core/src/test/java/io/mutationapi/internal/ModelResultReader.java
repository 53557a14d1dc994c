package io.mutationapi.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mutationapi.JsonNumber;
import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How {@link WireCodec#readResult} read a body before it streamed: the whole body into the value
 * model first, then the records from the model, timestamps by the JDK. Kept as the reference that
 * the streaming reader must agree with on every input, results and failures alike.
 */
final class ModelResultReader {
  private ModelResultReader() {}

  static MutationResult readResult(WireCodec codec, byte[] body) {
    try (JsonParser p = codec.parser(body)) {
      Map<String, Object> root = readRootObject(p, "response body");
      return new MutationResult(records(root.get("records"), "records"));
    } catch (IOException e) {
      throw JsonBodies.translate(e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new WireException("response body: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> readRootObject(JsonParser p, String what) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new WireException("$: " + what + " is empty");
    }
    if (t != JsonToken.START_OBJECT) {
      Object value =
          t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY
              ? (t == JsonToken.START_ARRAY ? List.of() : Map.of())
              : JsonModel.read(p, t);
      throw new WireException(
          "$: " + what + " must be a JSON object, found " + RequestReader.describe(value));
    }
    Map<String, Object> root = JsonModel.readObjectBody(p);
    if (p.nextToken() != null) {
      throw new WireException("$: unexpected data after the JSON object");
    }
    return root;
  }

  private static List<Record> records(Object value, String path) {
    if (!(value instanceof List)) {
      throw new WireException(path + ": must be an array, found " + RequestReader.describe(value));
    }
    List<?> items = (List<?>) value;
    List<Record> records = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      records.add(record(items.get(i), path + "[" + i + "]"));
    }
    return records;
  }

  private static Record record(Object value, String path) {
    if (!(value instanceof Map)) {
      throw new WireException(path + ": must be an object, found " + RequestReader.describe(value));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) value;
    Map<String, Object> extensions = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      switch (e.getKey()) {
        case "sync_id":
        case "collection_id":
        case "upstream_id":
        case "upstream_updated_at":
        case "upstream_created_at":
        case "updated_idx":
        case "data":
        case "deleted":
          break;
        default:
          extensions.put(e.getKey(), e.getValue());
      }
    }
    Object createdAt = fields.get("upstream_created_at");
    Object updatedIdx = fields.get("updated_idx");
    Object data = fields.get("data");
    Object deleted = fields.get("deleted");
    if (data != null && !(data instanceof Map)) {
      throw new WireException(path + ".data: must be an object");
    }
    if (deleted != null && !(deleted instanceof Boolean)) {
      throw new WireException(path + ".deleted: must be a boolean");
    }
    if (updatedIdx != null
        && !(updatedIdx instanceof JsonNumber && ((JsonNumber) updatedIdx).isIntegral())) {
      throw new WireException(path + ".updated_idx: must be an integer");
    }
    if (updatedIdx != null
        && new BigInteger(((JsonNumber) updatedIdx).text()).bitLength() > Long.SIZE - 1) {
      throw new WireException(path + ".updated_idx: out of range for a 64-bit integer");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> dataMap =
        data == null ? Collections.emptyMap() : (Map<String, Object>) data;
    return new Record(
        string(fields.get("sync_id"), path + ".sync_id"),
        string(fields.get("collection_id"), path + ".collection_id"),
        string(fields.get("upstream_id"), path + ".upstream_id"),
        timestamp(
            string(fields.get("upstream_updated_at"), path + ".upstream_updated_at"),
            path + ".upstream_updated_at"),
        createdAt == null
            ? Optional.empty()
            : Optional.of(
                timestamp(
                    string(createdAt, path + ".upstream_created_at"),
                    path + ".upstream_created_at")),
        updatedIdx == null
            ? OptionalLong.empty()
            : OptionalLong.of(((JsonNumber) updatedIdx).longValue()),
        dataMap,
        Boolean.TRUE.equals(deleted),
        extensions);
  }

  private static String string(Object value, String path) {
    if (!(value instanceof String)) {
      throw new WireException(path + ": must be a string, found " + RequestReader.describe(value));
    }
    return (String) value;
  }

  private static Instant timestamp(String text, String path) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new WireException(path + ": not an ISO-8601 timestamp: " + Echo.truncate(text));
    }
  }
}
