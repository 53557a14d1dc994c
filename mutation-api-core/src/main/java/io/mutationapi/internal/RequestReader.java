package io.mutationapi.internal;

import static io.mutationapi.WireFields.AWAIT_CONSUMERS_TIMEOUT;
import static io.mutationapi.WireFields.AWAIT_CONSUMER_IDS;
import static io.mutationapi.WireFields.COLLECTION_ID;
import static io.mutationapi.WireFields.DATA;
import static io.mutationapi.WireFields.KIND;
import static io.mutationapi.WireFields.RECORDS;
import static io.mutationapi.WireFields.SYNC_ID;
import static io.mutationapi.WireFields.UPSTREAM_ID;
import static io.mutationapi.WireFields.UPSTREAM_IDS;

import io.mutationapi.AwaitConsumers;
import io.mutationapi.JsonNumber;
import io.mutationapi.MutationKind;
import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a request body, already read into the JSON model, against every rule of the wire
 * contract, and builds the {@link MutationRequest}. Each failure is a {@link WireException} whose
 * message starts with the JSON path of the problem.
 */
final class RequestReader {
  /** The most consumers one request may await; more is surely a mistake. */
  static final int MAX_AWAITED_CONSUMERS = 100;

  private static final Set<String> REQUEST_FIELDS =
      Set.of(
          KIND,
          SYNC_ID,
          COLLECTION_ID,
          RECORDS,
          DATA,
          UPSTREAM_IDS,
          AWAIT_CONSUMER_IDS,
          AWAIT_CONSUMERS_TIMEOUT);
  private static final List<String> REQUEST_FIELDS_ORDERED =
      List.of(
          KIND,
          SYNC_ID,
          COLLECTION_ID,
          RECORDS,
          UPSTREAM_IDS,
          AWAIT_CONSUMER_IDS,
          AWAIT_CONSUMERS_TIMEOUT,
          DATA);
  private static final List<String> RECORD_FIELDS = List.of(UPSTREAM_ID, DATA);

  private final WireLimits limits;

  RequestReader(WireLimits limits) {
    this.limits = limits;
  }

  MutationRequest read(Map<String, Object> body) {
    if (looksLikeOneRecord(body)) {
      throw fail("$", WRAP_THE_RECORD);
    }
    for (String name : body.keySet()) {
      if (!REQUEST_FIELDS.contains(name)) {
        throw new WireException(
            FieldNames.unknownField(Echo.truncate(name), REQUEST_FIELDS_ORDERED));
      }
    }
    MutationKind kind = kind(body);
    String syncId = requiredString(body, SYNC_ID);
    String collectionId = requiredString(body, COLLECTION_ID);
    Optional<AwaitConsumers> await = await(body);
    switch (kind) {
      case CREATE:
        return new MutationRequest.Create(syncId, collectionId, records(body, kind), await);
      case UPDATE:
        return new MutationRequest.Update(syncId, collectionId, records(body, kind), await);
      case DELETE:
        return new MutationRequest.Delete(syncId, collectionId, upstreamIds(body), await);
      default:
        throw new AssertionError(kind);
    }
  }

  private static final String WRAP_THE_RECORD =
      "the body looks like one record, not a request; wrap it: {\"kind\": \"update\","
          + " \"sync_id\": \"...\", \"collection_id\": \"...\", \"records\":"
          + " [{\"upstream_id\": \"...\", \"data\": {...}}]} (a create's records have no"
          + " upstream_id)";

  /**
   * Whether the body is a PartialRecord sent bare: {@code data} as an object (the request's {@code
   * data} is the alias of {@code records}, an array), or an {@code upstream_id} outside a delete
   * (where it would be a typo of {@code upstream_ids}).
   */
  private static boolean looksLikeOneRecord(Map<String, Object> body) {
    if (body.get(DATA) instanceof Map) {
      return true;
    }
    return body.containsKey(UPSTREAM_ID)
        && !MutationKind.DELETE.wireName().equals(body.get(KIND))
        && !body.containsKey(UPSTREAM_IDS);
  }

