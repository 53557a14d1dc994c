package io.mutationapi.benchmarks;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.InMemoryIdempotencyStore;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.IdempotencyStore;
import io.mutationapi.server.spi.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Heap per record of the server's in-memory structures that grow with load, after GC, with {@link
 * #N} records in each: an {@link InMemoryIdempotencyStore} entry (a finished key with a 1-record
 * create's answer), an event an {@link InMemoryStream} retains for a consumer that is behind, and a
 * record an {@link InMemoryUpstream} holds. Part of {@link MemoryBenchmark}.
 */
final class RecordMemory {
  static final int N = 100_000;

  private RecordMemory() {}

  static void run() {
    idempotencyStore();
    streamRetention();
    upstream();
  }

  /** N finished keys, each as the HTTP handler keeps one: token-digest scope, UUID key, answer. */
  private static void idempotencyStore() {
    byte[] answer = WireCodec.standard().writeResult(Fixtures.result(1));
    String scope = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    InMemoryIdempotencyStore store =
        InMemoryIdempotencyStore.builder().maxBytes(Long.MAX_VALUE / 2).maxEntries(2 * N).build();
    long before = MemoryBenchmark.usedAfterGc();
    for (int i = 0; i < N; i++) {
      // A new scope string per request, as the handler derives it per request.
      String s = new String(scope.toCharArray());
      String key = UUID.randomUUID().toString();
      byte[] digest = new byte[32];
      digest[0] = (byte) i;
      store.claim(s, key, digest).toCompletableFuture().join();
      store
          .finish(s, key, Optional.of(new IdempotencyStore.StoredHttpResponse(200, answer.clone())))
          .toCompletableFuture()
          .join();
    }
    long after = MemoryBenchmark.usedAfterGc();
    MemoryBenchmark.check(store.size() == N, "store holds " + store.size());
    Results.put("memory.idempotency.bytes_per_entry", (after - before) / (double) N);
    Results.put("memory.idempotency.counted_per_entry", store.bytes() / (double) N);
    Results.put("memory.idempotency.answer_bytes", answer.length);
  }

  /** N events retained for a consumer that never finishes a batch; each a record of its own. */
  private static void streamRetention() {
    InMemoryStream stream = InMemoryStream.create();
    Consumer stuck = batch -> new CompletableFuture<>();
    stream.start(
        List.of(new Subscription("behind", Set.of(Fixtures.COLLECTION), stuck)),
        (consumer, partition, next) -> {});
    List<Record> warm = records(1_000, 0);
    warm.forEach(r -> stream.publish(List.of(r)));
    long before = MemoryBenchmark.usedAfterGc();
    List<Record> records = records(N, 1_000);
    long withRecords = MemoryBenchmark.usedAfterGc();
    for (Record r : records) {
      stream.publish(List.of(r)).toCompletableFuture().join();
    }
    long after = MemoryBenchmark.usedAfterGc();
    MemoryBenchmark.check(
        stream.retainedEvents() == N + 1_000L, "retained " + stream.retainedEvents());
    Results.put("memory.stream.bytes_per_event", (after - withRecords) / (double) N);
    Results.put("memory.stream.bytes_per_record", (withRecords - before) / (double) N);
    records.clear();
    stream.close();
  }

  /** N records created through an {@link InMemoryUpstream}, one per batch, as the demo's are. */
  private static void upstream() {
    InMemoryUpstream upstream = InMemoryUpstream.create();
    long before = MemoryBenchmark.usedAfterGc();
    for (int i = 0; i < N; i++) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("FirstName", "Paul");
      data.put("LastName", "Atreides " + i);
      data.put("Email", "paul" + i + "@arrakis.org");
      upstream
          .apply(
              MutationRequest.create(Fixtures.SYNC, Fixtures.COLLECTION).record(data).build(),
              Fixtures.CONTEXT)
          .toCompletableFuture()
          .join();
    }
    long after = MemoryBenchmark.usedAfterGc();
    MemoryBenchmark.check(upstream.size(Fixtures.COLLECTION) == N, "upstream size");
    Results.put("memory.upstream.bytes_per_record", (after - before) / (double) N);
  }

  /** {@code n} records as the in-memory upstream returns them: 3 fields, ids, timestamps. */
  private static List<Record> records(int n, int from) {
    List<Record> records = new ArrayList<>(n);
    Instant now = Instant.now();
    for (int i = from; i < from + n; i++) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("FirstName", "Paul");
      data.put("LastName", "Atreides " + i);
      data.put("Email", "paul" + i + "@arrakis.org");
      records.add(
          Record.builder()
              .syncId(Fixtures.SYNC)
              .collectionId(Fixtures.COLLECTION)
              .upstreamId(String.format("0038b%010dAAA", i))
              .upstreamCreatedAt(now)
              .upstreamUpdatedAt(now)
              .updatedIdx(i + 1L)
              .data(data)
              .build());
    }
    return records;
  }
}
