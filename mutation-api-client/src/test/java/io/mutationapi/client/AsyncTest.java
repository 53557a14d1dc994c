package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.clientFor;
import static io.mutationapi.client.Fixtures.error;
import static io.mutationapi.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code executeAsync}: results, failures, and cancellation reaching the HTTP call. */
class AsyncTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private final CompletableFuture<Call> canceled = new CompletableFuture<>();
  private final OkHttpClient okHttp =
      new OkHttpClient.Builder()
          .eventListener(
              new EventListener() {
                @Override
                public void canceled(Call call) {
                  canceled.complete(call);
                }
              })
          .build();
  private final FakeTiming timing = new FakeTiming();
  private MutationClient client;

  @BeforeEach
  void setUp() {
    client = clientFor(server).okHttpClient(okHttp).timing(timing).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    okHttp.dispatcher().executorService().shutdown();
  }

  private static MockResponse stalled() {
    return new MockResponse.Builder(ok()).headersDelay(30, TimeUnit.SECONDS).build();
  }

  @Test
  void executeAsync_completesWithTheResult() throws Exception {
    server.enqueue(ok());

    MutationResult result =
        client
            .mutations()
            .create("s", "c")
            .record(Map.of("a", 1))
            .executeAsync()
            .get(5, TimeUnit.SECONDS);
    assertThat(result.record().upstreamId()).isEqualTo("0031U00000Qn2ZVQAZ");
  }

  @Test
  void executeAsync_failsWithTheTypedException() {
    server.enqueue(error(400, "validation_error", "records[0].data: must be an object"));

    CompletableFuture<MutationResult> future =
        client.mutations().runAsync(MutationRequest.delete("s", "c").upstreamIds("a").build());
    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("records[0].data");
  }

  @Test
  void cancel_cancelsTheHttpCallInFlight() throws Exception {
    server.enqueue(stalled());

    CompletableFuture<MutationResult> future =
        client.mutations().delete("s", "c").upstreamIds("a").executeAsync();
    server.takeRequest(5, TimeUnit.SECONDS); // the call is on the wire
    assertThat(future.cancel(true)).isTrue();

    assertThat(canceled.get(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(future).isCancelled();
  }

  @Test
  void cancel_whileARetryIsScheduled_preventsTheRetry() throws Exception {
    timing.holdScheduled();
    server.enqueue(error(503, "unavailable", "down"));
    server.enqueue(ok());

    CompletableFuture<MutationResult> future =
        client.mutations().delete("s", "c").upstreamIds("a").executeAsync();
    Runnable retry = timing.held().get(5, TimeUnit.SECONDS);
    future.cancel(false);
    retry.run();

    assertThat(future).isCancelled();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void callersOwnTimeoutOnTheFuture_alsoCancelsTheHttpCall() throws Exception {
    server.enqueue(stalled());

    CompletableFuture<MutationResult> future =
        client
            .mutations()
            .delete("s", "c")
            .upstreamIds("a")
            .executeAsync()
            .orTimeout(100, TimeUnit.MILLISECONDS);

    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(TimeoutException.class);
    assertThat(canceled.get(5, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void executeAsync_withoutRecordsThrowsAtOnce() {
    assertThatThrownBy(() -> client.mutations().create("s", "c").executeAsync())
        .isInstanceOf(IllegalStateException.class);
  }
}