  private static MutationKind kind(Map<String, Object> body) {
    if (!body.containsKey(KIND)) {
      throw fail(KIND, "required: one of \"create\", \"update\", \"delete\"");
    }
    Object value = body.get(KIND);
    if (!(value instanceof String)) {
      throw fail(KIND, "must be a string, found " + describe(value));
    }
    MutationKind kind = MutationKind.fromWireName((String) value);
    if (kind == null) {
      throw fail(
          KIND,
          "unknown kind '"
              + Echo.truncate((String) value)
              + "' (expected \"create\", \"update\" or \"delete\")");
    }
    return kind;
  }

  private List<PartialRecord> records(Map<String, Object> body, MutationKind kind) {
    if (body.containsKey(UPSTREAM_IDS)) {
      throw fail(UPSTREAM_IDS, "not allowed for " + kind.wireName() + " (records go in 'records')");
    }
    String field;
    if (body.containsKey(RECORDS)) {
      if (body.containsKey(DATA)) {
        throw fail(DATA, "'records' and its alias 'data' must not both be present");
      }
      field = RECORDS;
    } else if (body.containsKey(DATA)) {
      field = DATA;
    } else {
      throw fail(RECORDS, "required for " + kind.wireName());
    }
    List<?> items = boundedArray(body.get(field), field);
    List<PartialRecord> records = new ArrayList<>(items.size());
    Map<String, Integer> seen = kind == MutationKind.UPDATE ? new HashMap<>() : null;
    for (int i = 0; i < items.size(); i++) {
      // Paths are joined only where a message or an update's id check needs them: joined for
      // every record, they were a good part of what reading a large create allocated.
      Object item = items.get(i);
      if (!(item instanceof Map)) {
        throw fail(
            WirePaths.index(field, i), "must be an object with 'data', found " + describe(item));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) item;
      for (String name : fields.keySet()) {
        if (!RECORD_FIELDS.contains(name)) {
          throw fail(
              WirePaths.index(field, i),
              FieldNames.unknownField(Echo.truncate(name), RECORD_FIELDS));
        }
      }
      Optional<String> upstreamId = Optional.empty();
      if (kind == MutationKind.CREATE) {
        if (fields.containsKey(UPSTREAM_ID)) {
          throw fail(
              WirePaths.field(WirePaths.index(field, i), UPSTREAM_ID),
              "must be absent for create (the upstream assigns ids)");
        }
      } else {
        String idPath = WirePaths.field(WirePaths.index(field, i), UPSTREAM_ID);
        if (!fields.containsKey(UPSTREAM_ID)) {
          throw fail(idPath, "required for update");
        }
        String id = nonEmptyString(fields.get(UPSTREAM_ID), idPath);
        Integer previous = seen.putIfAbsent(id, i);
        if (previous != null) {
          throw fail(
              idPath,
              "duplicate upstream id '"
                  + Echo.truncate(id)
                  + "' (also at "
                  + WirePaths.index(field, previous)
                  + ")");
        }
        upstreamId = Optional.of(id);
      }
      Object data = fields.get(DATA);
      if (!(data instanceof Map)) {
        String dataPath = WirePaths.field(WirePaths.index(field, i), DATA);
        throw fail(
            dataPath,
            fields.containsKey(DATA) ? "must be an object, found " + describe(data) : "required");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> dataMap = (Map<String, Object>) data;
      records.add(new PartialRecord(upstreamId, dataMap));
    }
    return records;
  }

  private List<String> upstreamIds(Map<String, Object> body) {
    if (body.containsKey(RECORDS) || body.containsKey(DATA)) {
      String field = body.containsKey(RECORDS) ? RECORDS : DATA;
      throw fail(field, "not allowed for delete (ids go in 'upstream_ids')");
    }
    if (!body.containsKey(UPSTREAM_IDS)) {
      throw fail(UPSTREAM_IDS, "required for delete");
    }
    List<?> items = boundedArray(body.get(UPSTREAM_IDS), UPSTREAM_IDS);
    List<String> ids = new ArrayList<>(items.size());
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String path = WirePaths.index(UPSTREAM_IDS, i);
      String id = nonEmptyString(items.get(i), path);
      Integer previous = seen.putIfAbsent(id, i);
      if (previous != null) {
        throw fail(
            path,
            "duplicate upstream id '"
                + Echo.truncate(id)
                + "' (also at "
                + WirePaths.index(UPSTREAM_IDS, previous)
                + ")");
      }
      ids.add(id);
    }
    return ids;
  }

