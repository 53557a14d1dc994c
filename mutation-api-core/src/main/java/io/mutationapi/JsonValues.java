package io.mutationapi;

import io.mutationapi.internal.CheckedObject;
import io.mutationapi.internal.Unicode;
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

  /**
   * Returns an immutable deep copy of {@code object}; {@code path} names it in errors. A {@link
   * CheckedObject}, such as every object the codec reads, is already one and is returned as it is.
   */
  static Map<String, Object> copyObject(Map<?, ?> object, String path) {
    if (object == null) {
      throw new NullPointerException(path + " must not be null");
    }
    if (object.isEmpty()) {
      return Collections.emptyMap();
    }
    if (object instanceof CheckedObject) {
      return (CheckedObject) object; // checked already, and no one can change it
    }
    Map<String, Object> copy = new LinkedHashMap<>(capacity(object.size()));
    for (Map.Entry<?, ?> entry : object.entrySet()) {
      Object key = entry.getKey();
      if (!(key instanceof String)) {
        throw new IllegalArgumentException(path + ": keys must be strings, found " + describe(key));
      }
      String name = checkUnicode((String) key, path);
      copy.put(name, copyValue(entry.getValue(), path, name, -1));
    }
    return Collections.unmodifiableMap(copy);
  }

  static Object copyValue(Object value, String path) {
    return copyValue(value, path, null, -1);
  }

  /**
   * Copies the value at {@code parent.key} (or {@code parent[index]} when {@code key} is null). The
   * path is joined only when it is needed, for an error or a nested container: joining it for every
   * field of every record was most of what a copy allocated.
   */
  private static Object copyValue(Object value, String parent, String key, int index) {
    if (value == null || value instanceof Boolean) {
      return value;
    }
    if (value instanceof String) {
      String s = (String) value;
      int bad = Unicode.unpairedSurrogate(s);
      if (bad >= 0) {
        throw unpaired(join(parent, key, index), bad);
      }
      return s;
    }
    if (value instanceof JsonNumber) {
      return value;
    }
    return copyOther(value, join(parent, key, index));
  }

  private static String join(String parent, String key, int index) {
    if (key != null) {
      return parent + "." + key;
    }
    return index >= 0 ? parent + "[" + index + "]" : parent;
  }

  private static Object copyOther(Object value, String path) {
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
        copy.add(copyValue(item, path, null, i++));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Character || value instanceof CharSequence) {
      return checkUnicode(value.toString(), path);
    }
    throw new IllegalArgumentException(
        path
            + ": "
            + describe(value)
            + " is not a JSON value; convert it to a String, Number, Boolean, Map or List first");
  }

  /**
   * Rejects unpaired UTF-16 surrogates: no UTF-8 encoder can write them, so a request holding one
   * would be rejected by every server. Failing here names the field while the caller can fix it.
   */
  static String checkUnicode(String s, String path) {
    int bad = Unicode.unpairedSurrogate(s);
    if (bad >= 0) {
      throw unpaired(path, bad);
    }
    return s;
  }

  private static IllegalArgumentException unpaired(String path, int index) {
    return new IllegalArgumentException(
        path + ": invalid Unicode: unpaired surrogate at index " + index);
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  static int capacity(int size) {
    return (int) (size / 0.75f) + 1;
  }
}
