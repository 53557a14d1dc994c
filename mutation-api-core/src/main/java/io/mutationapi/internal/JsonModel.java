package io.mutationapi.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.mutationapi.JsonNumber;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the JSON value model of record data with Jackson's streaming API: {@code null},
 * {@link Boolean}, {@link String}, {@link JsonNumber} (exact text), insertion-ordered maps and
 * lists.
 */
final class JsonModel {
  private JsonModel() {}

  /** Reads the value that starts at the parser's current token {@code token}. */
  static Object read(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        return readObjectBody(p);
      case START_ARRAY:
        {
          List<Object> list = new ArrayList<>();
          JsonToken t;
          while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            list.add(read(p, t));
          }
          return list.isEmpty() ? Collections.emptyList() : Collections.unmodifiableList(list);
        }
      case VALUE_STRING:
        return readString(p);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return JsonNumber.parse(p.getText());
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new WireException(WirePaths.of(p) + ": unexpected JSON token " + token.asString());
    }
  }

  /** Reads the members of an object whose START_OBJECT has been consumed. */
  static Map<String, Object> readObjectBody(JsonParser p) throws IOException {
    LinkedHashMap<String, Object> map = new LinkedHashMap<>();
    boolean checkDuplicates = !p.isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = readName(p);
      if (checkDuplicates && map.containsKey(name)) {
        throw DuplicateName.INSTANCE;
      }
      map.put(name, read(p, p.nextToken()));
    }
    return map.isEmpty() ? Collections.emptyMap() : new CheckedObject(map);
  }

  /**
   * Thrown by a reader whose parser does not detect duplicate names, where an object repeats one;
   * the caller reads the body again with a parser that does, which then fails exactly as it always
   * has. Jackson's detection allocates a set per object; a reader that builds a map anyway can tell
   * for almost nothing.
   */
  static final class DuplicateName extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final DuplicateName INSTANCE = new DuplicateName();

    private DuplicateName() {
      super("duplicate name", null, false, false);
    }
  }

  /** Returns the name of the member at the parser's FIELD_NAME, checked as strings are. */
  static String readName(JsonParser p) throws IOException {
    String name = p.currentName();
    checkUnicode(name, p);
    return name;
  }

  static String readString(JsonParser p) throws IOException {
    String s = p.getText();
    checkUnicode(s, p);
    return s;
  }

  /**
   * Rejects unpaired UTF-16 surrogates, which a {@code \\u} escape can smuggle into a string but
   * which no upstream can store and no UTF-8 encoder can write.
   */
  private static void checkUnicode(String s, JsonParser p) {
    int bad = Unicode.unpairedSurrogate(s);
    if (bad >= 0) {
      throw new WireException(
          WirePaths.of(p) + ": invalid Unicode: unpaired surrogate \\u" + hex(s.charAt(bad)));
    }
  }

  private static String hex(char c) {
    return String.format("%04x", (int) c);
  }

  /** Writes a value of the model. */
  static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String) {
      g.writeString((String) value);
    } else if (value instanceof JsonNumber) {
      g.writeNumber(((JsonNumber) value).text());
    } else if (value instanceof Boolean) {
      g.writeBoolean((Boolean) value);
    } else if (value instanceof Map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List) {
      List<?> list = (List<?>) value;
      g.writeStartArray(list, list.size());
      for (Object item : list) {
        write(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof Number) {
      g.writeNumber(JsonNumber.of((Number) value).text());
    } else if (value instanceof io.mutationapi.Record) {
      // A record inside a larger body (the Consume API's messages) is written as the wire says.
      RecordWriter.writeRecord(g, (io.mutationapi.Record) value);
    } else {
      throw new IllegalArgumentException("not a JSON model value: " + value.getClass().getName());
    }
  }
}
