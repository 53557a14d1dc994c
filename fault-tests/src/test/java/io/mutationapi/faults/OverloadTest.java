package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.FaultyUpstream;
import io.mutationapi.testing.PausableConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Overload protection: in-flight and pending-await limits answer 503; stalled bodies time out. */
class OverloadTest {
  private static final String SYNC = "my-sync-id";
  private static final String CONTACT = "salesforce:contact";
  private static final String TOKEN = "overload-token";
  private static final String PATH = "/v1/mutations/run";

  private static byte[] create(boolean await) {
    return ("{\"kind\":\"create\",\"sync_id\":\""
            + SYNC
            + "\",\"collection_id\":\""
            + CONTACT
            + "\",\"records\":[{\"data\":{\"LastName\":\"X\"}}]"
            + (await ? ",\"await_consumer_ids\":[\"db\"],\"await_consumers_timeout\":20000" : "")
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Posts {@code body} with the token and a JSON content type. */
  private static RawHttp.Response post(RawHttp http, byte[] body) throws IOException {
    return http.post(
        PATH, body, "Authorization: Bearer " + TOKEN, "Content-Type: application/json");
  }

  private static CompletableFuture<RawHttp.Response> postAsync(RawHttp http, byte[] body) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return post(http, body);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        runnable -> new Thread(runnable).start());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waited too long").isNegative();
      Thread.sleep(5);
    }
  }

  @Test
  void requestsBeyondMaxInFlight_get503WithRetryAfter_beforeTheUpstream() throws Exception {
    PausableConsumer db = PausableConsumer.wrap(new InMemoryConsumer());
    FaultyUpstream upstream = FaultyUpstream.wrap(InMemoryUpstream.create());
    try (MutationServer server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .consumer("db", db, CONTACT)
            .bearerToken(TOKEN, Principal.of("app", SYNC))
            .maxInFlightRequests(4)
            .build()) {
      RawHttp http = new RawHttp(MutationHttpServer.listenOnLoopback(server, 0).port(), 30_000);
      db.pause();
      List<CompletableFuture<RawHttp.Response>> held = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        held.add(postAsync(http, create(true)));
      }
      waitFor(() -> server.pendingAwaits() == 4);

      RawHttp.Response refused = post(http, create(false));
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers()).containsEntry("retry-after", "1");
      assertThat(refused.text()).contains("\"code\":\"unavailable\"").contains("in flight");
      assertThat(upstream.batchCount()).isEqualTo(4);

      db.resume();
      for (CompletableFuture<RawHttp.Response> r : held) {
        assertThat(r.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      }
      RawHttp.Response ok = post(http, create(false));
      assertThat(ok.status()).isEqualTo(200);
    }
  }

  @Test
  void awaitsBeyondMaxPendingAwaits_get503_withoutCallingTheUpstream() throws Exception {
    PausableConsumer db = PausableConsumer.wrap(new InMemoryConsumer());
    FaultyUpstream upstream = FaultyUpstream.wrap(InMemoryUpstream.create());
    try (MutationServer server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .consumer("db", db, CONTACT)
            .bearerToken(TOKEN, Principal.of("app", SYNC))
            .maxPendingAwaits(3)
            .build()) {
      RawHttp http = new RawHttp(MutationHttpServer.listenOnLoopback(server, 0).port(), 30_000);
      db.pause();
      List<CompletableFuture<RawHttp.Response>> held = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        held.add(postAsync(http, create(true)));
      }
      waitFor(() -> server.pendingAwaits() == 3);

      RawHttp.Response refused = post(http, create(true));
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers()).containsEntry("retry-after", "1");
      assertThat(refused.text()).contains("waiting for consumers");
      assertThat(upstream.batchCount())
          .as("the refused request never reached the upstream")
          .isEqualTo(3);
      // A request that does not await is still served.
      RawHttp.Response noAwait = post(http, create(false));
      assertThat(noAwait.status()).isEqualTo(200);

      db.resume();
      for (CompletableFuture<RawHttp.Response> r : held) {
        assertThat(r.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      }
      assertThat(post(http, create(true)).status()).isEqualTo(200);
      assertThat(server.pendingAwaits()).isZero();
    }
  }

  @Test
  void stalledBodies_loseTheirConnection_andFreeTheirThreads() throws Exception {
    try (MutationServer server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .bearerToken(TOKEN, Principal.of("app", SYNC))
            .bodyReadTimeout(Duration.ofMillis(300))
            .build()) {
      MutationHttpServer listener = MutationHttpServer.listenOnLoopback(server, 0);
      // More stalled clients than the server has threads (at least 4).
      int stalled = Math.max(4, Runtime.getRuntime().availableProcessors() * 2) + 2;
      List<Socket> sockets = new ArrayList<>();
      long start = System.nanoTime();
      try {
        for (int i = 0; i < stalled; i++) {
          Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.port());
          socket.setSoTimeout(10_000);
          OutputStream out = socket.getOutputStream();
          out.write(
              ("POST "
                      + PATH
                      + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + TOKEN
                      + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"kind\":")
                  .getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          sockets.add(socket);
        }
        for (Socket socket : sockets) {
          assertThat(closedByServer(socket.getInputStream())).as("connection closed").isTrue();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(millis).as("all stalled bodies timed out").isLessThan(8_000);
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
      RawHttp http = new RawHttp(listener.port(), 10_000);
      RawHttp.Response ok = post(http, create(false));
      assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    }
  }

  /** True if the server closed the connection (possibly after an error answer). */
  private static boolean closedByServer(InputStream in) throws IOException {
    try {
      byte[] buffer = new byte[4096];
      while (in.read(buffer) >= 0) {
        // an answer, if any, then the end
      }
      return true;
    } catch (SocketException e) {
      return true; // reset
    }
  }
}
