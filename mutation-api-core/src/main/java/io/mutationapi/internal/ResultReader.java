package io.mutationapi.internal;

import static io.mutationapi.WireFields.CONSISTENCY_TOKEN;
import static io.mutationapi.WireFields.RECORDS;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.mutationapi.ConsistencyToken;
import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a success body, and the records of an error body, leniently: unknown fields are kept. */
final class ResultReader {
  private ResultReader() {}

  /**
   * Reads the records straight from the parser, without the value model of the whole body. A bad
   * record is reported only once the body has been read to its end, so that malformed JSON anywhere
   * in it is reported first, as when the body was read whole before its records.
   *
   * @throws JsonModel.DuplicateName if the parser leaves duplicate names to the reader and an
   *     object repeats a name
   */
  static MutationResult read(JsonParser p) throws IOException {
    JsonBodies.startRootObject(p, "response body");
    boolean checkDuplicates = !p.isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    boolean seenRecords = false;
    Set<String> otherNames = null;
    List<Record> records = null;
    Optional<ConsistencyToken> token = Optional.empty();
    RuntimeException invalid = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = JsonModel.readName(p);
      if (checkDuplicates) {
        boolean repeated;
        if (RECORDS.equals(name)) {
          repeated = seenRecords;
          seenRecords = true;
        } else {
          if (otherNames == null) {
            otherNames = new HashSet<>(4);
          }
          repeated = !otherNames.add(name);
        }
        if (repeated) {
          throw JsonModel.DuplicateName.INSTANCE;
        }
      }
      JsonToken t = p.nextToken();
      if (CONSISTENCY_TOKEN.equals(name)) {
        token = token(JsonModel.read(p, t));
      } else if (!RECORDS.equals(name)) {
        JsonModel.read(p, t); // ignored, but checked like the rest of the body
      } else if (t != JsonToken.START_ARRAY) {
        Object value = JsonModel.read(p, t);
        invalid =
            new WireException(
                RECORDS + ": must be an array, found " + RequestReader.describe(value));
      } else {
        records = new ArrayList<>();
        RecordFields fields = new RecordFields(checkDuplicates);
        int index = 0;
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
          if (invalid != null) {
            JsonModel.read(p, t);
          } else if (t != JsonToken.START_OBJECT) {
            Object value = JsonModel.read(p, t);
            invalid =
                new WireException(
                    WirePaths.index(RECORDS, index)
                        + ": must be an object, found "
                        + RequestReader.describe(value));
          } else {
            fields.read(p);
            try {
              records.add(fields.toRecord(RECORDS, index));
            } catch (WireException | IllegalArgumentException | NullPointerException e) {
              invalid = e;
            }
          }
        }
      }
    }
    JsonBodies.endRootObject(p);
    if (invalid != null) {
      throw invalid;
    }
    if (records == null) {
      throw new WireException(RECORDS + ": must be an array, found null");
    }
    return new MutationResult(records, token);
  }

  /**
   * Returns the consistency token {@code value} holds; none for anything else, such as a token of a
   * later version: an extension never makes a body unreadable.
   */
  static Optional<ConsistencyToken> token(Object value) {
    if (!(value instanceof String)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ConsistencyToken.parse((String) value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads the records of an already-read array, e.g. those of an error body; {@code path} names it.
   */
  static List<Record> records(Object value, String path, boolean required) {
    if (value == null && !required) {
      return List.of();
    }
    if (!(value instanceof List)) {
      throw new WireException(path + ": must be an array, found " + RequestReader.describe(value));
    }
    List<?> items = (List<?>) value;
    List<Record> records = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      records.add(record(items.get(i), WirePaths.index(path, i)));
    }
    return records;
  }

  /** Reads one record of the value model; {@code path} names it in messages. */
  static Record record(Object value, String path) {
    if (!(value instanceof Map)) {
      throw new WireException(path + ": must be an object, found " + RequestReader.describe(value));
    }
    RecordFields fields = new RecordFields(false);
    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
      String name = (String) e.getKey();
      fields.put(RecordFields.index(name), name, e.getValue());
    }
    return fields.toRecord(path, -1);
  }
}
