package io.mutationapi.internal.await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.mutationapi.await.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Awaits on positions a consumer processed without applying their record. */
class AwaitRegistryNotAppliedTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private final AwaitRegistry registry = new AwaitRegistry();

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  @Test
  void skipThenAdvance_completesQueuedAwaitAsNotApplied() {
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("table"), List.of(new Position(2, 7)), LONG);

    registry.notApplied("table", new Position(2, 7), "check constraint");
    assertThat(future).isNotDone();
    registry.advance("table", 2, 8);

    AwaitOutcome outcome = future.join();
    assertThat(outcome.isComplete()).isFalse();
    assertThat(outcome.pendingConsumerIds()).isEmpty();
    assertThat(outcome.notApplied())
        .containsExactly(new NotApplied("table", new Position(2, 7), "check constraint"));
    assertThat(registry.pendingAwaits()).isZero();
    assertThat(registry.queuedWaiters()).isZero();
  }

  @Test
  void awaitAfterTheSkip_seesItOnTheFastPath() {
    registry.notApplied("table", new Position(0, 3), "value too long");
    registry.advance("table", 0, 10);

    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("table"), List.of(new Position(0, 3)), LONG);

    assertThat(future).isCompleted();
    assertThat(future.join().notApplied())
        .extracting(NotApplied::reason)
        .contains("value too long");
  }

  @Test
  void skipOfALowerPositionInTheSamePartition_isReported() {
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("table"), List.of(new Position(0, 3), new Position(0, 5)), LONG);

    registry.notApplied("table", new Position(0, 3), "refused");
    registry.advance("table", 0, 6);

    assertThat(future.join().notApplied())
        .extracting(NotApplied::position)
        .containsExactly(new Position(0, 3));
  }

  @Test
  void skipOnOtherPositionsOrOtherConsumers_leavesTheAwaitComplete() {
    registry.notApplied("table", new Position(0, 2), "refused");
    registry.notApplied("search", new Position(0, 4), "refused");
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("table"), List.of(new Position(0, 4)), LONG);

    registry.advance("table", 0, 5);

    assertThat(future.join().isComplete()).isTrue();
    assertThat(future.join().notApplied()).isEmpty();
  }

  @Test
  void skipForOneOfTwoConsumers_namesThatConsumer() {
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("search", "table"), List.of(new Position(1, 0)), LONG);

    registry.advance("search", 1, 1);
    registry.notApplied("table", new Position(1, 0), "refused");
    registry.advance("table", 1, 1);

    assertThat(future.join().notApplied())
        .extracting(NotApplied::consumerId)
        .containsExactly("table");
  }

  @Test
  void timeout_alsoListsTheSkipsAlreadySeen() {
    registry.notApplied("table", new Position(0, 0), "refused");
    registry.advance("table", 0, 1);

    AwaitOutcome outcome =
        registry
            .await(
                List.of("table"),
                List.of(new Position(0, 0), new Position(1, 0)),
                Duration.ofMillis(20))
            .join();

    assertThat(outcome.pendingConsumerIds()).containsExactly("table");
    assertThat(outcome.notApplied()).hasSize(1);
  }

  @Test
  void manySkips_keepTheLatestOnly() {
    for (int i = 0; i < PartitionProgress.MAX_NOT_APPLIED + 10; i++) {
      registry.notApplied("table", new Position(0, i), "refused");
    }
    registry.advance("table", 0, PartitionProgress.MAX_NOT_APPLIED + 10);

    assertThat(registry.await(List.of("table"), List.of(new Position(0, 0)), LONG).join())
        .as("the oldest skip is forgotten")
        .matches(AwaitOutcome::isComplete);
    assertThat(
            registry
                .await(
                    List.of("table"),
                    List.of(new Position(0, PartitionProgress.MAX_NOT_APPLIED + 9)),
                    LONG)
                .join()
                .notApplied())
        .hasSize(1);
  }

  @Test
  void concurrentSkipsAndAwaits_neverAnswerSuccessForASkippedPosition() throws Exception {
    int rounds = 2000;
    List<CompletableFuture<AwaitOutcome>> futures = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    Thread consumer =
        new Thread(
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                return;
              }
              for (int i = 0; i < rounds; i++) {
                if (i % 2 == 0) {
                  registry.notApplied("table", new Position(0, i), "refused");
                }
                registry.advance("table", 0, i + 1);
              }
            });
    consumer.start();
    go.countDown();
    for (int i = 0; i < rounds; i++) {
      futures.add(registry.await(List.of("table"), List.of(new Position(0, i)), LONG));
    }
    consumer.join(TimeUnit.SECONDS.toMillis(10));

    for (int i = 0; i < rounds; i++) {
      AwaitOutcome outcome = futures.get(i).get(10, TimeUnit.SECONDS);
      assertThat(outcome.isComplete()).as("offset %d", i).isEqualTo(i % 2 == 1);
    }
  }

  @Test
  void notApplied_rejectsAnEmptyConsumerId() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.notApplied("", new Position(0, 0), "x"));
  }
}
