package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pooled connections that the server closed: against a server that closes after every answer, one
 * that answers HTTP/1.0, and one that closes connections idle for 1 s, every call succeeds with no
 * retries allowed, and no request reaches the server twice.
 */
class StaleConnectionTest {
  private static final int CALLS = 200;

  private static MutationClient clientFor(HostileServer server, int maxRetries) {
    return MutationClient.builder()
        .baseUrl(server.url())
        .apiToken(TOKEN)
        .maxRetries(maxRetries)
        .readTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static int run(MutationClient client, int calls, int pauseEvery, long pauseMillis) {
    int failed = 0;
    for (int i = 0; i < calls; i++) {
      if (pauseEvery > 0 && i > 0 && i % pauseEvery == 0) {
        NoResendAfterAnswerTest.sleep(pauseMillis);
      }
      try {
        client.mutations().create("s", "c").record(Map.of("n", i)).execute();
      } catch (RuntimeException e) {
        failed++;
      }
    }
    return failed;
  }

  private static void assertEachKeyOnce(HostileServer server, int calls) {
    Set<String> keys = new HashSet<>();
    for (HostileServer.Request r : server.requests()) {
      assertThat(keys.add(r.header("Idempotency-Key"))).as("a key seen twice").isTrue();
    }
    assertThat(keys).hasSize(calls);
  }

  @Test
  void serverThatClosesAfterEveryAnswer_everyCallSucceedsWithoutRetries() throws Exception {
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  HostileServer.writeJson(out, "HTTP/1.1 200 OK", Fixtures.SUCCESS);
                  return false; // closes without saying so
                });
        MutationClient client = clientFor(server, 0)) {
      int failed = run(client, CALLS, 0, 0);

      System.out.println(
          "close after every answer: "
              + (CALLS - failed)
              + "/"
              + CALLS
              + " succeeded, server saw "
              + server.requestCount()
              + " requests on "
              + server.connectionCount()
              + " connections");
      assertThat(failed).isZero();
      assertEachKeyOnce(server, CALLS);
    }
  }

  @Test
  void http10Server_connectionsAreNotPooled() throws Exception {
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  HostileServer.writeJson(out, "HTTP/1.0 200 OK", Fixtures.SUCCESS);
                  NoResendAfterAnswerTest.sleep(2); // closes a little after the answer
                  return false;
                });
        MutationClient client = clientFor(server, 0)) {
      int failed = run(client, CALLS, 0, 0);

      System.out.println(
          "HTTP/1.0: "
              + (CALLS - failed)
              + "/"
              + CALLS
              + " succeeded, "
              + server.requestCount()
              + " requests");
      assertThat(failed).isZero();
      assertEachKeyOnce(server, CALLS);
    }
  }

  @Test
  void serverThatClosesIdleConnectionsAfterOneSecond_everyCallSucceedsWithoutRetries()
      throws Exception {
    try (HostileServer server =
            new HostileServer(
                    (i, r, out, s) -> {
                      HostileServer.writeJson(out, "HTTP/1.1 200 OK", Fixtures.SUCCESS);
                      return true;
                    })
                .idleTimeoutMillis(1000);
        MutationClient client = clientFor(server, 0)) {
      int failed = run(client, CALLS, 40, 1300);

      System.out.println(
          "idle close after 1 s: "
              + (CALLS - failed)
              + "/"
              + CALLS
              + " succeeded, server saw "
              + server.requestCount()
              + " requests on "
              + server.connectionCount()
              + " connections");
      assertThat(failed).isZero();
      assertThat(server.connectionCount()).isGreaterThan(1);
      assertEachKeyOnce(server, CALLS);
    }
  }

  @Test
  void keyedRetries_neverDuplicate_whenConnectionsGoStale() throws Exception {
    try (HostileServer server =
            new HostileServer(
                (i, r, out, s) -> {
                  HostileServer.writeJson(out, "HTTP/1.1 200 OK", Fixtures.SUCCESS);
                  return i % 3 != 0;
                });
        MutationClient client = clientFor(server, 2)) {
      int failed = run(client, CALLS, 0, 0);

      assertThat(failed).isZero();
      assertEachKeyOnce(server, CALLS);
    }
  }
}
