package io.mutationapi.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.mutationapi.PartialRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Collections create, upsert or update that Salesforce applied, and what its answer told us: the
 * records' ids in batch order and when the answer arrived, beside the records as the request sent
 * them. It stands in for the read-back of a record that cannot be read (see {@link
 * ReadBack#records}). Immutable by convention (the answer's body is not copied).
 *
 * @param kind what the write was
 * @param ids the record ids Salesforce answered, in batch order
 * @param sent the records as the batch carried them, in the same order
 * @param answer the write's answer
 */
record AppliedWrite(Kind kind, List<String> ids, List<PartialRecord> sent, Answer answer) {

  /** What the write was, which says whether it created its records. */
  enum Kind {
    /** A plain create: every record is new. */
    CREATE,
    /** An upsert by external id: Salesforce's answer says which records it created. */
    UPSERT,
    /** An update: no record is new. */
    UPDATE
  }

  AppliedWrite {
    ids = List.copyOf(ids);
    sent = List.copyOf(sent);
  }

  /** Returns when the write's answer arrived: after Salesforce applied it. */
  Instant answeredAt() {
    return answer.receivedAt();
  }

  /**
   * Returns the record at {@code index} as the write left it, as far as the write tells: {@code
   * Id}, then the fields the request wrote (keys mapped to null included).
   */
  Map<String, Object> written(int index) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Id", ids.get(index));
    data.putAll(RequestBodies.fields(sent.get(index), true));
    return data;
  }

  /** Returns when the record at {@code index} was created, if the write created it. */
  Optional<Instant> createdAt(int index) {
    boolean created =
        switch (kind) {
          case CREATE -> true;
          case UPDATE -> false;
          case UPSERT -> upsertCreated(index);
        };
    return created ? Optional.of(answeredAt()) : Optional.empty();
  }

  private boolean upsertCreated(int index) {
    Optional<JsonNode> results = answer.json();
    return results.isPresent() && results.get().path(index).path("created").asBoolean(false);
  }
}
