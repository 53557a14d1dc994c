package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.MutationResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code close()} does what its Javadoc says: calls in flight fail, new calls are refused. */
class CloseTest {
  @Test
  void close_failsSyncAndAsyncCallsInFlight() throws Exception {
    try (HostileServer server =
        new HostileServer(
            (i, r, out, s) -> {
              NoResendAfterAnswerTest.sleep(3000);
              HostileServer.writeJson(out, "HTTP/1.1 200 OK", Fixtures.SUCCESS);
              return true;
            })) {
      MutationClient client =
          MutationClient.builder().baseUrl(server.url()).apiToken(TOKEN).build();
      CompletableFuture<MutationResult> async =
          client.mutations().create("s", "c").record(Map.of("a", 1)).executeAsync();
      CompletableFuture<MutationResult> sync =
          CompletableFuture.supplyAsync(
              () -> client.mutations().create("s", "c").record(Map.of("a", 2)).execute());
      while (server.requestCount() < 2) {
        Thread.sleep(10);
      }
      long start = System.nanoTime();
      client.close();

      for (CompletableFuture<MutationResult> f : java.util.List.of(async, sync)) {
        Throwable e =
            org.assertj.core.api.Assertions.catchThrowable(() -> f.get(10, TimeUnit.SECONDS));
        assertThat(e).isInstanceOf(ExecutionException.class);
        Throwable cause = e.getCause();
        assertThat(cause).isInstanceOf(MutationIoException.class);
        assertThat(cause.getMessage()).contains("client was closed");
        assertThat(((MutationIoException) cause).isOutcomeUnknown()).isTrue();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(server.requestCount()).isEqualTo(2);
      assertThatThrownBy(() -> client.mutations().create("s", "c").record(Map.of("a", 3)).execute())
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
