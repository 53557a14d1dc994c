package io.mutationapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.ConsumerProgress;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Subscription;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against our embedded server whose change stream refuses every publish: a create is
 * applied upstream once, and the client says so instead of retrying.
 */
class AppliedUnavailableEndToEndTest {
  private static final String SYNC = "my-sync-id";
  private static final String CONTACT = "salesforce:contact";
  private static final String TOKEN = "e2e-token";

  /** A change stream whose cluster is unreachable: every publish fails. */
  private static final class UnreachableStream implements ChangeStream {
    final AtomicInteger publishes = new AtomicInteger();

    @Override
    public void start(List<Subscription> subscriptions, ConsumerProgress progress) {}

    @Override
    public CompletionStage<List<Position>> publish(List<Record> records) {
      publishes.incrementAndGet();
      return CompletableFuture.failedFuture(new IllegalStateException("cluster unreachable"));
    }
  }

  private final InMemoryUpstream salesforce = InMemoryUpstream.create();
  private final AtomicInteger upstreamCalls = new AtomicInteger();
  private final UnreachableStream stream = new UnreachableStream();
  private final AtomicInteger httpRequests = new AtomicInteger();
  private final OkHttpClient okHttp =
      new OkHttpClient.Builder()
          .addInterceptor(
              chain -> {
                httpRequests.incrementAndGet();
                return chain.proceed(chain.request());
              })
          .build();
  private MutationServer server;
  private MutationClient client;

  @BeforeEach
  void start() {
    server =
        MutationServer.builder()
            .sync(
                SYNC,
                (batch, context) -> {
                  upstreamCalls.incrementAndGet();
                  return salesforce.apply(batch, context);
                },
                CONTACT)
            .stream(stream)
            .bearerToken(TOKEN, Principal.of("app", SYNC))
            .build();
    MutationHttpServer http = MutationHttpServer.listenOnLoopback(server, 0);
    client =
        MutationClient.builder()
            .baseUrl("http://127.0.0.1:" + http.port())
            .apiToken(TOKEN)
            .okHttpClient(okHttp)
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
    okHttp.dispatcher().executorService().shutdown();
  }

  @Test
  void createNotPublished_isAppliedOnce_andThrownAsApplied() {
    AppliedButUnavailableException e =
        catchThrowableOfType(
            AppliedButUnavailableException.class,
            () ->
                client
                    .mutations()
                    .create(SYNC, CONTACT)
                    .record(Map.of("FirstName", "Paul", "LastName", "Atreides"))
                    .execute());

    assertThat(httpRequests).as("sent once, not retried").hasValue(1);
    assertThat(upstreamCalls).hasValue(1);
    assertThat(stream.publishes).hasValue(1);
    assertThat(salesforce.size(CONTACT)).isEqualTo(1);
    assertThat(e.records()).hasSize(1);
    assertThat(e.records().get(0).data()).containsEntry("LastName", "Atreides");
    assertThat(salesforce.get(SYNC, CONTACT, e.records().get(0).upstreamId())).isPresent();
    assertThat(e.isOutcomeUnknown()).isTrue();
    assertThat(e.getMessage()).contains("WAS applied").contains("Do not send a create again");
  }
}
