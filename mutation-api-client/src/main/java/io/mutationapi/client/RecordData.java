package io.mutationapi.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mutationapi.JsonNumber;
import io.mutationapi.PartialRecord;
import io.mutationapi.internal.CheckedObject;
import io.mutationapi.internal.Unicode;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.internal.WireException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the caller's record data (a map or a POJO) into the core's JSON value model, through JSON
 * text written by the client's {@code ObjectMapper}: dates, enums and naming then follow the
 * mapper's configuration, and numbers keep their exact text.
 *
 * <p>A map that holds only what JSON holds (strings, numbers, booleans, nulls, and maps and
 * collections of the JDK's own of these) is copied directly when the client uses its default
 * mapper: that mapper writes such values exactly as they are, so the JSON text would only be
 * written to be read back into the same model. This is the common case, and going through the text
 * cost more than the rest of building a request.
 */
final class RecordData {
  private RecordData() {}

  /** Returns the mapper a client uses when the caller supplies none. */
  static ObjectMapper defaultMapper() {
    // findAndAddModules picks up jackson-datatype-jsr310 and the like when the application has
    // them, so dates in POJOs serialize as ISO-8601 text, which upstreams expect.
    return JsonMapper.builder()
        .findAndAddModules()
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
  }

  /** Returns the data of {@code value} as the value model, through the mapper where it matters. */
  static Map<String, Object> toData(MutationClient client, Object value, String what) {
    Objects.requireNonNull(value, what);
    if (client.hasDefaultObjectMapper() && value instanceof Map) {
      Object copy;
      try {
        copy = new PlainCopy().value(value, 0);
      } catch (RuntimeException e) {
        copy = PlainCopy.NOT_PLAIN; // changed while copied, say: the mapper fails as it always has
      }
      if (copy != PlainCopy.NOT_PLAIN) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) copy;
        return map;
      }
    }
    return toData(client.objectMapper(), value, what);
  }

  /** Returns the data of {@code value} as the value model, converted by {@code mapper}. */
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

  /**
   * Copies a value into the model as the default mapper and the codec's reader together would, or
   * answers {@link #NOT_PLAIN} for anything where the two could differ: another type, a class
   * outside {@code java.util} (it may carry Jackson annotations), a double that JSON cannot hold,
   * an unpaired surrogate, two keys that are equal strings, or a value near one of the reader's
   * limits. Those take the mapper's way, which fails or converts them as it always did.
   */
  static final class PlainCopy {
    static final Object NOT_PLAIN = new Object();

    /** Well under the reader's limits: nesting 64, a name 4096 characters, a number 1000. */
    private static final int MAX_DEPTH = 32;

    private static final int MAX_NAME_LENGTH = 1000;
    private static final int MAX_NUMBER_DIGITS = 900;

    /**
     * Roughly the characters of JSON text left before the data is big enough to be left to the
     * mapper; every value costs some, a string its length more.
     */
    private int budget = 1 << 20;

    Object value(Object value, int depth) {
      budget -= 8;
      if (budget < 0) {
        return NOT_PLAIN;
      }
      if (value == null || value instanceof Boolean) {
        return value;
      }
      if (value instanceof String) {
        return string((String) value);
      }
      if (value instanceof Integer
          || value instanceof Long
          || value instanceof Short
          || value instanceof Byte) {
        return JsonNumber.of((Number) value);
      }
      if (value instanceof Double || value instanceof Float) {
        // The mapper writes NaN and the infinities as strings.
        return Double.isFinite(((Number) value).doubleValue())
            ? JsonNumber.of((Number) value)
            : NOT_PLAIN;
      }
      if (value instanceof BigDecimal) {
        return ((BigDecimal) value).precision() <= MAX_NUMBER_DIGITS
            ? JsonNumber.of((Number) value)
            : NOT_PLAIN;
      }
      if (value instanceof BigInteger) {
        // 2900 bits are fewer than 900 decimal digits.
        return ((BigInteger) value).bitLength() <= 2900 ? JsonNumber.of((Number) value) : NOT_PLAIN;
      }
      if (value instanceof JsonNumber) {
        return ((JsonNumber) value).text().length() <= MAX_NUMBER_DIGITS ? value : NOT_PLAIN;
      }
      if (depth >= MAX_DEPTH || !isJdkContainer(value.getClass())) {
        return NOT_PLAIN;
      }
      if (value instanceof Map) {
        return map((Map<?, ?>) value, depth);
      }
      if (value instanceof Collection) {
        return list((Collection<?>) value, depth);
      }
      return NOT_PLAIN;
    }

    private Object map(Map<?, ?> map, int depth) {
      LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
      int entries = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object key = e.getKey();
        if (!(key instanceof String) || ((String) key).length() > MAX_NAME_LENGTH) {
          return NOT_PLAIN;
        }
        Object name = string((String) key);
        Object item = name == NOT_PLAIN ? NOT_PLAIN : value(e.getValue(), depth + 1);
        if (item == NOT_PLAIN) {
          return NOT_PLAIN;
        }
        copy.put((String) name, item);
        entries++;
      }
      if (copy.size() != entries) {
        return NOT_PLAIN; // equal keys, e.g. in an IdentityHashMap: the reader rejects duplicates
      }
      // Checked as the core checks data, so PartialRecord keeps it instead of copying it again.
      return CheckedObject.ofChecked(copy);
    }

    private Object list(Collection<?> items, int depth) {
      List<Object> copy = new ArrayList<>(items.size());
      for (Object item : items) {
        Object v = value(item, depth + 1);
        if (v == NOT_PLAIN) {
          return NOT_PLAIN;
        }
        copy.add(v);
      }
      return copy.isEmpty() ? Collections.emptyList() : Collections.unmodifiableList(copy);
    }

    private Object string(String s) {
      budget -= s.length();
      if (budget < 0) {
        return NOT_PLAIN;
      }
      return Unicode.unpairedSurrogate(s) >= 0 ? NOT_PLAIN : s;
    }

    private static boolean isJdkContainer(Class<?> type) {
      return type.getName().startsWith("java.util.");
    }
  }
}
