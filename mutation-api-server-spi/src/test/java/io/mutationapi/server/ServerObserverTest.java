package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.ServerObserver;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the engine tells its {@link ServerObserver}, without HTTP and without Micrometer. */
class ServerObserverTest {
  static final String SYNC = "s";
  static final String COLLECTION = "c";

  /** Keeps every call as one line. */
  static final class RecordingObserver implements ServerObserver {
    final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();

    @Override
    public void upstreamCalled(
        String syncId, int records, long durationNanos, UpstreamResult result) {
      calls.add("upstream " + syncId + " " + records + " " + result);
    }

    @Override
    public void rateLimited(String syncId, boolean byUpstream) {
      calls.add("rateLimited " + syncId + " " + byUpstream);
    }

    @Override
    public void overloaded(Overload reason) {
      calls.add("overloaded " + reason);
    }

    @Override
    public void awaitFinished(int consumers, long waitNanos, AwaitResult result) {
      calls.add("await " + consumers + " " + result);
    }
  }

  /** Skips every batch's first record. */
  static final class Skipper implements Consumer {
    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<BatchResult> processBatch(List<ChangeEvent> batch) {
      return CompletableFuture.completedFuture(
          new BatchResult(List.of(new BatchResult.Skipped(batch.get(0), "bad record"))));
    }
  }

  final RecordingObserver observer = new RecordingObserver();
  MutationServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  MutationOutcome run(MutationRequest request) {
    return server.service().run(request, Principal.ANONYMOUS).toCompletableFuture().join();
  }

  static MutationRequest create(int records) {
    MutationRequest.CreateBuilder create = MutationRequest.create(SYNC, COLLECTION);
    for (int i = 0; i < records; i++) {
      create.record(Map.of("Name", "n" + i));
    }
    return create.build();
  }

  MutationServer.Builder builder(Upstream upstream) {
    return MutationServer.builder()
        .sync(SYNC, upstream, COLLECTION)
        .authenticator(token -> Optional.of(Principal.ANONYMOUS))
        .observer(observer);
  }

  @Test
  void upstreamCalls_areReportedPerBatch_withTheUpstreamsAnswer() {
    server = builder(InMemoryUpstream.builder().maxBatchSize(2).build()).build();

    run(create(3));

    assertThat(observer.calls).containsExactly("upstream s 2 SUCCESS", "upstream s 1 SUCCESS");
  }

  @Test
  void upstreamThatRateLimits_isReportedAsRateLimitedByTheUpstream() {
    server =
        builder(
                (batch, context) ->
                    CompletableFuture.failedFuture(
                        UpstreamException.rateLimited("slow down", Duration.ofSeconds(1))))
            .build();

    MutationOutcome outcome = run(create(1));

    assertThat(((MutationOutcome.Failure) outcome).error().status()).isEqualTo(429);
    assertThat(observer.calls)
        .containsExactlyInAnyOrder("rateLimited s true", "upstream s 1 RATE_LIMITED");
  }

  @Test
  void upstreamThatRefusesTheData_isReportedAsValidation() {
    server =
        builder(
                (batch, context) ->
                    CompletableFuture.failedFuture(UpstreamException.validation("no")))
            .build();

    run(create(1));

    assertThat(observer.calls).containsExactly("upstream s 1 VALIDATION");
  }

  @Test
  void fullStream_isReportedAsOverload_andTheUpstreamIsNotCalled() {
    server =
        builder(InMemoryUpstream.create()).stream(
                InMemoryStream.builder().maxRetainedEvents(1).build())
            .consumer("stuck", batch -> new CompletableFuture<>(), COLLECTION)
            .build();

    run(create(1));
    MutationOutcome refused = run(create(1));

    assertThat(((MutationOutcome.Failure) refused).error().status()).isEqualTo(503);
    assertThat(observer.calls).containsExactly("upstream s 1 SUCCESS", "overloaded STREAM_FULL");
  }

  @Test
  void fullUpstreamExecutor_isReportedAsOverload() {
    ExecutorService closed = Executors.newSingleThreadExecutor();
    closed.shutdown();
    Upstream blocking = InMemoryUpstream.create()::apply; // not non-blocking: goes to the executor
    server = builder(blocking).upstreamExecutor(closed).build();

    MutationOutcome refused = run(create(1));

    assertThat(((MutationOutcome.Failure) refused).error().status()).isEqualTo(503);
    assertThat(observer.calls).containsExactly("overloaded UPSTREAM_EXECUTOR");
  }

  @Test
  void awaitThatASkippedRecordEnds_isReportedAsNotApplied() {
    server =
        builder(InMemoryUpstream.create()).consumer("skipper", new Skipper(), COLLECTION).build();

    run(
        MutationRequest.create(SYNC, COLLECTION)
            .record(Map.of("Name", "x"))
            .awaitConsumers(List.of("skipper"), Duration.ofSeconds(10))
            .build());

    assertThat(observer.calls).contains("await 1 NOT_APPLIED");
  }
}
