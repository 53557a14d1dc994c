package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Answers a hostile or broken server may send: huge declared lengths, gzip, odd statuses, {@code
 * Retry-After} values that overflow, control characters and megabytes of text, a create answered
 * with the wrong number of records. Each ends in the documented exception, quickly.
 */
class HostileAnswersTest {
  private static MutationClient.Builder clientFor(HostileServer server) {
    return MutationClient.builder()
        .baseUrl(server.url())
        .apiToken(TOKEN)
        .timing(new FakeTiming())
        .readTimeout(Duration.ofSeconds(2));
  }

  private static void create(MutationClient client) {
    client.mutations().create("s", "c").record(Map.of("a", 1)).execute();
  }

  @Test
  void declaredLengthOverTheLimit_isRefusedBeforeReading() throws Exception {
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  HostileServer.writeHead(
                      out, "HTTP/1.1 200 OK", "Content-Length: " + (1L << 40)); // 1 TiB
                  byte[] chunk = new byte[64 * 1024];
                  for (int n = 0; n < 16_000; n++) { // up to 1 GB, until the client hangs up
                    out.write(chunk);
                  }
                  return false;
                });
        MutationClient client = clientFor(server).build()) {
      long start = System.nanoTime();
      MutationIoException e = catchThrowableOfType(MutationIoException.class, () -> create(client));

      assertThat(e.getMessage()).contains("over the client's limit").contains("probably applied");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void hugeErrorBody_isReadOnlyUpToTheLimit() throws Exception {
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  HostileServer.writeHead(
                      out, "HTTP/1.1 404 Not Found", "Content-Length: 1000000000");
                  byte[] chunk = new byte[64 * 1024];
                  for (int n = 0; n < 16_000; n++) {
                    out.write(chunk);
                  }
                  return false;
                });
        MutationClient client = clientFor(server).build()) {
      NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> create(client));

      assertThat(e.getMessage()).contains("over the client's limit");
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void gzip_isNotAskedFor_andAGzipBombIsNotInflated() throws Exception {
    // 1 GiB of zeros, gzipped to about 1 MB.
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 1024; i++) {
        gz.write(zeros);
      }
    }
    byte[] body = bomb.toByteArray();
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  HostileServer.writeHead(
                      out,
                      "HTTP/1.1 200 OK",
                      "Content-Encoding: gzip",
                      "Content-Length: " + body.length);
                  out.write(body);
                  return true;
                });
        MutationClient client = clientFor(server).build()) {
      long start = System.nanoTime();
      MutationIoException e = catchThrowableOfType(MutationIoException.class, () -> create(client));

      assertThat(server.requests().get(0).header("Accept-Encoding")).isEqualTo("identity");
      assertThat(e.getMessage()).contains("not a Mutation API result");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  private static HostileServer answering(String statusLine, String body, String... headers)
      throws Exception {
    return new HostileServer(
        (i, r, out, s) -> {
          HostileServer.writeJson(out, statusLine, body, headers);
          return true;
        });
  }

  @Test
  void retryAfterThatOverflows_endsAsTheStatusItsOwnException() throws Exception {
    for (String value :
        new String[] {
          "9999999999999", "99999999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT", "-5"
        }) {
      try (HostileServer server =
              answering(
                  "HTTP/1.1 429 Too Many Requests",
                  "{\"error\":\"Error: slow down\",\"code\":\"rate_limited\"}",
                  "Retry-After: " + value);
          MutationClient client = clientFor(server).timeout(Duration.ofSeconds(5)).build()) {
        Throwable e = catchThrowable(() -> create(client));

        assertThat(e).as(value).isInstanceOf(RateLimitedException.class);
      }
    }
  }

  @Test
  void unavailableWithARetryAfterOverAnInt_isAServerException_syncAndAsync() throws Exception {
    try (HostileServer server =
            answering(
                "HTTP/1.1 503 Service Unavailable",
                "{\"error\":\"Error: busy\",\"code\":\"unavailable\"}",
                "Retry-After: 99999999999");
        MutationClient client = clientFor(server).timeout(Duration.ofSeconds(5)).build()) {
      ServerException e = catchThrowableOfType(ServerException.class, () -> create(client));
      assertThat(e.retryAfter()).contains(Answers.MAX_RETRY_AFTER);

      ExecutionException async =
          catchThrowableOfType(
              ExecutionException.class,
              () ->
                  client
                      .mutations()
                      .create("s", "c")
                      .record(Map.of("a", 1))
                      .executeAsync()
                      .get(10, TimeUnit.SECONDS));
      assertThat(async.getCause()).isInstanceOf(ServerException.class);
      assertThat(server.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void statusOutsideHttp_isAServiceException() throws Exception {
    try (HostileServer server = answering("HTTP/1.1 999 Whatever", "{\"error\":\"Error: odd\"}");
        MutationClient client = clientFor(server).build()) {
      MutationServiceException e =
          catchThrowableOfType(MutationServiceException.class, () -> create(client));

      assertThat(e.getMessage()).contains("HTTP 999 is not an HTTP status");
      assertThat(e.isOutcomeUnknown()).isTrue();
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void serverText_isEscapedAndBounded_inMessagesAndTheLog() throws Exception {
    String huge = "x".repeat(7_000_000);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    try (HostileServer server =
            answering(
                "HTTP/1.1 400 Bad Request",
                "{\"error\":\"Error: bad\\u001b[31m\\r\\nFORGED "
                    + huge
                    + "\",\"code\":\"a\\nb\\u0007\"}",
                "X-Request-Id: req\u001b]0;title\u0007");
        MutationClient client = clientFor(server).build()) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      BadRequestException e;
      try {
        e = catchThrowableOfType(BadRequestException.class, () -> create(client));
      } finally {
        System.setErr(original);
      }

      assertThat(e.getMessage().length()).isLessThan(2_000);
      assertThat(e.getMessage())
          .doesNotContain("\n")
          .doesNotContain("\r")
          .doesNotContain("\u001b")
          .doesNotContain("\u0007")
          .contains("\\u001b")
          .contains("more characters");
      String log = captured.toString(StandardCharsets.UTF_8);
      assertThat(log).doesNotContain("\u001b").doesNotContain("\u0007");
      assertThat(log.lines().filter(l -> l.contains("io.mutationapi.client"))).hasSize(1);
    }
  }

  @Test
  void redirectLocation_isEscapedInTheMessage() throws Exception {
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  HostileServer.writeHead(
                      out,
                      "HTTP/1.1 301 Moved",
                      "Location: http://elsewhere/\u001b[2J",
                      "Content-Length: 0");
                  return true;
                });
        MutationClient client = clientFor(server).build()) {
      MutationServiceException e =
          catchThrowableOfType(MutationServiceException.class, () -> create(client));

      assertThat(e.getMessage()).contains("redirect to").doesNotContain("\u001b");
    }
  }

  @Test
  void limitOfTheJsonReader_isNamedWithItsNumbersWhole() throws Exception {
    String record =
        Fixtures.RECORD_JSON.replace("\"Paul\"", "\"" + "p".repeat(9 * 1024 * 1024) + "\"");
    try (HostileServer server = answering("HTTP/1.1 200 OK", "{\"records\":[" + record + "]}");
        MutationClient client = clientFor(server).build()) {
      MutationIoException e = catchThrowableOfType(MutationIoException.class, () -> create(client));

      assertThat(e.getMessage()).contains("maximum allowed (8388608").doesNotContain("...");
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void createOfOneAnsweredWithManyRecords_isRefused() throws Exception {
    try (HostileServer server =
            answering(
                "HTTP/1.1 200 OK",
                "{\"records\":["
                    + String.join(",", java.util.Collections.nCopies(3, Fixtures.RECORD_JSON))
                    + "]}");
        MutationClient client = clientFor(server).build()) {
      MutationIoException e = catchThrowableOfType(MutationIoException.class, () -> create(client));

      assertThat(e.getMessage()).contains("3 records for a request of 1");
      assertThat(e.isOutcomeUnknown()).isTrue();
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }
}
