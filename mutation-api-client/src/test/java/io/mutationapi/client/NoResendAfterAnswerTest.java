package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Once the status line has arrived the server has answered: whatever then goes wrong with the body,
 * the request is never sent again, and a 2xx whose body is lost is "probably applied". OkHttp's own
 * re-sending of 503 and 408 answers is off too. The server counts what it saw.
 */
class NoResendAfterAnswerTest {
  private static MutationClient.Builder clientFor(HostileServer server) {
    return MutationClient.builder()
        .baseUrl(server.url())
        .apiToken(TOKEN)
        .timing(new FakeTiming())
        .readTimeout(Duration.ofSeconds(1));
  }

  private static void create(MutationClient client) {
    client.mutations().create("s", "c").record(Map.of("a", 1)).execute();
  }

  /** 200 promising 1,000 bytes, sending 10, then closing. */
  private static boolean cut200(int i, HostileServer.Request r, OutputStream out, java.net.Socket s)
      throws java.io.IOException {
    HostileServer.writeHead(
        out, "HTTP/1.1 200 OK", "Content-Type: application/json", "Content-Length: 1000");
    out.write("{\"records\"".getBytes(StandardCharsets.UTF_8));
    return false;
  }

  @Test
  void cutSuccessBody_isNotSentAgain_andIsProbablyApplied() throws Exception {
    try (HostileServer server = new HostileServer(NoResendAfterAnswerTest::cut200);
        MutationClient client = clientFor(server).build()) {
      MutationIoException e = catchThrowableOfType(MutationIoException.class, () -> create(client));

      assertThat(e.isOutcomeUnknown()).isTrue();
      assertThat(e.getMessage()).contains("HTTP 200").contains("probably applied");
      assertThat(server.requestCount()).isEqualTo(1);
      System.out.println("cut 200 body: server saw " + server.requestCount() + " request(s)");
    }
  }

  @Test
  void cutSuccessBody_async_isNotSentAgain() throws Exception {
    try (HostileServer server = new HostileServer(NoResendAfterAnswerTest::cut200);
        MutationClient client = clientFor(server).build()) {
      ExecutionException e =
          catchThrowableOfType(
              ExecutionException.class,
              () ->
                  client
                      .mutations()
                      .create("s", "c")
                      .record(Map.of("a", 1))
                      .executeAsync()
                      .get(10, TimeUnit.SECONDS));

      assertThat(e.getCause()).isInstanceOf(MutationIoException.class);
      assertThat(((MutationIoException) e.getCause()).isOutcomeUnknown()).isTrue();
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void stalledSuccessBody_isNotSentAgain() throws Exception {
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  HostileServer.writeHead(out, "HTTP/1.1 200 OK", "Content-Length: 1000");
                  out.write('{');
                  out.flush();
                  sleep(3000); // longer than the 1 s read timeout
                  return false;
                });
        MutationClient client = clientFor(server).build()) {
      MutationIoException e = catchThrowableOfType(MutationIoException.class, () -> create(client));

      assertThat(e.getMessage()).contains("probably applied");
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void brokenGzipSuccessBody_isNotSentAgain() throws Exception {
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  HostileServer.writeHead(
                      out, "HTTP/1.1 200 OK", "Content-Encoding: gzip", "Content-Length: 4");
                  out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0});
                  return false;
                });
        MutationClient client = clientFor(server).build()) {
      MutationIoException e = catchThrowableOfType(MutationIoException.class, () -> create(client));

      assertThat(e.isOutcomeUnknown()).isTrue();
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void cutConsumersTimeoutBody_isNotRetried_andSaysTheOutcomeIsUnknown() throws Exception {
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  HostileServer.writeHead(
                      out, "HTTP/1.1 500 Internal Server Error", "Content-Length: 5000");
                  out.write(
                      "{\"error\":\"Error: Timed out waiting for consumers: local-db\",\"code\":\"cons"
                          .getBytes(StandardCharsets.UTF_8));
                  return false;
                });
        MutationClient client = clientFor(server).build()) {
      ServerException e = catchThrowableOfType(ServerException.class, () -> create(client));

      assertThat(e.status()).isEqualTo(500);
      assertThat(e.isOutcomeUnknown()).isTrue();
      assertThat(e.idempotencyKey()).isPresent();
      assertThat(e.getMessage()).contains("could not be read").contains(e.idempotencyKey().get());
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void cut503Body_isStillRetriedAsTheStatusSays() throws Exception {
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  if (i == 0) {
                    HostileServer.writeHead(out, "HTTP/1.1 503 Unavailable", "Content-Length: 99");
                    out.write('{');
                    return false;
                  }
                  HostileServer.writeJson(out, "HTTP/1.1 200 OK", Fixtures.SUCCESS);
                  return true;
                });
        MutationClient client = clientFor(server).build()) {
      create(client);

      assertThat(server.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void unavailableWithRetryAfterZero_isNotResentByOkHttp() throws Exception {
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  HostileServer.writeJson(
                      out,
                      "HTTP/1.1 503 Service Unavailable",
                      "{\"error\":\"Error: busy\",\"code\":\"unavailable\"}",
                      "Retry-After: 0");
                  return true;
                });
        MutationClient once = clientFor(server).maxRetries(0).build();
        MutationClient defaults = clientFor(server).build()) {
      ServerException e = catchThrowableOfType(ServerException.class, () -> create(once));
      assertThat(e.retryAfter()).contains(Duration.ZERO);
      assertThat(server.requestCount()).as("maxRetries(0)").isEqualTo(1);

      catchThrowableOfType(ServerException.class, () -> create(defaults));
      assertThat(server.requestCount()).as("1 + 3 with default retries").isEqualTo(4);
      System.out.println(
          "503 Retry-After: 0: server saw 1 request with maxRetries(0), 3 by default");
    }
  }

  @Test
  void requestTimeout408_isNotResentByOkHttp() throws Exception {
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  HostileServer.writeJson(
                      out,
                      "HTTP/1.1 408 Request Timeout",
                      "{\"error\":\"Error: slow\"}",
                      "Retry-After: 0");
                  return true;
                });
        MutationClient client = clientFor(server).maxRetries(0).build()) {
      catchThrowableOfType(MutationServiceException.class, () -> create(client));
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
