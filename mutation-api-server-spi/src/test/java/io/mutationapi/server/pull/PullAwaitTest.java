package io.mutationapi.server.pull;

import static io.mutationapi.server.pull.PullFixture.ALICE;
import static io.mutationapi.server.pull.PullFixture.CONTACT;
import static io.mutationapi.server.pull.PullFixture.SYNC;
import static io.mutationapi.server.pull.PullFixture.WORKER;
import static io.mutationapi.server.pull.PullFixture.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.server.HttpConsumerSettings;
import io.mutationapi.server.spi.AckOutcome;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PulledMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests awaiting an HTTP consumer: answered on ack, on timeout, and when a message is dropped.
 */
class PullAwaitTest {

  static CompletableFuture<MutationOutcome> createAwaiting(PullFixture fixture, Duration timeout) {
    return fixture
        .server
        .service()
        .run(
            MutationRequest.create(SYNC, CONTACT)
                .record(Map.of("FirstName", "Ada"))
                .awaitConsumers(List.of(WORKER), timeout)
                .build(),
            ALICE)
        .toCompletableFuture();
  }

  @Test
  void anAwaitOnAnHttpConsumer_completesWhenAWorkerAcks() {
    try (PullFixture fixture = new PullFixture(HttpConsumerSettings.DEFAULTS)) {
      CompletableFuture<MutationOutcome> awaiting = createAwaiting(fixture, Duration.ofSeconds(30));
      PullOutcome.Pulled pulled =
          PullFixture.pulled(fixture.next(ALICE, 10, Duration.ofSeconds(10)));
      assertThat(pulled.messages()).hasSize(1);
      assertThat(awaiting).isNotDone();

      fixture.ack(tokens(pulled.messages()));

      MutationOutcome outcome = awaiting.orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
      assertThat(fixture.server.pendingAwaits()).isZero();
    }
  }

  @Test
  void anAwaitWithoutAnAck_timesOut500_namingTheConsumer() {
    try (PullFixture fixture = new PullFixture(HttpConsumerSettings.DEFAULTS)) {
      CompletableFuture<MutationOutcome> awaiting = createAwaiting(fixture, Duration.ofMillis(200));
      assertThat(fixture.pull(10).messages()).hasSize(1); // Pulled, never acked.

      MutationOutcome outcome = awaiting.orTimeout(10, TimeUnit.SECONDS).join();
      MutationError error = ((MutationOutcome.Failure) outcome).error();
      assertThat(error.code()).contains(ErrorCode.CONSUMERS_TIMEOUT);
      assertThat(error.status()).isEqualTo(500);
      assertThat(error.pendingConsumerIds()).containsExactly(WORKER);
    }
  }

  @Test
  void aMessageDroppedAfterMaxDeliver_answersTheAwaitRecordNotApplied_andItsTokenExpired() {
    HttpConsumerSettings settings =
        HttpConsumerSettings.DEFAULTS.withMaxDeliver(2).withAckWait(Duration.ofMinutes(1));
    try (PullFixture fixture = new PullFixture(settings)) {
      CompletableFuture<MutationOutcome> awaiting = createAwaiting(fixture, Duration.ofSeconds(30));
      PulledMessage first =
          fixture.next(ALICE, 1, Duration.ofSeconds(10)) instanceof PullOutcome.Pulled p
              ? p.messages().get(0)
              : null;
      fixture.consume.nack(WORKER, List.of(first.ackToken()), ALICE);
      PulledMessage second = fixture.pull(1).messages().get(0);
      assertThat(second.deliveryCount()).isEqualTo(2);
      fixture.consume.nack(WORKER, List.of(second.ackToken()), ALICE);

      MutationOutcome outcome = awaiting.orTimeout(10, TimeUnit.SECONDS).join();
      MutationError error = ((MutationOutcome.Failure) outcome).error();
      assertThat(error.code()).contains(ErrorCode.RECORD_NOT_APPLIED);
      assertThat(error.message())
          .contains(WORKER)
          .contains("dropped after 2 deliveries without an ack");
      assertThat(fixture.pull(1).messages()).isEmpty();
      AckOutcome.Done late = fixture.ack(List.of(second.ackToken()));
      assertThat(late.rejected())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.reason()).isEqualTo(AckOutcome.Reason.EXPIRED);
                assertThat(r.message())
                    .isEqualTo(
                        "ack_tokens[0]: ack token expired: the message was dropped after 2 deliveries without an ack");
              });
    }
  }
}
