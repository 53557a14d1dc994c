package io.mutationapi.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.ServerObserver;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An observer that throws is the server's problem to contain, never the caller's. */
class ThrowingObserverTest {

  /** Throws from every method, and counts the calls. */
  static final class ThrowingObserver implements ServerObserver {
    final AtomicInteger calls = new AtomicInteger();

    private RuntimeException boom() {
      calls.incrementAndGet();
      return new IllegalStateException("observer broke");
    }

    @Override
    public void requestAnswered(
        String endpoint,
        String kind,
        int status,
        String errorCode,
        boolean replayed,
        long durationNanos) {
      throw boom();
    }

    @Override
    public void upstreamCalled(
        String syncId, int records, long durationNanos, UpstreamResult result) {
      throw boom();
    }

    @Override
    public void awaitFinished(int consumers, long waitNanos, AwaitResult result) {
      throw boom();
    }

    @Override
    public void consumerBatch(
        String consumerId, int events, long durationNanos, boolean succeeded) {
      throw boom();
    }
  }

  @Test
  void observerThatThrows_neitherBreaksRequestsNorAwaits() throws Exception {
    ThrowingObserver observer = new ThrowingObserver();
    FakeConsumer db = FakeConsumer.open();
    try (MutationServer server =
        MutationServer.builder()
            .sync("s", InMemoryUpstream.create(), "c")
            .consumer("db", db, "c")
            .bearerToken("t", Principal.of("app", "s"))
            .observer(observer)
            .build()) {
      MutationRequest create =
          MutationRequest.create("s", "c")
              .record(Map.of("Name", "x"))
              .awaitConsumers(List.of("db"), Duration.ofSeconds(10))
              .build();

      MutationOutcome outcome =
          server.service().run(create, Principal.of("app", "s")).toCompletableFuture().join();
      HandlerResponse response =
          server
              .httpHandler()
              .handle(
                  new HandlerRequest(
                      "POST",
                      "/v1/mutations/run",
                      Map.of(
                          "Authorization",
                          List.of("Bearer t"),
                          "Content-Type",
                          List.of("application/json")),
                      new ByteArrayInputStream(
                          ("{\"kind\":\"create\",\"sync_id\":\"s\",\"collection_id\":\"c\","
                                  + "\"records\":[{\"data\":{}}],\"await_consumer_ids\":[\"db\"]}")
                              .getBytes(StandardCharsets.UTF_8))))
              .toCompletableFuture()
              .join();

      assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
      assertThat(response.status()).isEqualTo(200);
      assertThat(observer.calls.get()).isGreaterThanOrEqualTo(5);
      assertThat(db.processed.get()).isEqualTo(2);
    }
  }
}
