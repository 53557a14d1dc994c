package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

/**
 * Every async future completes, whatever is thrown while the answer is handled, and within its
 * total deadline counted from submission, however long the call waited in OkHttp's queue.
 */
class AsyncCompletionTest {

  /** A body whose every read throws {@code error}, as an allocation that runs out of heap would. */
  private static ResponseBody throwing(Error error) {
    Source source =
        new Source() {
          @Override
          public long read(Buffer sink, long byteCount) {
            throw error;
          }

          @Override
          public Timeout timeout() {
            return Timeout.NONE;
          }

          @Override
          public void close() {}
        };
    BufferedSource buffered = Okio.buffer(source);
    return new ResponseBody() {
      @Override
      public MediaType contentType() {
        return null;
      }

      @Override
      public long contentLength() {
        return -1;
      }

      @Override
      public BufferedSource source() {
        return buffered;
      }
    };
  }

  @Test
  void errorWhileReadingTheAnswer_stillCompletesTheFuture() throws Exception {
    try (HostileServer server =
        new HostileServer(
            (i, r, out, s) -> {
              HostileServer.writeJson(out, "HTTP/1.1 200 OK", Fixtures.SUCCESS);
              return true;
            })) {
      OkHttpClient http =
          new OkHttpClient.Builder()
              .addNetworkInterceptor(
                  chain -> {
                    Response response = chain.proceed(chain.request());
                    response.body().close();
                    return response
                        .newBuilder()
                        .body(throwing(new OutOfMemoryError("Java heap space (simulated)")))
                        .build();
                  })
              .build();
      try (MutationClient client =
          MutationClient.builder()
              .baseUrl(server.url())
              .apiToken(TOKEN)
              .okHttpClient(http)
              .build()) {
        CompletableFuture<MutationResult> future =
            client.mutations().create("s", "c").record(Map.of("a", 1)).executeAsync();

        ExecutionException e =
            org.assertj.core.api.Assertions.catchThrowableOfType(
                ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(MutationIoException.class);
        assertThat(e.getCause().getCause()).isInstanceOf(OutOfMemoryError.class);
        assertThat(((MutationIoException) e.getCause()).isOutcomeUnknown()).isTrue();
      } finally {
        http.dispatcher().executorService().shutdown();
      }
    }
  }

  @Test
  void totalDeadline_countsTimeQueuedInTheDispatcher() throws Exception {
    try (HostileServer server =
        new HostileServer(
            (i, r, out, s) -> {
              NoResendAfterAnswerTest.sleep(1000);
              HostileServer.writeJson(out, "HTTP/1.1 200 OK", Fixtures.SUCCESS);
              return true;
            })) {
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequests(2);
      dispatcher.setMaxRequestsPerHost(2);
      OkHttpClient http = new OkHttpClient.Builder().dispatcher(dispatcher).build();
      try (MutationClient client =
          MutationClient.builder()
              .baseUrl(server.url())
              .apiToken(TOKEN)
              .okHttpClient(http)
              .timeout(Duration.ofMillis(1500))
              .build()) {
        long start = System.nanoTime();
        List<CompletableFuture<MutationResult>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          futures.add(client.mutations().create("s", "c").record(Map.of("n", i)).executeAsync());
        }
        long latest = 0;
        int ok = 0;
        int timedOut = 0;
        for (CompletableFuture<MutationResult> f : futures) {
          try {
            f.get(10, TimeUnit.SECONDS);
            ok++;
          } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(MutationIoException.class);
            assertThat(e.getCause().getMessage()).contains("total deadline of 1500 ms");
            timedOut++;
          }
          latest = Math.max(latest, System.nanoTime() - start);
        }
        System.out.println(
            "queued calls, 1.5 s deadline: "
                + ok
                + " succeeded, "
                + timedOut
                + " timed out, last done after "
                + TimeUnit.NANOSECONDS.toMillis(latest)
                + " ms");
        assertThat(ok).isEqualTo(2);
        assertThat(Duration.ofNanos(latest)).isLessThan(Duration.ofMillis(2200));
      } finally {
        http.dispatcher().executorService().shutdown();
      }
    }
  }
}
