package io.mutationapi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, validating copies of JSON values in the record data model.
 *
 * <p>The model is: {@code null}, {@link Boolean}, {@link String}, {@link JsonNumber}, an
 * unmodifiable insertion-ordered {@code Map<String, Object>} (which may hold null values), and an
 * unmodifiable {@code List<Object>}. Other {@link Number}s are converted to {@link JsonNumber}; any
 * other type is rejected, naming its path.
 */
final class JsonValues {
  private JsonValues() {}

  /** Returns an immutable deep copy of {@code object}; {@code path} names it in errors. */
  static Map<String, Object> copyObject(Map<?, ?> object, String path) {
    if (object == null) {
      throw new NullPointerException(path + " must not be null");
    }
    if (object.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, Object> copy = new LinkedHashMap<>(capacity(object.size()));
    for (Map.Entry<?, ?> entry : object.entrySet()) {
      Object key = entry.getKey();
      if (!(key instanceof String)) {
        throw new IllegalArgumentException(path + ": keys must be strings, found " + describe(key));
      }
      String name = (String) key;
      copy.put(name, copyValue(entry.getValue(), path + "." + name));
    }
    return Collections.unmodifiableMap(copy);
  }

  static Object copyValue(Object value, String path) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof JsonNumber) {
      return value;
    }
    if (value instanceof Number) {
      try {
        return JsonNumber.of((Number) value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
      }
    }
    if (value instanceof Map) {
      return copyObject((Map<?, ?>) value, path);
    }
    if (value instanceof Collection) {
      Collection<?> items = (Collection<?>) value;
      if (items.isEmpty()) {
        return Collections.emptyList();
      }
      List<Object> copy = new ArrayList<>(items.size());
      int i = 0;
      for (Object item : items) {
        copy.add(copyValue(item, path + "[" + i++ + "]"));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Character || value instanceof CharSequence) {
      return value.toString();
    }
    throw new IllegalArgumentException(
        path
            + ": "
            + describe(value)
            + " is not a JSON value; convert it to a String, Number, Boolean, Map or List first");
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  static int capacity(int size) {
    return (int) (size / 0.75f) + 1;
  }
}
