package io.mutationapi.internal;

import static io.mutationapi.WireFields.COLLECTION_ID;
import static io.mutationapi.WireFields.DATA;
import static io.mutationapi.WireFields.DELETED;
import static io.mutationapi.WireFields.SYNC_ID;
import static io.mutationapi.WireFields.UPDATED_IDX;
import static io.mutationapi.WireFields.UPSTREAM_CREATED_AT;
import static io.mutationapi.WireFields.UPSTREAM_ID;
import static io.mutationapi.WireFields.UPSTREAM_UPDATED_AT;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mutationapi.JsonNumber;
import io.mutationapi.Record;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The fields of one record read from the wire, as values of the model, before they are checked:
 * from the parser for a result, from the value model for an error's records. Reused from record to
 * record.
 */
final class RecordFields {
  private Object syncId;
  private Object collectionId;
  private Object upstreamId;
  private Object updatedAt;
  private Object createdAt;
  private Object updatedIdx;
  private Object data;
  private Object deleted;
  private Map<String, Object> extensions;

  /** Whether {@link #read} must tell duplicate names itself; the parser does not. */
  private final boolean checkDuplicates;

  /** The known fields read so far, one bit for each {@link #index}. */
  private int seen;

  RecordFields(boolean checkDuplicates) {
    this.checkDuplicates = checkDuplicates;
  }

  /** Reads the members of a record object whose START_OBJECT has been consumed. */
  void read(JsonParser p) throws IOException {
    clear();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = JsonModel.readName(p);
      int index = index(name);
      if (checkDuplicates && isRepeated(index, name)) {
        throw JsonModel.DuplicateName.INSTANCE;
      }
      put(index, name, JsonModel.read(p, p.nextToken()));
    }
  }

  /** Whether {@code name}, of {@link #index} {@code index}, was read before; notes it if not. */
  private boolean isRepeated(int index, String name) {
    if (index == EXTENSION) {
      return extensions != null && extensions.containsKey(name);
    }
    int bit = 1 << index;
    boolean repeated = (seen & bit) != 0;
    seen |= bit;
    return repeated;
  }

  private static final int EXTENSION = -1;

  /** The case of {@link #put} that {@code name} takes, 0 to 7, or {@link #EXTENSION}. */
  static int index(String name) {
    switch (name) {
      case SYNC_ID:
        return 0;
      case COLLECTION_ID:
        return 1;
      case UPSTREAM_ID:
        return 2;
      case UPSTREAM_UPDATED_AT:
        return 3;
      case UPSTREAM_CREATED_AT:
        return 4;
      case UPDATED_IDX:
        return 5;
      case DATA:
        return 6;
      case DELETED:
        return 7;
      default:
        return EXTENSION;
    }
  }

  void put(int index, String name, Object value) {
    switch (index) {
      case 0:
        syncId = value;
        break;
      case 1:
        collectionId = value;
        break;
      case 2:
        upstreamId = value;
        break;
      case 3:
        updatedAt = value;
        break;
      case 4:
        createdAt = value;
        break;
      case 5:
        updatedIdx = value;
        break;
      case 6:
        data = value;
        break;
      case 7:
        deleted = value;
        break;
      default:
        if (extensions == null) {
          extensions = new LinkedHashMap<>();
        }
        extensions.put(name, value);
    }
  }

  private void clear() {
    syncId = null;
    collectionId = null;
    upstreamId = null;
    updatedAt = null;
    createdAt = null;
    updatedIdx = null;
    data = null;
    deleted = null;
    extensions = null;
    seen = 0;
  }

  /**
   * Checks the fields and returns the record at {@code path}, or at {@code path[index]} when {@code
   * index} is not negative; the path is joined only for a message.
   */
  Record toRecord(String path, int index) {
    if (data != null && !(data instanceof Map)) {
      throw new WireException(at(path, index, DATA) + ": must be an object");
    }
    if (deleted != null && !(deleted instanceof Boolean)) {
      throw new WireException(at(path, index, DELETED) + ": must be a boolean");
    }
    if (updatedIdx != null
        && !(updatedIdx instanceof JsonNumber && ((JsonNumber) updatedIdx).isIntegral())) {
      throw new WireException(at(path, index, UPDATED_IDX) + ": must be an integer");
    }
    if (updatedIdx != null && !fitsInLong((JsonNumber) updatedIdx)) {
      // Wrapped into a long, a version would jump backwards and consumers would drop updates.
      throw new WireException(at(path, index, UPDATED_IDX) + ": out of range for a 64-bit integer");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> dataMap =
        data == null ? Collections.emptyMap() : (Map<String, Object>) data;
    return new Record(
        string(syncId, path, index, SYNC_ID),
        string(collectionId, path, index, COLLECTION_ID),
        string(upstreamId, path, index, UPSTREAM_ID),
        timestamp(
            string(updatedAt, path, index, UPSTREAM_UPDATED_AT), path, index, UPSTREAM_UPDATED_AT),
        createdAt == null
            ? Optional.empty()
            : Optional.of(
                timestamp(
                    string(createdAt, path, index, UPSTREAM_CREATED_AT),
                    path,
                    index,
                    UPSTREAM_CREATED_AT)),
        updatedIdx == null
            ? OptionalLong.empty()
            : OptionalLong.of(((JsonNumber) updatedIdx).longValue()),
        dataMap,
        Boolean.TRUE.equals(deleted),
        extensions == null ? Collections.emptyMap() : extensions);
  }

  private static String at(String path, int index, String field) {
    return (index < 0 ? path : WirePaths.index(path, index)) + "." + field;
  }

  private static String string(Object value, String path, int index, String field) {
    if (!(value instanceof String)) {
      throw new WireException(
          at(path, index, field) + ": must be a string, found " + RequestReader.describe(value));
    }
    return (String) value;
  }

  private static Instant timestamp(String text, String path, int index, String field) {
    try {
      return Timestamps.parse(text);
    } catch (DateTimeParseException e) {
      throw new WireException(
          at(path, index, field) + ": not an ISO-8601 timestamp: " + Echo.truncate(text));
    }
  }

  /** Whether an integer's text is within {@code long}: up to 18 digits always is. */
  private static boolean fitsInLong(JsonNumber n) {
    String text = n.text();
    int digits = text.startsWith("-") ? text.length() - 1 : text.length();
    return digits <= 18 || new BigInteger(text).bitLength() <= Long.SIZE - 1;
  }
}