  private List<?> boundedArray(Object value, String path) {
    if (!(value instanceof List)) {
      throw fail(path, "must be an array, found " + describe(value));
    }
    List<?> items = (List<?>) value;
    if (items.isEmpty()) {
      throw fail(path, "must not be empty");
    }
    if (items.size() > limits.maxRecords()) {
      throw fail(path, "at most " + limits.maxRecords() + " per request, found " + items.size());
    }
    return items;
  }

  /**
   * Reads the await fields. JSON {@code null} in either means the field is absent, as JSON
   * libraries in many languages send an unset optional field.
   */
  private Optional<AwaitConsumers> await(Map<String, Object> body) {
    boolean hasIds = body.get(AWAIT_CONSUMER_IDS) != null;
    boolean hasTimeout = body.get(AWAIT_CONSUMERS_TIMEOUT) != null;
    if (!hasIds && !hasTimeout) {
      return Optional.empty();
    }
    Set<String> ids = new LinkedHashSet<>();
    if (hasIds) {
      Object value = body.get(AWAIT_CONSUMER_IDS);
      if (!(value instanceof List)) {
        throw fail(
            AWAIT_CONSUMER_IDS, "must be an array of consumer ids, found " + describe(value));
      }
      List<?> items = (List<?>) value;
      for (int i = 0; i < items.size(); i++) {
        ids.add(nonEmptyString(items.get(i), WirePaths.index(AWAIT_CONSUMER_IDS, i)));
      }
      // Duplicates collapse first: the limit counts consumers, not how often one is named.
      if (ids.size() > MAX_AWAITED_CONSUMERS) {
        throw fail(
            AWAIT_CONSUMER_IDS,
            "at most " + MAX_AWAITED_CONSUMERS + " consumers, found " + ids.size());
      }
    }
    Duration timeout = AwaitConsumers.DEFAULT_TIMEOUT;
    if (hasTimeout) {
      timeout = timeout(body.get(AWAIT_CONSUMERS_TIMEOUT));
    }
    return Optional.of(new AwaitConsumers(new ArrayList<>(ids), timeout));
  }

  private Duration timeout(Object value) {
    return timeout(value, AWAIT_CONSUMERS_TIMEOUT);
  }

  /** Reads a timeout in milliseconds at {@code path}: 1 to the limits' longest await. */
  Duration timeout(Object value, String path) {
    long max = limits.maxAwaitTimeout().toMillis();
    if (!(value instanceof JsonNumber) || !((JsonNumber) value).isIntegral()) {
      throw fail(path, "must be an integer number of milliseconds, found " + describe(value));
    }
    BigInteger millis = new BigInteger(((JsonNumber) value).text());
    if (millis.signum() <= 0 || millis.compareTo(BigInteger.valueOf(max)) > 0) {
      throw fail(
          path,
          "must be between 1 and "
              + max
              + " milliseconds, found "
              + Echo.truncate(millis.toString()));
    }
    return Duration.ofMillis(millis.longValue());
  }

  private static String requiredString(Map<String, Object> body, String field) {
    if (!body.containsKey(field)) {
      throw fail(field, "required");
    }
    return nonEmptyString(body.get(field), field);
  }

  static String nonEmptyString(Object value, String path) {
    if (!(value instanceof String)) {
      throw fail(path, "must be a string, found " + describe(value));
    }
    String s = (String) value;
    if (s.isEmpty()) {
      throw fail(path, "must not be empty");
    }
    return s;
  }

  /** Names a JSON value's type for an error message, never its content. */
  static String describe(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof String) {
      return "a string";
    } else if (value instanceof JsonNumber) {
      JsonNumber n = (JsonNumber) value;
      return n.text().length() <= 20 ? n.text() : "a number";
    } else if (value instanceof Boolean) {
      return value.toString();
    } else if (value instanceof Map) {
      return "an object";
    } else if (value instanceof List) {
      return "an array";
    }
    return value.getClass().getSimpleName();
  }

  static WireException fail(String path, String message) {
    return new WireException(path + ": " + message);
  }
}
