package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.TOKEN;
import static io.mutationapi.client.Fixtures.clientFor;
import static io.mutationapi.client.Fixtures.error;
import static io.mutationapi.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * One debug line per attempt, without the token or record data. slf4j-simple writes to {@code
 * System.err} as it is at each write (see {@code simplelogger.properties}), so the test swaps it.
 */
class LoggingTest {
  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void eachAttempt_logsOneDebugLineWithoutTokenOrData() {
    server.enqueue(
        new MockResponse.Builder(error(503, "unavailable", "down"))
            .setHeader("X-Request-Id", "req-1")
            .build());
    server.enqueue(ok());
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (MutationClient client = clientFor(server).timing(new FakeTiming()).build()) {
      client.mutations().create("s", "c").record(Map.of("Email", "paul@arrakis.org")).execute();
    } finally {
      System.setErr(original);
    }

    List<String> lines =
        captured
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains("io.mutationapi.client"))
            .collect(Collectors.toList());
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .contains("DEBUG")
        .contains("POST /v1/mutations/run -> 503 unavailable in ")
        .contains("attempt 1/3")
        .contains("request id req-1")
        .contains("retrying in");
    assertThat(lines.get(1)).contains("-> 200 in ").contains("attempt 2/3");
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .doesNotContain(TOKEN)
        .doesNotContain("Authorization")
        .doesNotContain("paul@arrakis.org");
  }
}
