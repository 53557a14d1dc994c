package io.mutationapi.salesforce;

import io.mutationapi.Record;
import io.mutationapi.WireJson;
import io.mutationapi.server.spi.ChangePage;
import io.mutationapi.server.spi.ChangeQuery;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Lists one sObject's changes with one SOQL {@code queryAll} over {@code SystemModstamp}:
 *
 * <pre>
 * SELECT &lt;describe fields&gt; FROM T WHERE SystemModstamp &gt;= :second
 *   [AND (SystemModstamp &gt; :second OR Id &gt; :lastId)]
 *   ORDER BY SystemModstamp, Id LIMIT n
 * </pre>
 *
 * <p>{@code SystemModstamp} has one-second precision, so the cursor ({@link ChangeCursor}) is a
 * second and the last {@code Id} returned in it: the query starts at that second ({@code >=}) and
 * leaves out, by {@code Id}, the records of that second already returned, so a page that ends in
 * the middle of a second (more records in one second than a page holds) continues after its last
 * {@code Id}, and nothing is skipped or listed again. Salesforce compares the {@code Id}s, so the
 * order is its own.
 *
 * <p>A second is settled only once it is {@link #SETTLE} behind the local time the query was sent:
 * until then Salesforce may still stamp records in it (another update in the same second, a
 * transaction that commits a little later than it stamped) and some of them could sort before the
 * last {@code Id}. Records of seconds not yet settled are returned, but the cursor stops before
 * them, so the next poll lists them again (with the same {@code updated_idx}, see {@link
 * UpdatedIdx}) together with any record stamped in those seconds meanwhile. A page whose records
 * are all unsettled keeps its cursor and says {@code hasMore} false, so the server waits for its
 * interval rather than asking again at once.
 *
 * <p>{@code queryAll} includes records in the recycle bin: their {@code IsDeleted} is true and they
 * become {@code deleted: true} records carrying their last state. Thread-safe.
 */
final class ChangePoll {
  /** How far behind the local clock a {@code SystemModstamp} second must be to be settled. */
  static final Duration SETTLE = Duration.ofSeconds(2);

  /** The most records one query answer holds; Salesforce's largest query batch. */
  static final int MAX_PAGE = 2000;

  /** How long one poll may take, including its retries. */
  static final Duration POLL_DEADLINE = Duration.ofSeconds(60);

  private static final DateTimeFormatter LITERAL = DateTimeFormatter.ISO_INSTANT;

  private final Calls calls;
  private final FieldLists fields;
  private final ReadBack records;
  private final UpdatedIdx idx;

  ChangePoll(Calls calls, FieldLists fields, ReadBack records, UpdatedIdx idx) {
    this.calls = calls;
    this.fields = fields;
    this.records = records;
    this.idx = idx;
  }

  /** Returns the page of {@code sObject}'s changes after {@code query}'s cursor. */
  CompletableFuture<ChangePage> changes(ChangeQuery query, String sObject) {
    ChangeCursor from;
    try {
      from =
          query.cursor().isPresent()
              ? ChangeCursor.parse(query.cursor().get())
              : ChangeCursor.start(query.notBefore());
    } catch (UpstreamException e) {
      return CompletableFuture.failedFuture(e);
    }
    UpstreamContext context =
        new UpstreamContext(
            Instant.now().plus(POLL_DEADLINE), Optional.empty(), Principal.ANONYMOUS);
    int limit = Math.min(query.limit(), MAX_PAGE);
    return fields
        .of(sObject, context)
        .thenCompose(
            names -> {
              Instant sentAt = idx.now();
              return calls
                  .send(spec(sObject, names, from, limit), context)
                  .thenApply(answer -> page(query, sObject, from, limit, answer, sentAt));
            });
  }

  static CallSpec spec(String sObject, List<String> names, ChangeCursor from, int limit) {
    String second = LITERAL.format(from.instant());
    StringBuilder soql =
        new StringBuilder("SELECT ")
            .append(String.join(", ", names))
            .append(" FROM ")
            .append(sObject)
            .append(" WHERE SystemModstamp >= ")
            .append(second);
    if (!from.lastId().isEmpty()) {
      soql.append(" AND (SystemModstamp > ")
          .append(second)
          .append(" OR Id > '")
          .append(from.lastId())
          .append("')");
    }
    soql.append(" ORDER BY SystemModstamp, Id LIMIT ").append(limit);
    return new CallSpec(
        "GET", "queryAll", List.of(Map.entry("q", soql.toString())), null, true, false, List.of());
  }

  private ChangePage page(
      ChangeQuery query,
      String sObject,
      ChangeCursor from,
      int limit,
      Answer answer,
      Instant sentAt) {
    Map<?, ?> body = parse(answer);
    List<Map<String, Object>> states = states(body);
    Instant settled = sentAt.minus(SETTLE).truncatedTo(ChronoUnit.SECONDS);
    ChangeCursor next = from;
    boolean reachedUnsettled = false;
    List<Record> page = new ArrayList<>(states.size());
    for (Map<String, Object> state : states) {
      Object id = state.get("Id");
      Instant stamp = Timestamps.parse(state.get("SystemModstamp")).orElse(null);
      if (!(id instanceof String) || stamp == null) {
        throw UpstreamException.failed(
            "Salesforce answered a change query with a record without Id or SystemModstamp", null);
      }
      page.add(
          records.record(
              query.syncId(), query.collectionId(), sObject, (String) id, state, sentAt));
      if (!reachedUnsettled && stamp.isBefore(settled)) {
        next = ChangeCursor.after(stamp, (String) id);
      } else {
        reachedUnsettled = true;
      }
    }
    boolean moved = !next.equals(from);
    boolean full = states.size() >= limit || Boolean.FALSE.equals(body.get("done"));
    return new ChangePage(page, next.encode(), full && moved);
  }

  private static Map<?, ?> parse(Answer answer) {
    Object json;
    try {
      json = WireJson.readValue(answer.body());
    } catch (RuntimeException e) {
      throw UpstreamException.failed(
          "Salesforce answered a change query with something other than JSON", e);
    }
    if (!(json instanceof Map) || !(((Map<?, ?>) json).get("records") instanceof List)) {
      throw UpstreamException.failed(
          "Salesforce answered a change query without a records list", null);
    }
    return (Map<?, ?>) json;
  }

  private static List<Map<String, Object>> states(Map<?, ?> body) {
    List<Map<String, Object>> states = new ArrayList<>();
    for (Object item : (List<?>) body.get("records")) {
      if (!(item instanceof Map)) {
        throw UpstreamException.failed(
            "Salesforce answered a change query with a record that is not an object", null);
      }
      Map<String, Object> state = new LinkedHashMap<>();
      for (Map.Entry<?, ?> field : ((Map<?, ?>) item).entrySet()) {
        if (!"attributes".equals(field.getKey())) {
          state.put((String) field.getKey(), field.getValue());
        }
      }
      states.add(state);
    }
    return states;
  }
}
