package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An await on a record that a consumer skipped (a poison record) is never answered 200: the answer
 * is {@code record_not_applied}, naming the consumer and the record, while later records flow.
 */
class NotAppliedAwaitTest {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";

  /** Applies every record except those whose data has {@code "poison": true}, which it skips. */
  static final class SkippingConsumer implements Consumer {
    final List<ChangeEvent> applied = new ArrayList<>();

    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      return processBatch(batch).thenApply(r -> null);
    }

    @Override
    public synchronized CompletionStage<BatchResult> processBatch(List<ChangeEvent> batch) {
      List<BatchResult.Skipped> skipped = new ArrayList<>();
      for (ChangeEvent event : batch) {
        if (Boolean.TRUE.equals(event.record().data().get("poison"))) {
          skipped.add(new BatchResult.Skipped(event, "the table refused it (SQLState 23514)"));
        } else {
          applied.add(event);
        }
      }
      return CompletableFuture.completedFuture(new BatchResult(skipped));
    }
  }

  final SkippingConsumer table = new SkippingConsumer();
  final MutationServer server =
      MutationServer.builder()
          .sync(SYNC, InMemoryUpstream.create(), CONTACT)
          .consumer("local-db", table, CONTACT)
          .consumer("other", new InMemoryConsumer(), CONTACT)
          .stream(InMemoryStream.builder().partitions(4).build())
          .insecureNoAuthentication()
          .build();

  @AfterEach
  void stop() {
    server.close();
  }

  MutationOutcome run(MutationRequest request) {
    return server
        .service()
        .run(request, Principal.ANONYMOUS)
        .toCompletableFuture()
        .orTimeout(20, TimeUnit.SECONDS)
        .join();
  }

  @Test
  void awaitOnASkippedRecord_answersRecordNotApplied_namingConsumerAndRecord() {
    MutationOutcome outcome =
        run(
            MutationRequest.create(SYNC, CONTACT)
                .record(Map.of("FirstName", "Paul", "poison", true))
                .awaitConsumers(List.of("local-db"), Duration.ofSeconds(10))
                .build());

    assertThat(outcome).isInstanceOf(MutationOutcome.Failure.class);
    MutationError error = ((MutationOutcome.Failure) outcome).error();
    assertThat(error.code()).contains(ErrorCode.RECORD_NOT_APPLIED);
    assertThat(error.status()).isEqualTo(500);
    String id = error.records().get(0).upstreamId();
    assertThat(error.message())
        .contains("local-db")
        .contains(SYNC + "/" + CONTACT + "/" + id)
        .contains("SQLState 23514")
        .doesNotContain("Paul");
    assertThat(error.records()).hasSize(1);
  }

  @Test
  void theSameRecordAwaitedOnlyOnAnotherConsumer_succeeds_andLaterRecordsFlow() {
    assertThat(
            run(
                MutationRequest.create(SYNC, CONTACT)
                    .record(Map.of("poison", true))
                    .awaitConsumers("other")
                    .build()))
        .isInstanceOf(MutationOutcome.Success.class);

    for (int i = 0; i < 20; i++) {
      assertThat(
              run(
                  MutationRequest.create(SYNC, CONTACT)
                      .record(Map.of("FirstName", "N" + i))
                      .awaitConsumers("local-db")
                      .build()))
          .isInstanceOf(MutationOutcome.Success.class);
    }
  }

  @Test
  void batchWithOneSkippedRecord_failsTheAwaitOnlyForRequestsThatHoldIt() {
    MutationOutcome mixed =
        run(
            MutationRequest.create(SYNC, CONTACT)
                .record(Map.of("FirstName", "A"))
                .record(Map.of("FirstName", "B", "poison", true))
                .record(Map.of("FirstName", "C"))
                .awaitConsumers("local-db")
                .build());

    assertThat(mixed).isInstanceOf(MutationOutcome.Failure.class);
    MutationError error = ((MutationOutcome.Failure) mixed).error();
    assertThat(error.message()).contains(error.records().get(1).upstreamId());
    assertThat(error.records()).hasSize(3);
  }

  @Test
  void overHttp_theAnswerIs500WithTheNewCode() throws Exception {
    MutationHttpHandler handler = server.httpHandler();
    String body =
        "{\"kind\":\"create\",\"sync_id\":\""
            + SYNC
            + "\",\"collection_id\":\""
            + CONTACT
            + "\",\"records\":[{\"data\":{\"poison\":true}}],"
            + "\"await_consumer_ids\":[\"local-db\"]}";
    HandlerResponse response =
        handler
            .handle(
                new HandlerRequest(
                    "POST",
                    MutationHttpHandler.PATH,
                    Map.of("Content-Type", List.of("application/json")),
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);

    assertThat(response.status()).isEqualTo(500);
    MutationError error = WireCodec.standard().readError(500, response.body());
    assertThat(error.code()).contains(ErrorCode.RECORD_NOT_APPLIED);
    assertThat(error.message()).startsWith("Error: Consumer local-db did not apply record ");
    assertThat(error.docs()).singleElement().asString().endsWith("#record_not_applied");
  }
}
