package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.testing.RecordingConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's deadline on upstream calls, with an upstream that holds its answers: 504 in time,
 * the records of a late batch reported as unknown or not tried, and what the upstream applies late
 * still published to the consumers.
 */
class UpstreamTimeoutFaultTest {
  static final String SYNC = "s";
  static final String CONTACT = "salesforce:contact";

  /**
   * Applies batches with the in-memory upstream, but holds the answer to each batch whose index is
   * in {@code held} until {@link #release} is called.
   */
  static final class HoldingUpstream implements Upstream {
    final InMemoryUpstream delegate = InMemoryUpstream.create();
    final List<Integer> held;
    final List<Runnable> releases = new CopyOnWriteArrayList<>();
    final List<List<Record>> applied = new CopyOnWriteArrayList<>();
    int batches;

    HoldingUpstream(Integer... held) {
      this.held = List.of(held);
    }

    @Override
    public synchronized CompletionStage<List<Record>> apply(
        MutationRequest batch, UpstreamContext context) {
      List<Record> records = delegate.apply(batch, context).toCompletableFuture().join();
      applied.add(records);
      if (!held.contains(batches++)) {
        return CompletableFuture.completedFuture(records);
      }
      CompletableFuture<List<Record>> answer = new CompletableFuture<>();
      releases.add(() -> answer.complete(records));
      return answer;
    }

    void release() {
      releases.forEach(Runnable::run);
    }

    @Override
    public int maxBatchSize() {
      return 2;
    }
  }

  final RecordingConsumer consumer = new RecordingConsumer();
  MutationServer server;

  MutationOutcome run(Upstream upstream, Duration timeout, int records) {
    server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .consumer("db", consumer, CONTACT)
            .upstreamTimeout(timeout)
            .insecureNoAuthentication()
            .build();
    MutationRequest.CreateBuilder request = MutationRequest.create(SYNC, CONTACT);
    for (int i = 0; i < records; i++) {
      request.record(Map.of("n", i));
    }
    return server
        .service()
        .run(request.build(), Principal.ANONYMOUS)
        .toCompletableFuture()
        .orTimeout(20, TimeUnit.SECONDS)
        .join();
  }

  static MutationError error(MutationOutcome outcome) {
    assertThat(outcome).isInstanceOf(MutationOutcome.Failure.class);
    return ((MutationOutcome.Failure) outcome).error();
  }

  /** Retries {@code check} until it passes, for at most 10 s. */
  static void eventually(Runnable check) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > end) {
          throw e;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void upstreamThatDoesNotAnswer_isAGatewayTimeout_andWhatItAppliesLateIsStillPublished() {
    HoldingUpstream upstream = new HoldingUpstream(0);
    long start = System.nanoTime();

    MutationOutcome outcome = run(upstream, Duration.ofMillis(200), 1);

    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(tookMillis).isBetween(150L, 10_000L);
    MutationError error = error(outcome);
    assertThat(error.status()).isEqualTo(504);
    assertThat(error.code()).contains(ErrorCode.UPSTREAM_TIMEOUT);
    assertThat(error.message())
        .isEqualTo(
            "Error: The upstream did not answer within 200 ms; the change may still be applied");
    assertThat(error.records()).isEmpty();
    assertThat(consumer.records()).isEmpty();

    upstream.release();

    eventually(
        () -> assertThat(consumer.records()).containsExactlyElementsOf(upstream.applied.get(0)));
  }

  @Test
  void timeoutInALaterBatch_reportsTheEarlierBatches_andWhichRecordsAreUnknownOrNotTried() {
    HoldingUpstream upstream = new HoldingUpstream(1);

    MutationOutcome outcome = run(upstream, Duration.ofMillis(200), 5);

    MutationError error = error(outcome);
    assertThat(error.status()).isEqualTo(504);
    // Batch 0 (records 0 and 1) was applied and answered in time: it is reported and published.
    assertThat(error.records()).containsExactlyElementsOf(upstream.applied.get(0));
    List<Integer> indexes = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    for (MutationError.Failure failure : error.failures()) {
      indexes.add(failure.index());
      messages.add(failure.error());
    }
    assertThat(indexes).containsExactly(2, 3, 4);
    assertThat(messages.get(0)).contains("did not answer within 200 ms");
    assertThat(messages.get(1)).contains("Not known whether applied");
    assertThat(messages.get(2)).contains("Not applied because an earlier record failed");
    eventually(
        () -> assertThat(consumer.records()).containsExactlyElementsOf(upstream.applied.get(0)));

    upstream.release();

    List<Record> all = new ArrayList<>(upstream.applied.get(0));
    all.addAll(upstream.applied.get(1));
    eventually(() -> assertThat(consumer.records()).containsExactlyInAnyOrderElementsOf(all));
  }
}
