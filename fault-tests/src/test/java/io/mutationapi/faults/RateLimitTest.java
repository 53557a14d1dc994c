package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.RateLimit;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.UpstreamException;
import io.mutationapi.testing.FaultyUpstream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Per-sync rate limits of upstream calls, and an upstream's own 429, over the server. */
class RateLimitTest {
  private static final String SYNC = "my-sync-id";
  private static final String OTHER = "other-sync";
  private static final String CONTACT = "salesforce:contact";
  private static final Principal APP = Principal.of("app", SYNC, OTHER);

  private static MutationRequest create(String syncId) {
    return new MutationRequest.Create(
        syncId, CONTACT, List.of(PartialRecord.of(Map.of("LastName", "X"))), Optional.empty());
  }

  @Test
  void beyondTheBurstAndTheQueue_requestsAre429WithRetryAfter_andNeverReachTheUpstream()
      throws Exception {
    FaultyUpstream upstream = FaultyUpstream.wrap(InMemoryUpstream.create());
    InMemoryUpstream other = InMemoryUpstream.create();
    try (MutationServer server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .sync(OTHER, other, CONTACT)
            .rateLimit(
                SYNC, RateLimit.of(20, 5).withMaxWait(Duration.ofMillis(400)).withMaxQueued(3))
            .bearerToken("t", APP)
            .build()) {
      long start = System.nanoTime();
      List<CompletableFuture<MutationOutcome>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(server.service().run(create(SYNC), APP).toCompletableFuture());
      }
      int ok = 0;
      int limited = 0;
      for (CompletableFuture<MutationOutcome> call : calls) {
        MutationOutcome outcome = call.get(10, TimeUnit.SECONDS);
        if (outcome instanceof MutationOutcome.Success) {
          ok++;
        } else {
          MutationOutcome.Failure failure = (MutationOutcome.Failure) outcome;
          assertThat(failure.error().code()).contains(ErrorCode.RATE_LIMITED);
          assertThat(failure.error().detail())
              .isEqualTo("Rate limit of sync 'my-sync-id' reached; retry later");
          assertThat(failure.retryAfter()).isPresent();
          assertThat(failure.error().records()).isEmpty();
          limited++;
        }
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // 5 at once, 3 queued (at 50, 100 and 150 ms), 12 refused.
      assertThat(ok).isEqualTo(8);
      assertThat(limited).isEqualTo(12);
      assertThat(upstream.batchCount()).isEqualTo(8);
      assertThat(millis).isGreaterThanOrEqualTo(140);
      // Another sync is not limited.
      for (int i = 0; i < 20; i++) {
        assertThat(server.service().run(create(OTHER), APP).toCompletableFuture().get())
            .isInstanceOf(MutationOutcome.Success.class);
      }
    }
  }

  @Test
  void overHttp_a429CarriesRetryAfter() throws Exception {
    FaultyUpstream upstream = FaultyUpstream.wrap(InMemoryUpstream.create());
    try (MutationServer server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .rateLimit(SYNC, RateLimit.of(0.5, 1).withMaxWait(Duration.ZERO))
            .bearerToken("t", APP)
            .build()) {
      RawHttp http = new RawHttp(MutationHttpServer.listenOnLoopback(server, 0).port(), 10_000);
      byte[] body =
          ("{\"kind\":\"create\",\"sync_id\":\""
                  + SYNC
                  + "\",\"collection_id\":\""
                  + CONTACT
                  + "\",\"records\":[{\"data\":{}}]}")
              .getBytes(StandardCharsets.UTF_8);
      String[] headers = {"Authorization: Bearer t", "Content-Type: application/json"};
      assertThat(http.post("/v1/mutations/run", body, headers).status()).isEqualTo(200);
      RawHttp.Response limited = http.post("/v1/mutations/run", body, headers);
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.headers()).containsEntry("retry-after", "2");
      assertThat(limited.text()).contains("\"code\":\"rate_limited\"");
      assertThat(upstream.batchCount()).isEqualTo(1);
    }
  }

  @Test
  void anUpstreams429_holdsBackTheNextCalls_thenLetsThemThrough() throws Exception {
    FaultyUpstream upstream = FaultyUpstream.wrap(InMemoryUpstream.create());
    try (MutationServer server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .rateLimit(SYNC, RateLimit.UNLIMITED.withMaxWait(Duration.ofSeconds(2)))
            .bearerToken("t", APP)
            .build()) {
      // A retry-after beyond the deadline: the next call is refused without reaching the upstream.
      upstream.failNext(
          UpstreamException.rateLimited("REQUEST_LIMIT_EXCEEDED", Duration.ofSeconds(30)));
      MutationOutcome first = server.service().run(create(SYNC), APP).toCompletableFuture().get();
      assertThat(first.status()).isEqualTo(429);
      assertThat(((MutationOutcome.Failure) first).retryAfter()).contains(Duration.ofSeconds(30));
      MutationOutcome second = server.service().run(create(SYNC), APP).toCompletableFuture().get();
      assertThat(second.status()).isEqualTo(429);
      assertThat(((MutationOutcome.Failure) second).error().detail())
          .isEqualTo("The upstream of sync 'my-sync-id' is rate limiting; retry later");
      assertThat(upstream.batchCount()).isEqualTo(1);
    }
    FaultyUpstream patient = FaultyUpstream.wrap(InMemoryUpstream.create());
    try (MutationServer server =
        MutationServer.builder().sync(SYNC, patient, CONTACT).bearerToken("t", APP).build()) {
      // Within the deadline: the next call waits for the retry-after, then succeeds.
      patient.failNext(
          UpstreamException.rateLimited("REQUEST_LIMIT_EXCEEDED", Duration.ofMillis(300)));
      assertThat(server.service().run(create(SYNC), APP).toCompletableFuture().get().status())
          .isEqualTo(429);
      long start = System.nanoTime();
      MutationOutcome next = server.service().run(create(SYNC), APP).toCompletableFuture().get();
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(next).isInstanceOf(MutationOutcome.Success.class);
      assertThat(waited).isGreaterThanOrEqualTo(250);
      assertThat(patient.batchCount()).isEqualTo(2);
    }
  }
}
