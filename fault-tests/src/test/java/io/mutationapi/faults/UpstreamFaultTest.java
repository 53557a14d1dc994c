package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.AwaitConsumers;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import io.mutationapi.Record;
import io.mutationapi.client.MutationClient;
import io.mutationapi.client.MutationServiceException;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.RecordingConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Suite 2, upstream faults: timeouts, 5xx, connection resets, rate limits, untyped exceptions and
 * failures at a random index of a batch, on an atomic and a non-atomic upstream, with concurrent
 * requests of every kind. Afterwards the stream holds exactly what the upstream applied (nothing
 * lost, nothing phantom), and the answers together report each applied record exactly once.
 */
class UpstreamFaultTest {
  private static final String SYNC = "my-sync-id";
  private static final String CONTACT = "salesforce:contact";
  private static final int REQUESTS = 400;
  private static final int CONCURRENCY = 16;

  /** Runs in process, or over HTTP through the client when {@code client} is not null. */
  private static CompletableFuture<MutationOutcome> run(
      MutationServer server, MutationClient client, MutationRequest request, Principal principal) {
    if (client == null) {
      return server.service().run(request, principal).toCompletableFuture();
    }
    return client
        .mutations()
        .runAsync(request)
        .<MutationOutcome>thenApply(MutationOutcome.Success::new)
        .exceptionally(
            error -> {
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              if (cause instanceof MutationServiceException) {
                MutationServiceException e = (MutationServiceException) cause;
                return new MutationOutcome.Failure(e.error(), e.retryAfter(), Optional.empty());
              }
              throw new AssertionError("not a Mutation API answer", cause);
            });
  }

