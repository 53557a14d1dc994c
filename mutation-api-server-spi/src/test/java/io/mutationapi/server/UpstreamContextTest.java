package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpstreamContextTest {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final Principal APP = Principal.of("app", SYNC);

  /** Keeps the context of every call, and applies the batch in memory. */
  static final class RecordingUpstream implements Upstream {
    final InMemoryUpstream delegate = InMemoryUpstream.create();
    final List<UpstreamContext> contexts = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<List<Record>> apply(MutationRequest batch, UpstreamContext context) {
      contexts.add(context);
      return delegate.apply(batch, context);
    }

    @Override
    public int maxBatchSize() {
      return 1;
    }
  }

  final RecordingUpstream upstream = new RecordingUpstream();
  final MutationServer server =
      MutationServer.builder()
          .sync(SYNC, upstream, CONTACT)
          .bearerToken("secret", APP)
          .upstreamTimeout(Duration.ofSeconds(7))
          .build();

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void inProcessRun_givesEveryBatchTheSameContext_withDeadlinePrincipalAndNoRequestId() {
    Instant before = Instant.now();
    server
        .service()
        .run(MutationRequest.create(SYNC, CONTACT).record(Map.of()).record(Map.of()).build(), APP)
        .toCompletableFuture()
        .orTimeout(20, TimeUnit.SECONDS)
        .join();
    Instant after = Instant.now();

    assertThat(upstream.contexts).hasSize(2);
    UpstreamContext context = upstream.contexts.get(0);
    assertThat(upstream.contexts.get(1)).isSameAs(context);
    assertThat(context.principal()).isEqualTo(APP);
    assertThat(context.requestId()).isEmpty();
    assertThat(context.deadline())
        .isBetween(before.plusSeconds(7), after.plusSeconds(7).plusMillis(1));
    assertThat(context.remaining()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void httpRun_passesTheRequestIdToTheUpstream() {
    String body =
        "{\"kind\":\"create\",\"sync_id\":\"my-sync-id\",\"collection_id\":\"salesforce:contact\","
            + "\"records\":[{\"data\":{}}]}";
    HandlerResponse response =
        server
            .httpHandler()
            .handle(
                new HandlerRequest(
                    "POST",
                    MutationHttpHandler.PATH,
                    Map.of(
                        "Authorization", List.of("Bearer secret"),
                        "Content-Type", List.of("application/json"),
                        "X-Request-Id", List.of("req-42")),
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
            .toCompletableFuture()
            .orTimeout(20, TimeUnit.SECONDS)
            .join();

    assertThat(response.status()).isEqualTo(200);
    assertThat(upstream.contexts).hasSize(1);
    assertThat(upstream.contexts.get(0).requestId()).isEqualTo(Optional.of("req-42"));
    assertThat(upstream.contexts.get(0).principal()).isEqualTo(APP);
  }

  @Test
  void remaining_afterTheDeadline_isZero() {
    UpstreamContext past =
        new UpstreamContext(Instant.now().minusSeconds(1), Optional.empty(), APP);

    assertThat(past.remaining()).isZero();
  }
}
