package io.mutationapi.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mutationapi.PartialRecord;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.internal.WireException;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the caller's record data (a map or a POJO) into the core's JSON value model, through JSON
 * text written by the client's {@code ObjectMapper}: dates, enums and naming then follow the
 * mapper's configuration, and numbers keep their exact text.
 */
final class RecordData {
  private RecordData() {}

  static Map<String, Object> toData(ObjectMapper mapper, Object value, String what) {
    Objects.requireNonNull(value, what);
    if (value instanceof PartialRecord) {
      throw new IllegalArgumentException(
          what + " is a PartialRecord; pass its data(), or add it with records(...)");
    }
    byte[] json;
    try {
      json = mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          what
              + " of type "
              + value.getClass().getName()
              + " does not convert to JSON: "
              + e.getOriginalMessage(),
          e);
    }
    Object data;
    try {
      data = WireCodec.standard().readValue(json);
    } catch (WireException e) {
      throw new IllegalArgumentException(what + " does not convert to JSON: " + e.getMessage(), e);
    }
    if (!(data instanceof Map)) {
      throw new IllegalArgumentException(
          what
              + " must convert to a JSON object, but "
              + value.getClass().getName()
              + " converts to "
              + (data == null
                  ? "null"
                  : data instanceof String
                      ? "a string"
                      : "a JSON " + data.getClass().getSimpleName()));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) data;
    return map;
  }
}
