package io.mutationapi.server;

import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import io.mutationapi.Record;
import io.mutationapi.internal.Echo;
import io.mutationapi.server.spi.ChangePage;
import io.mutationapi.server.spi.ChangeQuery;
import io.mutationapi.server.spi.ChangeSource;
import io.mutationapi.server.spi.RecordOutcome;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * An {@link Upstream} that keeps records in memory and behaves like Salesforce: for tests, demos
 * and benchmarks.
 *
 * <ul>
 *   <li>Ids have Salesforce's 18-character shape: a 3-character prefix per collection ({@code 003}
 *       for {@code salesforce:contact}, {@code 00T} for {@code salesforce:task}, {@code 001} for
 *       {@code salesforce:account}, a stable derived prefix for others, or one set with {@link
 *       Builder#idPrefix}), then 12 characters, then the case-safe checksum. A 15-character id is
 *       accepted wherever an id is expected.
 *   <li>Every change sets {@code upstream_updated_at} (microseconds, UTC) and a new {@code
 *       updated_idx}, strictly increasing; creates also set {@code upstream_created_at}.
 *   <li>Updates are partial: absent keys are left alone, keys mapped to null are set to null; the
 *       full state is returned. A delete returns the last state with {@code deleted} true.
 *   <li>An {@code Email} field whose value is not an email fails with {@code Salesforce validation
 *       error: `Invalid email`} (400); an update or delete of an unknown id fails with a validation
 *       error naming the id.
 *   <li>Optional latency: a delay before each batch is applied, which holds no thread.
 *   <li>A {@link ChangeSource}: {@link #changes} lists a collection's changes in upstream order,
 *       the latest version of each record (a delete as {@code deleted: true}) with the same {@code
 *       updated_idx} the write returned; the cursor is the last {@code updated_idx} listed. Edits
 *       "made outside the API" ({@link #put}, {@link #update}, {@link #delete}) appear there too.
 *       It lists the newest {@link Builder#maxTombstones} deletes only (10,000 by default), as
 *       Salesforce forgets deleted records once they leave the recycle bin: a change capture that
 *       falls further behind than that misses the older deletes.
 * </ul>
 *
 * <p>Memory: it holds every record that exists (created and not deleted) and the kept deletes,
 * about 1 KB each for a contact of three short fields (measured by the benchmarks' {@code
 * MemoryBenchmark}: the stored state, its entry in the change list and their maps). Creating
 * without ever deleting grows the heap without bound: it is a stand-in for tests and demos, not a
 * store.
 *
 * <p>Like Salesforce's collection calls with {@code allOrNone}, it is atomic by default: a batch
 * that fails at record k leaves nothing of that batch applied. Built with {@code atomic(false)},
 * like those calls without {@code allOrNone}, it keeps records 0..k-1 of the batch and reports them
 * (a partial failure). Thread-safe; batches are applied one at a time.
 *
 * <p>Faults on demand (a failing batch or record, a random share of failures) are not here but in
 * {@code FaultyUpstream} of the {@code mutation-api-testing} artifact, which wraps any upstream.
 */
public final class InMemoryUpstream implements Upstream, ChangeSource {
  /** The message of the validation error for a malformed email, as Salesforce words it. */
  private static final String INVALID_EMAIL = "Salesforce validation error: `Invalid email`";

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final boolean atomic;
  private final int maxBatchSize;
  private final Duration latency;
  private final Clock clock;
  private final Map<String, String> prefixes;

  // Guarded by this.
  private final Map<String, Map<String, Stored>> collections = new HashMap<>();
  private final ChangeLog changes;
  private long nextIdx = 1;
  private long nextId = 1;

  private record Stored(Map<String, Object> data, Instant createdAt, Instant updatedAt, long idx) {}

  private InMemoryUpstream(Builder b) {
    this.atomic = b.atomic;
    this.maxBatchSize = b.maxBatchSize;
    this.latency = b.latency;
    this.clock = b.clock;
    this.prefixes = Map.copyOf(b.prefixes);
    this.changes = new ChangeLog(b.maxTombstones);
  }

  /** Returns an upstream with the defaults: atomic, batches of 200, no latency. */
  public static InMemoryUpstream create() {
    return builder().build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean isAtomic() {
    return atomic;
  }

  /** Returns true: batches are applied in memory, and latency is a delayed stage, not a sleep. */
  @Override
  public boolean isNonBlocking() {
    return true;
  }

  @Override
  public int maxBatchSize() {
    return maxBatchSize;
  }

  @Override
  public CompletionStage<List<Record>> apply(MutationRequest batch, UpstreamContext context) {
    Objects.requireNonNull(batch, "batch");
    if (latency.isZero()) {
      return applyNow(batch);
    }
    // A delayed stage, not a sleep: latency holds no thread.
    return CompletableFuture.supplyAsync(
            () -> batch,
            CompletableFuture.delayedExecutor(
                latency.toNanos(), TimeUnit.NANOSECONDS, Runnable::run))
        .thenCompose(this::applyNow);
  }

  private CompletableFuture<List<Record>> applyNow(MutationRequest batch) {
    try {
      return CompletableFuture.completedFuture(applyBatch(batch));
    } catch (UpstreamException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private synchronized List<Record> applyBatch(MutationRequest batch) {
    Map<String, Stored> store =
        collections.computeIfAbsent(batch.collectionId(), c -> new LinkedHashMap<>());
    int size = batch.size();
    // Find the first record that fails before changing anything, so an atomic batch can refuse.
    int failAt = -1;
    UpstreamException failure = null;
    for (int i = 0; i < size; i++) {
      UpstreamException problem = check(batch, i, store);
      if (problem != null) {
        failAt = i;
        failure = problem;
        break;
      }
    }
    int appliedCount = failure == null ? size : atomic ? 0 : failAt;
    if (failure != null && atomic) {
      if (size == 1) {
        throw failure;
      }
      // Say which record failed; the others were rolled back with it.
      List<RecordOutcome> outcomes = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        outcomes.add(
            RecordOutcome.failed(
                i == failAt ? failure.getMessage() : "Not applied: the batch was rolled back"));
      }
      throw failure.withOutcomes(outcomes);
    }
    List<Record> applied = new ArrayList<>(appliedCount);
    for (int i = 0; i < appliedCount; i++) {
      applied.add(applyOne(batch, i, store));
    }
    if (failure != null) {
      throw failure.withApplied(applied);
    }
    return applied;
  }

  private UpstreamException check(MutationRequest batch, int i, Map<String, Stored> store) {
    if (batch instanceof MutationRequest.Delete) {
      String id = ((MutationRequest.Delete) batch).upstreamIds().get(i);
      return store.containsKey(SalesforceIds.normalize(id)) ? null : notFound(id);
    }
    PartialRecord record = recordAt(batch, i);
    if (record.upstreamId().isPresent()
        && !store.containsKey(SalesforceIds.normalize(record.upstreamId().get()))) {
      return notFound(record.upstreamId().get());
    }
    for (Map.Entry<String, Object> field : record.data().entrySet()) {
      if (field.getKey().equalsIgnoreCase("Email") && field.getValue() != null) {
        Object value = field.getValue();
        if (!(value instanceof String) || !EMAIL.matcher((String) value).matches()) {
          return UpstreamException.validation(INVALID_EMAIL);
        }
      }
    }
    return null;
  }

  private static UpstreamException notFound(String id) {
    return UpstreamException.validation(
        "Salesforce validation error: `entity is deleted or does not exist: "
            + Echo.truncate(id)
            + "`");
  }

  private static PartialRecord recordAt(MutationRequest batch, int i) {
    if (batch instanceof MutationRequest.Create) {
      return ((MutationRequest.Create) batch).records().get(i);
    }
    return ((MutationRequest.Update) batch).records().get(i);
  }

  private Record applyOne(MutationRequest batch, int i, Map<String, Stored> store) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    long idx = nextIdx++;
    String id;
    Stored stored;
    boolean deleted = false;
    if (batch instanceof MutationRequest.Create) {
      id = newId(batch.collectionId());
      stored = new Stored(recordAt(batch, i).data(), now, now, idx);
      store.put(id, stored);
    } else if (batch instanceof MutationRequest.Update) {
      PartialRecord patch = recordAt(batch, i);
      id = SalesforceIds.normalize(patch.upstreamId().orElseThrow());
      Stored before = store.get(id);
      Map<String, Object> data = new LinkedHashMap<>(before.data());
      data.putAll(patch.data());
      stored = new Stored(data, before.createdAt(), now, idx);
      store.put(id, stored);
    } else {
      id = SalesforceIds.normalize(((MutationRequest.Delete) batch).upstreamIds().get(i));
      Stored before = store.remove(id);
      stored = new Stored(before.data(), before.createdAt(), now, idx);
      deleted = true;
    }
    return logged(toRecord(batch.syncId(), batch.collectionId(), id, stored, deleted));
  }

  private Record logged(Record record) {
    changes.add(record);
    return record;
  }

  private static Record toRecord(
      String syncId, String collectionId, String id, Stored stored, boolean deleted) {
    return Record.builder()
        .syncId(syncId)
        .collectionId(collectionId)
        .upstreamId(id)
        .upstreamCreatedAt(stored.createdAt())
        .upstreamUpdatedAt(stored.updatedAt())
        .updatedIdx(stored.idx())
        .data(stored.data())
        .deleted(deleted)
        .build();
  }

  private String newId(String collectionId) {
    String prefix = prefixes.get(collectionId);
    return SalesforceIds.id(prefix != null ? prefix : SalesforceIds.prefix(collectionId), nextId++);
  }

  /**
   * Stores a record as if it had been created earlier, with a known id: the starting data of a
   * demo, or a record a test then updates. Returns the stored record.
   *
   * @param syncId the sync id to put on the returned record
   */
  public synchronized Record put(
      String syncId, String collectionId, String upstreamId, Map<String, ?> data) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Record record =
        Record.builder()
            .syncId(syncId)
            .collectionId(collectionId)
            .upstreamId(SalesforceIds.normalize(upstreamId))
            .upstreamCreatedAt(now)
            .upstreamUpdatedAt(now)
            .updatedIdx(nextIdx++)
            .data(data)
            .build();
    collections
        .computeIfAbsent(collectionId, c -> new LinkedHashMap<>())
        .put(
            record.upstreamId(),
            new Stored(record.data(), now, now, record.updatedIdx().getAsLong()));
    return logged(record);
  }

  /**
   * Changes a record as another user of the upstream would, bypassing the API: the keys of {@code
   * patch} are set (null values set null), the others kept. Returns the new state, which {@link
   * #changes} lists.
   *
   * @throws IllegalArgumentException if the record does not exist
   */
  public synchronized Record update(
      String syncId, String collectionId, String upstreamId, Map<String, ?> patch) {
    String id = SalesforceIds.normalize(upstreamId);
    Map<String, Stored> store = collections.getOrDefault(collectionId, Map.of());
    Stored before = store.get(id);
    if (before == null) {
      throw new IllegalArgumentException("no record " + id + " in " + collectionId);
    }
    Map<String, Object> data = new LinkedHashMap<>(before.data());
    data.putAll(patch);
    Stored after =
        new Stored(
            data, before.createdAt(), clock.instant().truncatedTo(ChronoUnit.MICROS), nextIdx++);
    store.put(id, after);
    return logged(toRecord(syncId, collectionId, id, after, false));
  }

  /**
   * Deletes a record as another user of the upstream would, bypassing the API. Returns its last
   * state with {@code deleted} true, which {@link #changes} lists.
   *
   * @throws IllegalArgumentException if the record does not exist
   */
  public synchronized Record delete(String syncId, String collectionId, String upstreamId) {
    String id = SalesforceIds.normalize(upstreamId);
    Stored before = collections.getOrDefault(collectionId, new HashMap<>()).remove(id);
    if (before == null) {
      throw new IllegalArgumentException("no record " + id + " in " + collectionId);
    }
    Stored after =
        new Stored(
            before.data(),
            before.createdAt(),
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            nextIdx++);
    return logged(toRecord(syncId, collectionId, id, after, true));
  }

  /**
   * Lists the changes of a collection after the query's cursor (an {@code updated_idx}), oldest
   * first; a bad cursor fails the stage with {@link IllegalArgumentException}. Answers at once,
   * from a consistent snapshot: no batch is applied halfway through a page.
   */
  @Override
  public synchronized CompletionStage<ChangePage> changes(ChangeQuery query) {
    Objects.requireNonNull(query, "query");
    try {
      return CompletableFuture.completedFuture(changes.page(query));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Returns the current state of a record, or empty if it does not exist (or was deleted). */
  public synchronized Optional<Record> get(String syncId, String collectionId, String upstreamId) {
    String id = SalesforceIds.normalize(upstreamId);
    Stored stored = collections.getOrDefault(collectionId, Map.of()).get(id);
    return Optional.ofNullable(stored).map(s -> toRecord(syncId, collectionId, id, s, false));
  }

  /** Returns how many records {@code collectionId} holds. */
  public synchronized int size(String collectionId) {
    return collections.getOrDefault(collectionId, Map.of()).size();
  }

  @Override
  public String toString() {
    return "InMemoryUpstream{atomic=" + atomic + ", maxBatchSize=" + maxBatchSize + "}";
  }

  /** Builds an {@link InMemoryUpstream}. Not thread-safe. */
  public static final class Builder {
    private boolean atomic = true;
    private int maxBatchSize = 200;
    private Duration latency = Duration.ZERO;
    private Clock clock = Clock.systemUTC();
    private int maxTombstones = 10_000;
    private final Map<String, String> prefixes = new HashMap<>();

    Builder() {}

    /**
     * Sets how many deletes {@link #changes} keeps listing, of all collections together; older ones
     * are forgotten, so that deletes do not grow the heap. The default is 10,000.
     */
    public Builder maxTombstones(int maxTombstones) {
      if (maxTombstones < 0) {
        throw new IllegalArgumentException("maxTombstones must not be negative: " + maxTombstones);
      }
      this.maxTombstones = maxTombstones;
      return this;
    }

    /**
     * Sets whether a failed batch leaves nothing applied. The default is true, as Salesforce with
     * {@code allOrNone}; false keeps the records before the failed one, as Salesforce without it.
     */
    public Builder atomic(boolean atomic) {
      this.atomic = atomic;
      return this;
    }

    /** Sets the largest batch; the server splits larger requests. The default is 200. */
    public Builder maxBatchSize(int maxBatchSize) {
      if (maxBatchSize < 1) {
        throw new IllegalArgumentException("maxBatchSize must be positive: " + maxBatchSize);
      }
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /** Sets a delay before each batch is applied; no thread is held while waiting. */
    public Builder latency(Duration latency) {
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative: " + latency);
      }
      this.latency = latency;
      return this;
    }

    /** Sets the clock of the timestamps. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the 3-character id prefix of a collection. */
    public Builder idPrefix(String collectionId, String prefix) {
      if (!SalesforceIds.isPrefix(prefix)) {
        throw new IllegalArgumentException("prefix must be 3 letters or digits: " + prefix);
      }
      prefixes.put(Objects.requireNonNull(collectionId, "collectionId"), prefix);
      return this;
    }

    /** Returns the upstream. */
    public InMemoryUpstream build() {
      return new InMemoryUpstream(this);
    }
  }

  /** Returns {@code "in_memory"}, this upstream's kind in the Management API. */
  @Override
  public String kind() {
    return "in_memory";
  }
}
