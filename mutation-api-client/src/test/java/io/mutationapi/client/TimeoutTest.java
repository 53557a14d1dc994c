package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.clientFor;
import static io.mutationapi.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mutationapi.MutationRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read timeout of an attempt grows with the await; the total deadline bounds everything. */
class TimeoutTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private MutationClient client;

  @BeforeEach
  void setUp() {
    client =
        clientFor(server)
            .readTimeout(Duration.ofMillis(200))
            .awaitTimeoutMargin(Duration.ofMillis(400))
            .maxRetries(0)
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private static MockResponse okAfter(long millis) {
    return new MockResponse.Builder(ok()).headersDelay(millis, TimeUnit.MILLISECONDS).build();
  }

  @Test
  void slowAnswer_withoutAwait_hitsTheReadTimeoutAndTheOutcomeIsUnknown() {
    server.enqueue(okAfter(700));

    MutationIoException e =
        catchThrowableOfType(
            MutationIoException.class,
            () -> client.mutations().delete("s", "c").upstreamIds("a").execute());
    assertThat(e.isOutcomeUnknown()).isTrue();
    assertThat(e.getCause()).isInstanceOf(java.net.SocketTimeoutException.class);
  }

  @Test
  void slowAnswer_whileAwaiting_isNotCutShortByTheReadTimeout() {
    server.enqueue(okAfter(550));

    // read timeout = 400 ms await + 400 ms margin = 800 ms > 550 ms > the plain 400 ms; the margin
    // leaves room for a loaded machine
    assertThat(
            client
                .mutations()
                .delete("s", "c")
                .upstreamIds("a")
                .awaitConsumers(List.of("db"), Duration.ofMillis(400))
                .execute()
                .records())
        .hasSize(1);
  }

  @Test
  void totalDeadline_endsTheCallEvenWhenTheReadTimeoutWouldWait() {
    server.enqueue(okAfter(5_000));
    long start = System.nanoTime();

    try (MutationClient bounded =
        client.withOptions(
            o -> o.readTimeout(Duration.ofSeconds(10)).timeout(Duration.ofMillis(300)))) {
      MutationIoException e =
          catchThrowableOfType(
              MutationIoException.class,
              () -> bounded.mutations().delete("s", "c").upstreamIds("a").execute());
      assertThat(e.getMessage()).contains("total deadline of 300 ms");
      assertThat(e.isOutcomeUnknown()).isTrue();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void interrupt_whileWaitingToRetry_endsTheCallAndKeepsTheInterruptFlag() {
    server.enqueue(Fixtures.error(503, "unavailable", "down"));
    FakeTiming clock = new FakeTiming();
    Timing interrupting =
        new Timing() {
          @Override
          public long nanoTime() {
            return clock.nanoTime();
          }

          @Override
          public void sleep(long nanos) throws InterruptedException {
            throw new InterruptedException();
          }

          @Override
          public void schedule(Runnable task, long nanos) {
            clock.schedule(task, nanos);
          }

          @Override
          public double random() {
            return clock.random();
          }

          @Override
          public Runnable deadline(Runnable task, long nanos) {
            return clock.deadline(task, nanos);
          }
        };
    try (MutationClient retrying = clientFor(server).timing(interrupting).build()) {
      MutationIoException e =
          catchThrowableOfType(
              MutationIoException.class,
              () -> retrying.mutations().delete("s", "c").upstreamIds("a").execute());
      assertThat(e.getMessage()).contains("interrupted while waiting to retry");
      assertThat(Thread.interrupted()).isTrue(); // and clears it for the next test
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void readTimeoutOfAnAttempt_isTheAwaitPlusTheMarginButNeverLessThanTheReadTimeout() {
    ClientOptions options =
        new ClientOptions(
            2, null, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10));
    MutationRequest plain = MutationRequest.delete("s", "c").upstreamIds("a").build();
    MutationRequest longAwait =
        MutationRequest.delete("s", "c")
            .upstreamIds("a")
            .awaitConsumers(List.of("db"), Duration.ofMinutes(5))
            .build();
    MutationRequest shortAwait =
        MutationRequest.delete("s", "c")
            .upstreamIds("a")
            .awaitConsumers(List.of("db"), Duration.ofSeconds(1))
            .build();

    assertThat(options.readTimeoutFor(plain)).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.readTimeoutFor(longAwait)).isEqualTo(Duration.ofSeconds(310));
    assertThat(options.readTimeoutFor(shortAwait)).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.totalTimeoutFor(plain)).isEqualTo(Duration.ofMinutes(2));
    assertThat(options.totalTimeoutFor(longAwait)).isEqualTo(Duration.ofSeconds(320));
  }
}
