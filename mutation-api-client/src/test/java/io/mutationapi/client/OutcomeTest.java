package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.TOKEN;
import static io.mutationapi.client.Fixtures.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Every exception says whether the mutation may have been applied and carries the idempotency key
 * to retry with; earlier attempts' failures are attached; a partial failure says what was applied.
 */
class OutcomeTest {
  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void rateLimitedAfterAnAttemptThatTimedOut_saysTheOutcomeIsUnknown() throws Exception {
    try (HostileServer hostile =
            new HostileServer(
                (i, r, out, s) -> {
                  if (i == 0) {
                    NoResendAfterAnswerTest.sleep(1500); // past the read timeout: maybe applied
                    return false;
                  }
                  HostileServer.writeJson(
                      out,
                      "HTTP/1.1 429 Too Many Requests",
                      "{\"error\":\"Error: slow down\",\"code\":\"rate_limited\"}");
                  return true;
                });
        MutationClient client =
            MutationClient.builder()
                .baseUrl(hostile.url())
                .apiToken(TOKEN)
                .maxRetries(1)
                .readTimeout(Duration.ofMillis(500))
                .timing(new FakeTiming())
                .build()) {
      RateLimitedException e =
          catchThrowableOfType(
              RateLimitedException.class,
              () -> client.mutations().create("s", "c").record(Map.of("a", 1)).execute());

      assertThat(e.isOutcomeUnknown()).isTrue();
      String key = hostile.requests().get(0).header("Idempotency-Key");
      assertThat(e.idempotencyKey()).contains(key);
      assertThat(e.getMessage()).contains(key);
      assertThat(e.getSuppressed()).hasSize(1);
      assertThat(e.getSuppressed()[0]).isInstanceOf(IOException.class);
      assertThat(hostile.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void badRequestOnTheOnlyAttempt_isKnownNotApplied_andCarriesTheKey() {
    server.enqueue(Fixtures.error(400, "validation_error", "records[0].data: must be an object"));
    try (MutationClient client = clientFor(server).build()) {
      BadRequestException e =
          catchThrowableOfType(
              BadRequestException.class,
              () ->
                  client
                      .mutations()
                      .create("s", "c")
                      .record(Map.of("a", 1))
                      .idempotencyKey("my-key")
                      .execute());

      assertThat(e.isOutcomeUnknown()).isFalse();
      assertThat(e.idempotencyKey()).contains("my-key");
      assertThat(e.isPartialFailure()).isFalse();
    }
  }

  @Test
  void consumersTimeout_carriesTheKeyToRetryWith() throws Exception {
    server.enqueue(Fixtures.json(500, Fixtures.example("error-500-consumers-timeout.json")));
    try (MutationClient client = clientFor(server).build()) {
      ConsumersTimeoutException e =
          catchThrowableOfType(
              ConsumersTimeoutException.class,
              () ->
                  client
                      .mutations()
                      .create("s", "c")
                      .record(Map.of("a", 1))
                      .awaitConsumers("local-db")
                      .execute());

      String sent = server.takeRequest().getHeaders().get("Idempotency-Key");
      assertThat(e.idempotencyKey()).contains(sent);
      assertThat(e.isOutcomeUnknown()).isTrue();
      assertThat(e.getMessage()).contains(sent);
    }
  }

  @Test
  void partialFailure_exposesAppliedRecordsAndFailures_andSaysHowManyWereApplied() {
    server.enqueue(
        Fixtures.json(
            400,
            "{\"error\":\"Error: Salesforce validation error: `Invalid email`\","
                + "\"code\":\"upstream_validation_error\",\"docs\":[],"
                + "\"records\":["
                + Fixtures.RECORD_JSON
                + "],\"failures\":[{\"index\":1,\"error\":\"Error: `Invalid email`\"}]}"));
    try (MutationClient client = clientFor(server).build()) {
      BadRequestException e =
          catchThrowableOfType(
              BadRequestException.class,
              () ->
                  client
                      .mutations()
                      .create("s", "c")
                      .record(Map.of("Email", "paul@caladan.org"))
                      .record(Map.of("Email", "not an email"))
                      .execute());

      assertThat(e.isPartialFailure()).isTrue();
      assertThat(e.records()).hasSize(1);
      assertThat(e.records().get(0).upstreamId()).isEqualTo("0031U00000Qn2ZVQAZ");
      assertThat(e.failures()).singleElement().satisfies(f -> assertThat(f.index()).isEqualTo(1));
      assertThat(e.getMessage())
          .contains("1 of 2 records were applied")
          .contains("records[1]")
          .contains("send only the records that failed");
      assertThat(e.isOutcomeUnknown()).isTrue();
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }
}
