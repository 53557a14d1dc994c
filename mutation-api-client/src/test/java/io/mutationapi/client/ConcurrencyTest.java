package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.clientFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * One client serves many callers at once: awaits hold requests open, so the client must not queue
 * them behind OkHttp's default of 5 calls per host.
 */
class ConcurrencyTest {
  private static final int CALLERS = 24;

  @StartStop private final MockWebServer server = new MockWebServer();

  /** Answers only once every caller's request has arrived, so all must be in flight together. */
  private void answerWhenAllHaveArrived() {
    CountDownLatch allArrived = new CountDownLatch(CALLERS);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            allArrived.countDown();
            if (!allArrived.await(10, TimeUnit.SECONDS)) {
              return Fixtures.error(500, "internal_error", "not all callers were in flight");
            }
            return Fixtures.ok();
          }
        });
  }

  @Test
  void asyncCalls_manyAreInFlightAtOnceOnOneClient() throws Exception {
    answerWhenAllHaveArrived();
    try (MutationClient client = clientFor(server).maxRetries(0).build()) {
      List<CompletableFuture<MutationResult>> futures = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        futures.add(
            client
                .mutations()
                .delete("s", "c")
                .upstreamIds("id-" + i)
                .awaitConsumers("db")
                .executeAsync());
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
          .get(20, TimeUnit.SECONDS);
    }
    assertThat(server.getRequestCount()).isEqualTo(CALLERS);
  }

  @Test
  void blockingCalls_fromManyThreadsShareOneClientAndEachGetsItsOwnKey() throws Exception {
    answerWhenAllHaveArrived();
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    try (MutationClient client = clientFor(server).maxRetries(0).build()) {
      List<CompletableFuture<MutationResult>> futures = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        String id = "id-" + i;
        futures.add(
            CompletableFuture.supplyAsync(
                () -> client.mutations().delete("s", "c").upstreamIds(id).execute(), callers));
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
          .get(20, TimeUnit.SECONDS);
    } finally {
      callers.shutdownNow();
    }
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < CALLERS; i++) {
      keys.add(server.takeRequest().getHeaders().get("Idempotency-Key"));
    }
    assertThat(keys).hasSize(CALLERS);
  }
}
