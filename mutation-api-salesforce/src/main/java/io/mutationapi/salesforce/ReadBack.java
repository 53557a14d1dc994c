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
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads records' full state in one Collections call ({@code GET /composite/sobjects/{T}?ids=
 * &fields=}, every field from describe) and turns a state into a {@link Record}: {@code
 * upstream_updated_at} from {@code SystemModstamp}, {@code upstream_created_at} from {@code
 * CreatedDate}, {@code updated_idx} from {@link UpdatedIdx}, and the fields as {@code data}
 * (without Salesforce's {@code attributes}). Numbers keep their exact text. After a write, a record
 * that cannot be read is turned into one from what the write told ({@link #asWritten}) rather than
 * failing a batch Salesforce applied. Thread-safe.
 */
final class ReadBack {
  private static final Logger log = LoggerFactory.getLogger(SalesforceUpstream.class);

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
   * Reads the records of {@code write}, which Salesforce applied, as records of {@code
   * collectionId}. The stage never fails: the write happened, so the batch must be reported applied
   * and its records published. A record that cannot be read (the read failed after its retries, or
   * the record was deleted between the write and the read) is reported as the write left it ({@link
   * #asWritten}), and one WARN line says how many and why, without record data.
   */
  CompletableFuture<List<Record>> records(
      String syncId,
      String collectionId,
      String sObject,
      AppliedWrite write,
      UpstreamContext context) {
    List<String> ids = write.ids();
    return states(sObject, ids, context)
        .handle(
            (read, error) -> {
              List<Record> records = new ArrayList<>(ids.size());
              int unread = 0;
              for (int i = 0; i < ids.size(); i++) {
                Map<String, Object> state = read == null ? null : read.states().get(i);
                if (state == null) {
                  unread++;
                  records.add(asWritten(syncId, collectionId, sObject, write, i));
                } else {
                  records.add(
                      record(syncId, collectionId, sObject, ids.get(i), state, read.sentAt()));
                }
              }
              if (unread > 0) {
                log.warn(
                    "Salesforce applied a write of {} {} record(s), but {} could not be read back"
                        + " ({}); they are reported with the fields written",
                    ids.size(),
                    sObject,
                    unread,
                    error == null ? "deleted before the read" : why(error));
              }
              return records;
            });
  }

  /**
   * Returns record {@code index} of {@code write} as the write left it: its id and the fields
   * written, stamped with the time the write's answer arrived (the creation time too, if the write
   * created it).
   */
  Record asWritten(
      String syncId, String collectionId, String sObject, AppliedWrite write, int index) {
    String id = write.ids().get(index);
    Instant at = write.answeredAt();
    return Record.builder()
        .syncId(syncId)
        .collectionId(collectionId)
        .upstreamId(id)
        .upstreamUpdatedAt(at)
        .upstreamCreatedAt(write.createdAt(index).orElse(null))
        .updatedIdx(idx.next(sObject + "/" + id, at, at))
        .data(write.written(index))
        .build();
  }

  /** Says why a read failed, without record data: the API's message, or the exception's type. */
  private static String why(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof UpstreamException
        ? cause.getMessage()
        : cause.getClass().getSimpleName();
  }

  /**
   * Returns the record for {@code state}, read by a call sent at {@code readAt} (a read-back or a
   * change poll): {@code deleted} when its {@code IsDeleted} is true, as {@code queryAll} returns a
   * record in the recycle bin.
   */
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
        .updatedIdx(
            idx.next(sObject + "/" + upstreamId, stamp, readAt, UpdatedIdx.fingerprint(state)))
        .data(state)
        .deleted(Boolean.TRUE.equals(state.get("IsDeleted")))
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
