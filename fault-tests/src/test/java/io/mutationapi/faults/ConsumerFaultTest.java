package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.AwaitConsumers;
import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import io.mutationapi.Record;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Suite 3, consumer faults: a consumer that throws, fails its stage, is slow, and is stopped and
 * restarted. Delivery is at least once, awaits complete after recovery or time out with the exact
 * message, and no await is left registered afterwards.
 */
class ConsumerFaultTest {
  private static final long SEED = 0xC0_5EEDL;
  private static final String SYNC = "my-sync-id";
  private static final String CONTACT = "salesforce:contact";
  private static final Principal APP = Principal.of("app", SYNC);

  /** Fails, stalls and slows down from a seeded random; can be stopped and restarted. */
  static final class FlakyConsumer implements Consumer {
    private final SplittableRandom random = new SplittableRandom(SEED);
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong faults = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private volatile boolean stopped;

    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      int roll;
      synchronized (random) {
        roll = random.nextInt(10);
      }
      if (stopped) {
        faults.incrementAndGet();
        throw new IllegalStateException("consumer is stopped");
      }
      if (roll == 0) {
        faults.incrementAndGet();
        throw new IllegalStateException("consumer threw");
      }
      if (roll == 1) {
        faults.incrementAndGet();
        return CompletableFuture.failedFuture(new IllegalStateException("consumer failed"));
      }
      Runnable keep =
          () -> {
            for (ChangeEvent event : batch) {
              seen.add(event.record().upstreamId() + "@" + event.record().updatedIdx());
            }
            events.addAndGet(batch.size());
          };
      if (roll == 2) {
        faults.incrementAndGet();
        // Slow: finishes 20 ms later, on another thread.
        return CompletableFuture.runAsync(
            keep, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
      }
      keep.run();
      return CompletableFuture.completedFuture(null);
    }

    boolean saw(Record record) {
      return seen.contains(record.upstreamId() + "@" + record.updatedIdx());
    }
  }

  private static MutationRequest create(int i, Duration timeout) {
    return new MutationRequest.Create(
        SYNC,
        CONTACT,
        List.of(PartialRecord.of(Map.of("LastName", "L" + i))),
        Optional.of(AwaitConsumers.of(List.of("flaky"), timeout)));
  }

  private static List<MutationOutcome> runAll(MutationServer server, List<MutationRequest> requests)
      throws Exception {
    List<CompletableFuture<MutationOutcome>> calls = new ArrayList<>();
    for (MutationRequest request : requests) {
      calls.add(server.service().run(request, APP).toCompletableFuture());
    }
    List<MutationOutcome> outcomes = new ArrayList<>();
    for (CompletableFuture<MutationOutcome> call : calls) {
      outcomes.add(call.get(30, TimeUnit.SECONDS));
    }
    return outcomes;
  }

  @Test
  void consumerFaults_deliverAtLeastOnce_awaitsCompleteOrTimeOutExactly() throws Exception {
    FlakyConsumer flaky = new FlakyConsumer();
    List<Record> written = new ArrayList<>();
    int tried = 0;
    try (MutationServer server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .consumer("flaky", flaky, CONTACT)
            .stream(
                InMemoryStream.builder()
                    .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(40))
                    .build())
            .bearerToken("t", APP)
            .build()) {
      // 1. Exceptions, failed stages and slowness: every await completes.
      List<MutationRequest> requests = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        requests.add(create(i, Duration.ofSeconds(20)));
      }
      for (MutationOutcome outcome : runAll(server, requests)) {
        assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
        written.addAll(((MutationOutcome.Success) outcome).result().records());
      }
      tried += requests.size();

      // 2. Stopped: awaits time out with the exact message, and still report the records.
      flaky.stopped = true;
      requests.clear();
      for (int i = 0; i < 30; i++) {
        requests.add(create(1000 + i, Duration.ofMillis(200)));
      }
      for (MutationOutcome outcome : runAll(server, requests)) {
        MutationError error = ((MutationOutcome.Failure) outcome).error();
        assertThat(outcome.status()).isEqualTo(500);
        assertThat(error.code()).contains(ErrorCode.CONSUMERS_TIMEOUT);
        assertThat(error.detail()).isEqualTo("Timed out waiting for consumers: flaky");
        assertThat(error.pendingConsumerIds()).containsExactly("flaky");
        assertThat(error.records()).hasSize(1);
        written.addAll(error.records());
      }
      tried += requests.size();

      // 3. Requests awaiting while it is stopped complete once it is restarted.
      requests.clear();
      for (int i = 0; i < 30; i++) {
        requests.add(create(2000 + i, Duration.ofSeconds(20)));
      }
      List<CompletableFuture<MutationOutcome>> waiting = new ArrayList<>();
      for (MutationRequest request : requests) {
        waiting.add(server.service().run(request, APP).toCompletableFuture());
      }
      Thread.sleep(300);
      assertThat(waiting).noneMatch(CompletableFuture::isDone);
      flaky.stopped = false;
      for (CompletableFuture<MutationOutcome> call : waiting) {
        MutationOutcome outcome = call.get(30, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
        written.addAll(((MutationOutcome.Success) outcome).result().records());
      }
      tried += requests.size();

      // At least once: every record written reached the consumer, the timed-out ones too.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!written.stream().allMatch(flaky::saw) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      List<Record> lost = new ArrayList<>();
      for (Record record : written) {
        if (!flaky.saw(record)) {
          lost.add(record);
        }
      }
      assertThat(lost).as("records the consumer never saw").isEmpty();
      assertThat(new HashSet<>(written)).hasSize(tried);
      assertThat(server.pendingAwaits()).as("awaits left registered").isZero();
      System.out.printf(
          "[fault-suite] consumer faults: inputs tried %d requests, faults injected %d, events"
              + " delivered %d for %d records (at least once), records lost %d, pending awaits"
              + " %d%n",
          tried,
          flaky.faults.get(),
          flaky.events.get(),
          written.size(),
          lost.size(),
          server.pendingAwaits());
    }
  }
}
