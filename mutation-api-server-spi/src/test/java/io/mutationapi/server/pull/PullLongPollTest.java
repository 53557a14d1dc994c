package io.mutationapi.server.pull;

import static io.mutationapi.server.pull.PullFixture.ALICE;
import static io.mutationapi.server.pull.PullFixture.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.server.HttpConsumerSettings;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PullRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Long polls: woken by a publish, empty after wait_for, held by the thousand without threads. */
class PullLongPollTest {

  static CompletableFuture<PullOutcome> poll(PullFixture fixture, Duration waitFor) {
    return fixture.consume.next(WORKER, new PullRequest(10, waitFor), ALICE).toCompletableFuture();
  }

  @Test
  void aLongPoll_isAnsweredByAPublish() {
    try (PullFixture fixture = new PullFixture(HttpConsumerSettings.DEFAULTS)) {
      CompletableFuture<PullOutcome> waiting = poll(fixture, Duration.ofMinutes(1));
      assertThat(waiting).isNotDone();

      fixture.create(1);

      PullOutcome.Pulled pulled =
          PullFixture.pulled(waiting.orTimeout(10, TimeUnit.SECONDS).join());
      assertThat(pulled.messages()).hasSize(1);
    }
  }

  @Test
  void aLongPoll_isAnsweredByANack_firstComeFirstServed() {
    try (PullFixture fixture = new PullFixture(HttpConsumerSettings.DEFAULTS)) {
      fixture.create(1);
      String token = fixture.pull(1).messages().get(0).ackToken();
      CompletableFuture<PullOutcome> first = poll(fixture, Duration.ofMinutes(1));
      CompletableFuture<PullOutcome> second = poll(fixture, Duration.ofMinutes(1));

      fixture.consume.nack(WORKER, List.of(token), ALICE);

      assertThat(PullFixture.pulled(first.orTimeout(10, TimeUnit.SECONDS).join()).messages())
          .hasSize(1);
      assertThat(second).isNotDone();
    }
  }

  @Test
  void aLongPollAtMaxAckPending_isAnsweredByTheAckThatFreesRoom() {
    try (PullFixture fixture =
        new PullFixture(HttpConsumerSettings.DEFAULTS.withMaxAckPending(1))) {
      fixture.create(2);
      String token = fixture.pull(10).messages().get(0).ackToken();
      CompletableFuture<PullOutcome> waiting = poll(fixture, Duration.ofMinutes(1));
      assertThat(waiting).isNotDone();

      fixture.ack(List.of(token));

      PullOutcome.Pulled pulled =
          PullFixture.pulled(waiting.orTimeout(10, TimeUnit.SECONDS).join());
      assertThat(pulled.messages()).hasSize(1);
      assertThat(pulled.numAckPending()).isEqualTo(1);
    }
  }

  @Test
  void aLongPollWithNothing_answersEmptyAfterWaitFor() {
    try (PullFixture fixture = new PullFixture(HttpConsumerSettings.DEFAULTS)) {
      long start = System.nanoTime();
      PullOutcome.Pulled pulled =
          PullFixture.pulled(
              poll(fixture, Duration.ofMillis(100)).orTimeout(10, TimeUnit.SECONDS).join());
      assertThat(pulled.messages()).isEmpty();
      assertThat(System.nanoTime() - start)
          .isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    }
  }

  @Test
  void tenThousandLongPolls_holdNoThreads_andAreAllAnswered503AtClose() {
    PullFixture fixture = new PullFixture(HttpConsumerSettings.DEFAULTS);
    fixture.create(1);
    fixture.ack(PullFixture.tokens(fixture.pull(1).messages())); // Warm up every server thread.
    int before = Thread.getAllStackTraces().size();
    List<CompletableFuture<PullOutcome>> polls = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      polls.add(poll(fixture, Duration.ofMinutes(1)));
    }
    int during = Thread.getAllStackTraces().size();
    assertThat(polls).noneMatch(CompletableFuture::isDone);

    fixture.close();

    assertThat(during - before).isLessThanOrEqualTo(2);
    for (CompletableFuture<PullOutcome> poll : polls) {
      PullOutcome outcome = poll.orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(((PullOutcome.Refused) outcome).error().code()).contains(ErrorCode.UNAVAILABLE);
    }
    assertThat(poll(fixture, Duration.ofSeconds(1)).join()).isInstanceOf(PullOutcome.Refused.class);
  }

  @Test
  void tenThousandShortLongPolls_areAllAnsweredEmptyByTheirTimeout() {
    try (PullFixture fixture = new PullFixture(HttpConsumerSettings.DEFAULTS)) {
      List<CompletableFuture<PullOutcome>> polls = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        polls.add(poll(fixture, Duration.ofMillis(50)));
      }
      CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new))
          .orTimeout(20, TimeUnit.SECONDS)
          .join();
      assertThat(polls)
          .allSatisfy(p -> assertThat(PullFixture.pulled(p.join()).messages()).isEmpty());
    }
  }
}
