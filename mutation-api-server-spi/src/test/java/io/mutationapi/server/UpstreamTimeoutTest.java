package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's deadline on upstream calls: an upstream that answers in time is not affected, and
 * what is not yet sent when the deadline passes is not sent. The 504 and the publishing of what
 * arrives late are tested in fault-tests' {@code UpstreamTimeoutFaultTest}.
 */
class UpstreamTimeoutTest {
  static final String SYNC = "s";
  static final String CONTACT = "salesforce:contact";

  final InMemoryConsumer consumer = new InMemoryConsumer();
  MutationServer server;

  MutationOutcome run(Upstream upstream, Duration timeout, int records) {
    return run(MutationServer.builder(), upstream, timeout, records);
  }

  MutationOutcome run(
      MutationServer.Builder builder, Upstream upstream, Duration timeout, int records) {
    server =
        builder
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

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void upstreamThatAnswersInTime_isNotAffected() {
    Upstream upstream = InMemoryUpstream.builder().maxBatchSize(2).build();

    MutationOutcome outcome = run(upstream, Duration.ofSeconds(5), 3);

    assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
    assertThat(((MutationOutcome.Success) outcome).result().records()).hasSize(3);
  }

  /**
   * A timer that runs deadlines late, so that a batch answered after the deadline is seen by the
   * check between batches rather than by the timer.
   */
  static final class LateTimer extends ScheduledThreadPoolExecutor {
    static final long LATE = TimeUnit.SECONDS.toNanos(30);

    LateTimer() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
      return super.schedule(task, unit.toNanos(delay) + LATE, TimeUnit.NANOSECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
      return super.schedule(task, unit.toNanos(delay) + LATE, TimeUnit.NANOSECONDS);
    }
  }

  @Test
  void deadlinePassedBetweenBatches_theRestIsNotSent() throws Exception {
    Upstream slow =
        new Upstream() {
          final InMemoryUpstream delegate = InMemoryUpstream.create();

          @Override
          public CompletionStage<List<Record>> apply(
              MutationRequest batch, UpstreamContext context) {
            try {
              Thread.sleep(300);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return delegate.apply(batch, context);
          }

          @Override
          public int maxBatchSize() {
            return 2;
          }
        };
    LateTimer timer = new LateTimer();
    try {
      MutationOutcome outcome =
          run(MutationServer.builder().timer(timer), slow, Duration.ofMillis(100), 4);

      MutationError error = error(outcome);
      assertThat(error.status()).as(error.toString()).isEqualTo(504);
      assertThat(error.records()).hasSize(2);
      assertThat(error.failures()).extracting(MutationError.Failure::index).containsExactly(2, 3);
      assertThat(error.failures().get(0).error())
          .contains("the upstream timeout passed before it was sent");
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void upstreamTimeout_mustBePositive() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MutationServer.builder().upstreamTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
