package io.mutationapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mutationapi.internal.WireCodec;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Converts between record data and the caller's own types with Jackson, going through JSON text so
 * exact numbers reach the target type unchanged.
 */
final class DataBinding {
  static final ObjectMapper DEFAULT_MAPPER =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private DataBinding() {}

  static <T> T convert(Map<String, Object> data, Class<T> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mapper, "mapper");
    try {
      return mapper.readValue(WireCodec.standard().writeValue(data), type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "record data does not convert to " + type.getName() + ": " + originalMessage(e), e);
    }
  }

  private static String originalMessage(IOException e) {
    return e instanceof com.fasterxml.jackson.core.JsonProcessingException
        ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage()
        : e.getMessage();
  }
}
