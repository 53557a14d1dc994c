package io.mutationapi.server.pull;

import static io.mutationapi.server.pull.PullFixture.ALICE;
import static io.mutationapi.server.pull.PullFixture.BOB;
import static io.mutationapi.server.pull.PullFixture.CONTACT;
import static io.mutationapi.server.pull.PullFixture.SYNC;
import static io.mutationapi.server.pull.PullFixture.WORKER;
import static io.mutationapi.server.pull.PullFixture.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.Record;
import io.mutationapi.server.HttpConsumerSettings;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.AckOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PullRequest;
import io.mutationapi.server.spi.PulledMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pull, ack and nack through {@code MutationServer.consumeService()}: tokens, limits, access. */
class PullConsumeTest {
  PullFixture fixture = new PullFixture(HttpConsumerSettings.DEFAULTS);

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void pull_thenAck_handsOutEachRecordOnce_andCountsPendingAndAckPending() {
    List<Record> created = fixture.create(3);

    PullOutcome.Pulled first = fixture.pull(2);
    assertThat(first.messages()).hasSize(2);
    assertThat(first.messages()).allSatisfy(m -> assertThat(m.deliveryCount()).isEqualTo(1));
    assertThat(first.numPending()).isEqualTo(1);
    assertThat(first.numAckPending()).isEqualTo(2);
    PullOutcome.Pulled second = fixture.pull(10);
    assertThat(second.messages()).hasSize(1);
    assertThat(fixture.pull(10).messages()).isEmpty();

    List<PulledMessage> all = new ArrayList<>(first.messages());
    all.addAll(second.messages());
    assertThat(all.stream().map(m -> m.record().upstreamId()))
        .containsExactlyInAnyOrderElementsOf(created.stream().map(Record::upstreamId).toList());
    assertThat(fixture.ack(tokens(all))).isEqualTo(new AckOutcome.Done(3, List.of()));
    PullOutcome.Pulled after = fixture.pull(10);
    assertThat(after.numPending()).isZero();
    assertThat(after.numAckPending()).isZero();
  }

  @Test
  void ackingTheSameTokenTwice_isHarmless() {
    fixture.create(1);
    List<String> tokens = tokens(fixture.pull(1).messages());

    assertThat(fixture.ack(tokens).done()).isEqualTo(1);
    assertThat(fixture.ack(tokens)).isEqualTo(new AckOutcome.Done(1, List.of()));
  }

  @Test
  void anotherPrincipalsToken_andGarbage_areUnknown_andTheGoodOnesAreAcked() {
    fixture.create(2);
    List<String> alices = tokens(fixture.pull(2).messages());

    AckOutcome bobs = fixture.consume.ack(WORKER, alices, BOB);
    assertThat(bobs).isInstanceOf(AckOutcome.Done.class);
    assertThat(((AckOutcome.Done) bobs).done()).isZero();
    assertThat(((AckOutcome.Done) bobs).rejected())
        .extracting(AckOutcome.RejectedToken::reason)
        .containsOnly(AckOutcome.Reason.UNKNOWN);

    String forged = alices.get(0).substring(0, alices.get(0).length() - 2) + "AA";
    AckOutcome.Done mixed = fixture.ack(List.of(alices.get(0), "garbage!", forged, alices.get(1)));
    assertThat(mixed.done()).isEqualTo(2);
    assertThat(mixed.rejected())
        .containsExactly(
            new AckOutcome.RejectedToken(
                1, AckOutcome.Reason.UNKNOWN, "ack_tokens[1]: unknown ack token"),
            new AckOutcome.RejectedToken(
                2, AckOutcome.Reason.UNKNOWN, "ack_tokens[2]: unknown ack token"));
    assertThat(fixture.pull(10).numAckPending()).isZero();
  }

