package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Item 3 of issue 12: 5,000 clients that send a whole request and leave before reading the answer
 * leak neither file descriptors nor heap in the server.
 */
class AbandonedRequestsFaultTest {
  static final String TOKEN = "abandon-token";
  static final int REQUESTS = 5_000;

  MutationServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void clientsThatLeaveBeforeTheAnswer_leakNoDescriptorAndNoHeap() throws Exception {
    assumeThat(Files.isDirectory(Path.of("/proc/self/fd"))).as("Linux /proc").isTrue();
    server =
        MutationServer.builder()
            .sync("my-sync-id", InMemoryUpstream.create(), "salesforce:contact")
            .bearerToken(TOKEN, Principal.of("app", "my-sync-id"))
            .build();
    MutationHttpServer http = MutationHttpServer.listenOnLoopback(server, 0);
    // No token needed: half are refused 401; the other half reach the engine (an unknown sync).
    byte[] unauthenticated = request(null, "my-sync-id");
    byte[] unknownSync = request(TOKEN, "no-such-sync");
    abandon(http.port(), 500, unauthenticated, unknownSync);
    long descriptorsBefore = settledDescriptors();
    long heapBefore = usedHeapAfterGc();

    int sent = abandon(http.port(), REQUESTS, unauthenticated, unknownSync);

    long descriptorsAfter = settledDescriptors();
    long heapAfter = usedHeapAfterGc();
    RawHttp.Response stillServing =
        new RawHttp(http.port(), 10_000)
            .post(
                "/v1/mutations/run",
                "{}".getBytes(StandardCharsets.UTF_8),
                "Content-Type: application/json");
    System.out.printf(
        "TALLY abandoned-requests: %d requests left before their answer; descriptors %d -> %d;"
            + " live heap %.1f -> %.1f MB; server still answers (%d)%n",
        sent,
        descriptorsBefore,
        descriptorsAfter,
        heapBefore / 1e6,
        heapAfter / 1e6,
        stillServing.status());
    assertThat(sent).isEqualTo(REQUESTS);
    assertThat(descriptorsAfter - descriptorsBefore).as("descriptors leaked").isLessThan(50);
    assertThat(heapAfter - heapBefore).as("live heap grown, bytes").isLessThan(16_000_000L);
    assertThat(stillServing.status()).isEqualTo(401);
  }

  static byte[] request(String token, String syncId) {
    String body =
        "{\"kind\":\"create\",\"sync_id\":\""
            + syncId
            + "\",\"collection_id\":\"salesforce:contact\",\"records\":[{\"data\":{}}]}";
    return ("POST /v1/mutations/run HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
            + "Content-Length: "
            + body.length()
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Sends {@code n} requests from 8 threads, each on a new socket closed right after writing. */
  static int abandon(int port, int n, byte[] first, byte[] second) throws Exception {
    AtomicInteger sent = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      Future<?>[] work = new Future<?>[8];
      for (int t = 0; t < 8; t++) {
        work[t] =
            threads.submit(
                () -> {
                  int i;
                  while ((i = sent.getAndIncrement()) < n) {
                    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                      socket.getOutputStream().write(i % 2 == 0 ? first : second);
                      socket.getOutputStream().flush();
                    }
                  }
                  return null;
                });
      }
      for (Future<?> f : work) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }
    return Math.min(sent.get(), n);
  }

  /** This process's open descriptors, once the server has had time to close what it will. */
  static long settledDescriptors() throws IOException, InterruptedException {
    long previous = -1;
    long now = descriptors();
    for (int i = 0; i < 50 && now != previous; i++) {
      Thread.sleep(200);
      previous = now;
      now = descriptors();
    }
    return now;
  }

  static long descriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
