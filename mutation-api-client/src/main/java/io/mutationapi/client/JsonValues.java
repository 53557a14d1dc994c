package io.mutationapi.client;

import io.mutationapi.JsonNumber;
import io.mutationapi.internal.WireException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Typed reads from the codec's JSON value model (maps, lists, {@link JsonNumber}, strings), for the
 * bodies of the consume and management calls. Lenient like every answer the client reads: unknown
 * fields are ignored, and a field that is absent or {@code null} is empty; a field of the wrong
 * type is a {@link WireException} that names its path.
 */
final class JsonValues {
  private final Map<?, ?> object;
  private final String path;

  private JsonValues(Map<?, ?> object, String path) {
    this.object = object;
    this.path = path;
  }

  /**
   * Views {@code value} as an object; {@code path} names it in messages ({@code "$"} for a body).
   */
  static JsonValues object(Object value, String path) {
    if (!(value instanceof Map)) {
      throw new WireException(path + ": must be an object, found " + describe(value));
    }
    return new JsonValues((Map<?, ?>) value, path);
  }

  /** Returns the path of {@code name} in this object, for messages. */
  String at(String name) {
    return "$".equals(path) ? name : path + "." + name;
  }

  Object raw(String name) {
    return object.get(name);
  }

  Optional<JsonValues> optionalObject(String name) {
    Object v = object.get(name);
    return v == null ? Optional.empty() : Optional.of(object(v, at(name)));
  }

  JsonValues requiredObject(String name) {
    return optionalObject(name)
        .orElseThrow(() -> new WireException(at(name) + ": must be an object, found null"));
  }

  /** Returns the list, empty when absent or null. */
  List<?> list(String name) {
    Object v = object.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List)) {
      throw new WireException(at(name) + ": must be an array, found " + describe(v));
    }
    return (List<?>) v;
  }

  List<String> strings(String name) {
    List<?> items = list(name);
    List<String> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Object v = items.get(i);
      if (!(v instanceof String)) {
        throw new WireException(at(name) + "[" + i + "]: must be a string, found " + describe(v));
      }
      out.add((String) v);
    }
    return List.copyOf(out);
  }

  Optional<String> optionalString(String name) {
    Object v = object.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String)) {
      throw new WireException(at(name) + ": must be a string, found " + describe(v));
    }
    return Optional.of((String) v);
  }

  String requiredString(String name) {
    String s =
        optionalString(name)
            .orElseThrow(() -> new WireException(at(name) + ": must be a string, found null"));
    if (s.isEmpty()) {
      throw new WireException(at(name) + ": must not be empty");
    }
    return s;
  }

  OptionalLong optionalLong(String name) {
    Object v = object.get(name);
    if (v == null) {
      return OptionalLong.empty();
    }
    if (!(v instanceof JsonNumber) || !((JsonNumber) v).isIntegral()) {
      throw new WireException(at(name) + ": must be an integer, found " + describe(v));
    }
    try {
      return OptionalLong.of(((JsonNumber) v).bigDecimalValue().longValueExact());
    } catch (ArithmeticException e) {
      throw new WireException(at(name) + ": out of range: " + ((JsonNumber) v).text(), e);
    }
  }

  long longOr(String name, long absent) {
    return optionalLong(name).orElse(absent);
  }

  OptionalInt optionalInt(String name) {
    OptionalLong v = optionalLong(name);
    if (v.isEmpty()) {
      return OptionalInt.empty();
    }
    long l = v.getAsLong();
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
      throw new WireException(at(name) + ": out of range: " + l);
    }
    return OptionalInt.of((int) l);
  }

  int intOr(String name, int absent) {
    return optionalInt(name).orElse(absent);
  }

  Optional<Instant> optionalInstant(String name) {
    Optional<String> s = optionalString(name);
    try {
      return s.map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw new WireException(at(name) + ": not an ISO-8601 instant: " + s.get(), e);
    }
  }

  static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof JsonNumber) {
      return "the number " + Text.printable(((JsonNumber) v).text(), 40);
    }
    return String.valueOf(v);
  }
}
