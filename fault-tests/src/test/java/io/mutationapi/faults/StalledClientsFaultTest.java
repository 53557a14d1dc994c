package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Item 1 of issue 12: sixteen sockets that stall (half a request line, a TLS ClientHello on the
 * plain port, a declared body that never comes after a 401 or a 413, a body trickled at 1 byte/s)
 * do not slow other clients, and the server closes each of them after its header or body deadline.
 */
class StalledClientsFaultTest {
  static final String TOKEN = "stall-token";
  static final String CREATE =
      "{\"kind\":\"create\",\"sync_id\":\"my-sync-id\",\"collection_id\":\"salesforce:contact\","
          + "\"records\":[{\"data\":{\"LastName\":\"Atreides\"}}]}";
  // The first bytes of a TLS 1.2 ClientHello record.
  static final byte[] CLIENT_HELLO = {
    0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01, 0x00, 0x00, (byte) 0xc4, 0x03, 0x03, 0x5a
  };

  final List<Socket> stalled = new ArrayList<>();
  final ExecutorService tricklers = Executors.newFixedThreadPool(4);
  MutationServer server;
  MutationHttpServer http;

  @AfterEach
  void stop() throws IOException {
    tricklers.shutdownNow();
    for (Socket socket : stalled) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
  }

  Socket open() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), http.port());
    stalled.add(socket);
    return socket;
  }

  static void write(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  @Test
  void sixteenStalledSockets_slowNoOtherClient_andAreClosedAfterTheirDeadline() throws Exception {
    server =
        MutationServer.builder()
            .sync("my-sync-id", InMemoryUpstream.create(), "salesforce:contact")
            .bearerToken(TOKEN, Principal.of("app", "my-sync-id"))
            .maxBodyBytes(64 * 1024)
            .bodyReadTimeout(Duration.ofSeconds(3))
            .build();
    http =
        MutationHttpServer.builder(server)
            .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .idleTimeout(Duration.ofSeconds(2))
            .start();
    RawHttp client = new RawHttp(http.port(), 10_000);
    long baseline = slowestOf(client, 20);

    for (int i = 0; i < 4; i++) {
      write(open(), "POST /v1/mutations/r");
      open().getOutputStream().write(CLIENT_HELLO);
    }
    for (int i = 0; i < 2; i++) {
      // A 401 without reading the body, then a body that never comes.
      write(
          open(),
          "POST /v1/mutations/run HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: 1000\r\n\r\n");
      // A 413 for the declared size, then a body that never comes.
      write(
          open(),
          "POST /v1/mutations/run HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n");
    }
    List<Socket> trickled = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Socket socket = open();
      trickled.add(socket);
      write(
          socket,
          "POST /v1/mutations/run HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n");
      tricklers.execute(() -> trickle(socket));
    }
    Thread.sleep(300);

    long slowest = slowestOf(client, 50);

    int closed = 0;
    long waitStarted = System.nanoTime();
    for (Socket socket : stalled) {
      socket.setSoTimeout(15_000);
      if (closedByServer(socket)) {
        closed++;
      }
    }
    double closedWithin = (System.nanoTime() - waitStarted) / 1e9;
    System.out.printf(
        "TALLY stalled-clients: 16 stalled sockets; 50/50 other requests answered 200, slowest"
            + " %d ms (before the stall: %d ms); %d/16 stalled sockets closed by the server within"
            + " %.1f s%n",
        slowest, baseline, closed, closedWithin);
    assertThat(slowest).as("slowest other request, ms").isLessThan(Math.max(1000, baseline * 10));
    assertThat(stalled).hasSize(16);
    assertThat(closed).isEqualTo(16);
  }

  @Test
  void bodiesTrickledOnMoreSocketsThanThreads_holdNoThread() throws Exception {
    server =
        MutationServer.builder()
            .sync("my-sync-id", InMemoryUpstream.create(), "salesforce:contact")
            .bearerToken(TOKEN, Principal.of("app", "my-sync-id"))
            .bodyReadTimeout(Duration.ofSeconds(20))
            .build();
    http =
        MutationHttpServer.builder(server)
            .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .maxThreads(16)
            .start();
    RawHttp client = new RawHttp(http.port(), 10_000);
    slowestOf(client, 5);
    List<Socket> trickled = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      Socket socket = open();
      trickled.add(socket);
      write(
          socket,
          "POST /v1/mutations/run HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{");
    }
    ExecutorService writers = Executors.newSingleThreadExecutor();
    writers.execute(
        () -> {
          // One byte a second on each socket, for as long as the test runs.
          for (int second = 0; second < 60 && !Thread.currentThread().isInterrupted(); second++) {
            for (Socket socket : trickled) {
              try {
                socket.getOutputStream().write(' ');
              } catch (IOException e) {
                // Closed by the server.
              }
            }
            try {
              Thread.sleep(1000);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
    try {
      Thread.sleep(2500);

      long slowest = slowestOf(client, 50);

      System.out.printf(
          "TALLY trickled-bodies: 48 bodies trickled at 1 byte/s against a pool of 16 threads;"
              + " 50/50 other requests answered 200, slowest %d ms%n",
          slowest);
      assertThat(slowest).as("slowest other request, ms").isLessThan(1000);
    } finally {
      writers.shutdownNow();
    }
  }

  /** Sends {@code n} creates one after another; returns the slowest, in ms; all must be 200. */
  static long slowestOf(RawHttp client, int n) throws IOException {
    long slowest = 0;
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      RawHttp.Response response =
          client.post(
              "/v1/mutations/run",
              CREATE.getBytes(StandardCharsets.UTF_8),
              "Authorization: Bearer " + TOKEN,
              "Content-Type: application/json");
      slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      assertThat(response.status()).isEqualTo(200);
    }
    return slowest;
  }

  /** Writes one byte a second until the server closes the connection or a minute passes. */
  static void trickle(Socket socket) {
    try {
      OutputStream out = socket.getOutputStream();
      for (int i = 0; i < 60; i++) {
        out.write(' ');
        out.flush();
        Thread.sleep(1000);
      }
    } catch (IOException | InterruptedException e) {
      // Closed by the server (or the test is over).
    }
  }

  /** Whether the server closes the connection (after any answer) before the read timeout. */
  static boolean closedByServer(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // An answer (401, 413, 400) may come first.
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
