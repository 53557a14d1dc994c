package io.mutationapi.salesforce;

import io.mutationapi.Record;
import io.mutationapi.WireJson;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads records' full state in one Collections call ({@code GET /composite/sobjects/{T}?ids=
 * &fields=}, every field from describe) and turns a state into a {@link Record}: {@code
 * upstream_updated_at} from {@code SystemModstamp}, {@code upstream_created_at} from {@code
 * CreatedDate}, {@code updated_idx} from {@link UpdatedIdx}, and the fields as {@code data}
 * (without Salesforce's {@code attributes}). Numbers keep their exact text. Thread-safe.
 */
final class ReadBack {
  private final Calls calls;
  private final FieldLists fields;
  private final UpdatedIdx idx;

  ReadBack(Calls calls, FieldLists fields, UpdatedIdx idx) {
    this.calls = calls;
    this.fields = fields;
    this.idx = idx;
  }

  /** The states read, one per id (null where the record does not exist), and when it was sent. */
  record States(List<Map<String, Object>> states, Instant sentAt) {}

  /** Reads the current state of {@code ids}. */
  CompletableFuture<States> states(String sObject, List<String> ids, UpstreamContext context) {
    return fields
        .of(sObject, context)
        .thenCompose(
            names -> {
              Instant sentAt = idx.now();
              return calls
                  .send(RequestBodies.read(sObject, ids, names), context)
                  .thenApply(answer -> new States(parse(answer, ids.size()), sentAt));
            });
  }

  /**
   * Reads {@code ids} after a write that Salesforce applied, as records of {@code collectionId}.
   *
   * @throws UpstreamException (in the stage) if a record is gone, which only a concurrent delete
   *     can do
   */
  CompletableFuture<List<Record>> records(
      String syncId,
      String collectionId,
      String sObject,
      List<String> ids,
      UpstreamContext context) {
    return states(sObject, ids, context)
        .thenApply(
            read -> {
              List<Record> records = new ArrayList<>(ids.size());
              for (int i = 0; i < ids.size(); i++) {
                Map<String, Object> state = read.states().get(i);
                if (state == null) {
                  throw UpstreamException.failed(
                      "Salesforce applied the change, but record "
                          + ids.get(i)
                          + " could not be read back: it was deleted meanwhile",
                      null);
                }
                records.add(
                    record(syncId, collectionId, sObject, ids.get(i), state, read.sentAt()));
              }
              return records;
            });
  }

  /** Returns the record for {@code state}, read by a call sent at {@code readAt}. */
  Record record(
      String syncId,
      String collectionId,
      String sObject,
      String id,
      Map<String, Object> state,
      Instant readAt) {
    String upstreamId = state.get("Id") instanceof String ? (String) state.get("Id") : id;
    Instant stamp =
        Timestamps.parse(state.get("SystemModstamp"))
            .or(() -> Timestamps.parse(state.get("LastModifiedDate")))
            .orElse(readAt);
    return Record.builder()
        .syncId(syncId)
        .collectionId(collectionId)
        .upstreamId(upstreamId)
        .upstreamUpdatedAt(stamp)
        .upstreamCreatedAt(Timestamps.parse(state.get("CreatedDate")).orElse(null))
        .updatedIdx(idx.next(sObject + "/" + upstreamId, stamp, readAt))
        .data(state)
        .build();
  }

  /** Returns the record of a deleted record: its last state (or none), deleted at {@code at}. */
  Record deleted(
      String syncId,
      String collectionId,
      String sObject,
      String id,
      Map<String, Object> lastState,
      Instant at) {
    Map<String, Object> data = lastState == null ? Map.of() : lastState;
    Optional<Instant> created = Timestamps.parse(data.get("CreatedDate"));
    return Record.builder()
        .syncId(syncId)
        .collectionId(collectionId)
        .upstreamId(id)
        .upstreamUpdatedAt(at)
        .upstreamCreatedAt(created.orElse(null))
        .updatedIdx(idx.next(sObject + "/" + id, at, at))
        .data(data)
        .deleted(true)
        .build();
  }

  private static List<Map<String, Object>> parse(Answer answer, int expected) {
    Object json;
    try {
      json = WireJson.readValue(answer.body());
    } catch (RuntimeException e) {
      throw UpstreamException.failed(
          "Salesforce answered a read with something other than JSON", e);
    }
    if (!(json instanceof List) || ((List<?>) json).size() != expected) {
      throw UpstreamException.failed(
          "Salesforce answered a read of " + expected + " records with something else", null);
    }
    List<Map<String, Object>> states = new ArrayList<>(expected);
    for (Object item : (List<?>) json) {
      if (item instanceof Map) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (Map.Entry<?, ?> field : ((Map<?, ?>) item).entrySet()) {
          if (!"attributes".equals(field.getKey())) {
            state.put((String) field.getKey(), field.getValue());
          }
        }
        states.add(state);
      } else {
        states.add(null);
      }
    }
    return states;
  }
}