  @Test
  void aRedeliveredMessagesOldToken_isExpired_andTheNewOneAcks() throws Exception {
    fixture.close();
    fixture = new PullFixture(HttpConsumerSettings.DEFAULTS.withAckWait(Duration.ofMillis(50)));
    fixture.create(1);
    PulledMessage first = fixture.pull(1).messages().get(0);

    PullOutcome.Pulled again = PullFixture.pulled(fixture.next(ALICE, 1, Duration.ofSeconds(10)));
    PulledMessage second = again.messages().get(0);
    assertThat(second.record()).isEqualTo(first.record());
    assertThat(second.deliveryCount()).isEqualTo(2);
    assertThat(second.ackToken()).isNotEqualTo(first.ackToken());

    AckOutcome.Done done = fixture.ack(List.of(first.ackToken(), second.ackToken()));
    assertThat(done.done()).isEqualTo(1);
    assertThat(done.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo(AckOutcome.Reason.EXPIRED);
              assertThat(r.message()).startsWith("ack_tokens[0]: ack token expired: ");
            });
  }

  @Test
  void anAckAfterAckWait_beforeTheMessageIsHandedOutAgain_isAccepted() throws Exception {
    fixture.close();
    fixture = new PullFixture(HttpConsumerSettings.DEFAULTS.withAckWait(Duration.ofMillis(20)));
    fixture.create(1);
    String token = fixture.pull(1).messages().get(0).ackToken();
    Thread.sleep(200); // Ten ack waits: expired, and not pulled again (a pull would hand it out).
    assertThat(fixture.ack(List.of(token))).isEqualTo(new AckOutcome.Done(1, List.of()));
  }

  @Test
  void nack_makesTheMessageVisibleAtOnce_withAHigherDeliveryCount() {
    fixture.create(1);
    PulledMessage first = fixture.pull(1).messages().get(0);
    assertThat(fixture.pull(1).messages()).isEmpty();

    AckOutcome nacked = fixture.consume.nack(WORKER, List.of(first.ackToken()), ALICE);
    assertThat(nacked).isEqualTo(new AckOutcome.Done(1, List.of()));

    PulledMessage again = fixture.pull(1).messages().get(0);
    assertThat(again.record()).isEqualTo(first.record());
    assertThat(again.deliveryCount()).isEqualTo(2);
  }

  @Test
  void maxAckPending_capsWhatIsHandedOut_untilAcksArrive() {
    fixture.close();
    fixture = new PullFixture(HttpConsumerSettings.DEFAULTS.withMaxAckPending(3));
    fixture.create(5);

    PullOutcome.Pulled first = fixture.pull(10);
    assertThat(first.messages()).hasSize(3);
    assertThat(fixture.pull(10).messages()).isEmpty();
    fixture.ack(tokens(first.messages().subList(0, 1)));
    assertThat(fixture.pull(10).messages()).hasSize(1);
  }

  @Test
  void aRecordsNextVersion_isNotHandedOutWhileAnEarlierOneIsHeld_evenFromALaterBatch() {
    // Straight on the consumer, with two batches of one partition held at once: a stream may do so.
    HttpConsumer consumer = new HttpConsumer("direct", HttpConsumerSettings.DEFAULTS);
    java.util.concurrent.ScheduledExecutorService timer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      consumer.start(timer);
      List<Record> versions = new ArrayList<>();
      String id = fixture.create(1).get(0).upstreamId();
      for (int v = 1; v <= 3; v++) {
        versions.add(fixture.update(id, Map.of("n", v)));
      }
      Record other = fixture.create(1).get(0);
      java.util.concurrent.CompletableFuture<?> first =
          consumer
              .processBatch(List.of(event(0, versions.get(0)), event(1, versions.get(1))))
              .toCompletableFuture();
      java.util.concurrent.CompletableFuture<?> second =
          consumer
              .processBatch(List.of(event(2, versions.get(2)), event(3, other)))
              .toCompletableFuture();

      PullOutcome.Pulled pulled = pull(consumer, 10);
      assertThat(pulled.messages())
          .extracting(PulledMessage::record)
          .containsExactly(versions.get(0), other);
      assertThat(pulled.numPending()).isEqualTo(2);
      for (int v = 1; v <= 2; v++) {
        consumer.ack(tokens(pulled.messages().subList(0, 1)), "alice");
        pulled = pull(consumer, 10);
        assertThat(pulled.messages())
            .extracting(PulledMessage::record)
            .containsExactly(versions.get(v));
      }
      assertThat(first).isDone();
      assertThat(second).isNotDone();
      consumer.ack(tokens(pulled.messages()), "alice");
      assertThat(second).isNotDone(); // "other" is not acked yet
    } finally {
      consumer.close();
      timer.shutdownNow();
    }
  }

  private static PullOutcome.Pulled pull(HttpConsumer consumer, int batchSize) {
    return PullFixture.pulled(consumer.pull("alice", batchSize, Duration.ZERO).join());
  }

  private static io.mutationapi.server.spi.ChangeEvent event(long offset, Record record) {
    return new io.mutationapi.server.spi.ChangeEvent(
        new io.mutationapi.await.Position(0, offset), record);
  }

  @Test
  void unknownOrForbiddenConsumer_is404_andTheIdIsEchoedTruncated() {
    Principal stranger = Principal.of("eve", "another-sync");
    for (PullOutcome outcome :
        List.of(
            fixture.consume.next("nope", PullRequest.DEFAULT, ALICE).toCompletableFuture().join(),
            fixture
                .consume
                .next(WORKER, PullRequest.DEFAULT, stranger)
                .toCompletableFuture()
                .join())) {
      MutationError error = ((PullOutcome.Refused) outcome).error();
      assertThat(error.code()).contains(ErrorCode.NOT_FOUND);
      assertThat(error.message()).contains("Unknown consumer '");
    }
    AckOutcome ack = fixture.consume.ack(WORKER, List.of("x"), stranger);
    assertThat(((AckOutcome.Refused) ack).error().message())
        .isEqualTo("Error: Unknown consumer 'worker'");
    String longId = String.join("", Collections.nCopies(500, "x"));
    PullOutcome refused =
        fixture.consume.next(longId, PullRequest.DEFAULT, ALICE).toCompletableFuture().join();
    assertThat(((PullOutcome.Refused) refused).error().message().length()).isLessThan(400);
  }

  @Test
  void aConsumerThatIsNotAnHttpConsumer_is404_sayingSo() {
    fixture.close();
    try (MutationServer server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .consumer("local-db", new InMemoryConsumer(), CONTACT)
            .bearerToken("t", ALICE)
            .build()) {
      PullOutcome outcome =
          server
              .consumeService()
              .next("local-db", PullRequest.DEFAULT, ALICE)
              .toCompletableFuture()
              .join();
      MutationError error = ((PullOutcome.Refused) outcome).error();
      assertThat(error.status()).isEqualTo(404);
      assertThat(error.message()).contains("'local-db' is not an HTTP consumer");
    }
    fixture = new PullFixture(HttpConsumerSettings.DEFAULTS);
  }

  @Test
  void waitForAboveMaxAwaitTimeout_andBadTokenLists_are400() {
    PullOutcome tooLong = fixture.next(ALICE, 1, Duration.ofMinutes(6));
    assertThat(((PullOutcome.Refused) tooLong).error().code()).contains(ErrorCode.VALIDATION_ERROR);

    for (List<String> bad :
        List.of(
            List.<String>of(), Collections.nCopies(1001, "t"), java.util.Arrays.asList("a", ""))) {
      AckOutcome outcome = fixture.consume.ack(WORKER, bad, ALICE);
      assertThat(((AckOutcome.Refused) outcome).error().status()).isEqualTo(400);
    }
  }
}