  @ParameterizedTest(name = "atomic={0}, over HTTP={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void upstreamFaults_loseNothing_inventNothing_andEveryAnswerIsTruthful(
      boolean atomic, boolean overHttp) throws Exception {
    long seed = (atomic ? 0xA70_41CL : 0x40A_70L) + (overHttp ? 1 : 0);
    ChaosUpstream upstream =
        new ChaosUpstream(
            InMemoryUpstream.builder().atomic(atomic).maxBatchSize(4).build(),
            seed,
            0.3,
            Duration.ofMillis(1));
    RecordingConsumer consumer = new RecordingConsumer();
    Principal principal = Principal.of("app", SYNC);
    List<Record> reported = new CopyOnWriteArrayList<>();
    List<String> untruthful = new CopyOnWriteArrayList<>();
    List<String> live = new CopyOnWriteArrayList<>();
    Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    try (MutationServer server =
            MutationServer.builder()
                .sync(SYNC, upstream, CONTACT)
                .consumer("recorder", consumer, CONTACT)
                .bearerToken("t", principal)
                .build();
        MutationClient client =
            overHttp
                ? MutationClient.builder()
                    .baseUrl(
                        "http://127.0.0.1:" + MutationHttpServer.listenOnLoopback(server, 0).port())
                    .apiToken("t")
                    .maxRetries(0)
                    .build()
                : null) {
      SplittableRandom random = new SplittableRandom(seed);
      for (int wave = 0; wave < REQUESTS / CONCURRENCY; wave++) {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < CONCURRENCY; i++) {
          MutationRequest request = request(random, live);
          calls.add(
              run(server, client, request, principal)
                  .thenAccept(
                      outcome -> {
                        statuses.merge(outcome.status(), 1, Integer::sum);
                        String problem = check(request, outcome, reported, live);
                        if (problem != null) {
                          untruthful.add(problem);
                        }
                      }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      }

      List<Record> applied = upstream.applied();
      // Wait until the consumer has seen as many events as the upstream applied.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (consumer.records().size() < applied.size() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      List<Record> streamed = byIdx(dedupe(consumer.records()));
      assertThat(untruthful).as("untruthful answers").isEmpty();
      assertThat(streamed).as("the stream is what the upstream applied").isEqualTo(byIdx(applied));
      assertThat(byIdx(reported))
          .as("the answers report each applied record once")
          .isEqualTo(byIdx(applied));
      for (Record last : lastVersions(streamed).values()) {
        Optional<Record> held = upstream.store().get(SYNC, CONTACT, last.upstreamId());
        assertThat(held.isEmpty()).as(last.upstreamId() + " deleted").isEqualTo(last.deleted());
        held.ifPresent(r -> assertThat(r.data()).isEqualTo(last.data()));
      }
      System.out.printf(
          "[fault-suite] upstream faults (atomic=%s, over HTTP=%s): inputs tried %d requests (%d batches),"
              + " faults injected %d, records applied %d, streamed %d, records lost 0, phantom 0,"
              + " statuses %s%n",
          atomic,
          overHttp,
          REQUESTS,
          upstream.batchCount(),
          upstream.faults(),
          applied.size(),
          streamed.size(),
          statuses);
      assertThat(upstream.faults()).isGreaterThan(50);
    }
  }

  private static MutationRequest request(SplittableRandom random, List<String> live) {
    int n = 1 + random.nextInt(10);
    int kind = live.size() < 5 ? 0 : random.nextInt(3);
    Optional<AwaitConsumers> await =
        random.nextInt(4) == 0
            ? Optional.of(AwaitConsumers.of(List.of("recorder"), Duration.ofSeconds(10)))
            : Optional.empty();
    if (kind == 0) {
      List<PartialRecord> records = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        records.add(PartialRecord.of(Map.of("LastName", "L" + random.nextInt(1_000_000))));
      }
      return new MutationRequest.Create(SYNC, CONTACT, records, await);
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = live.get(random.nextInt(live.size()));
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    if (kind == 1) {
      List<PartialRecord> records = new ArrayList<>();
      for (String id : ids) {
        records.add(PartialRecord.of(id, Map.of("Title", "T" + random.nextInt(1_000_000))));
      }
      return new MutationRequest.Update(SYNC, CONTACT, records, await);
    }
    return new MutationRequest.Delete(SYNC, CONTACT, ids, await);
  }

  /** Returns what is wrong with the answer, or null; keeps the records it reports as applied. */
  private static String check(
      MutationRequest request, MutationOutcome outcome, List<Record> reported, List<String> live) {
    List<Record> records;
    if (outcome instanceof MutationOutcome.Success) {
      records = ((MutationOutcome.Success) outcome).result().records();
      if (records.size() != request.size()) {
        return "success with " + records.size() + " records for " + request.size();
      }
    } else {
      MutationError error = ((MutationOutcome.Failure) outcome).error();
      records = error.records();
      int status = outcome.status();
      if (status >= 500 && status != 502 && status != 503 && status != 504) {
        return "status " + status + ": " + error;
      }
      if (!error.failures().isEmpty()
          && records.size() + error.failures().size() != request.size()) {
        return "records and failures do not add up: " + error;
      }
      if (error.failures().isEmpty() && !records.isEmpty()) {
        return "applied records without failures: " + error;
      }
    }
    reported.addAll(records);
    for (Record record : records) {
      if (record.deleted()) {
        live.remove(record.upstreamId());
      } else if (request instanceof MutationRequest.Create) {
        live.add(record.upstreamId());
      }
    }
    return null;
  }

  /** At-least-once delivery may repeat an event: keep one of each (id, version). */
  private static List<Record> dedupe(List<Record> records) {
    Map<String, Record> unique = new LinkedHashMap<>();
    for (Record r : records) {
      unique.putIfAbsent(r.upstreamId() + "@" + r.updatedIdx().getAsLong(), r);
    }
    return new ArrayList<>(unique.values());
  }

  private static List<Record> byIdx(List<Record> records) {
    List<Record> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparingLong(r -> r.updatedIdx().getAsLong()));
    return sorted;
  }

  private static Map<String, Record> lastVersions(List<Record> sortedByIdx) {
    Map<String, Record> last = new LinkedHashMap<>();
    sortedByIdx.forEach(r -> last.put(r.upstreamId(), r));
    return last;
  }
}
