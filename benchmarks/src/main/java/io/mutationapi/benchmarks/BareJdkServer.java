package io.mutationapi.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The "bare JDK" ceiling: the JDK's {@code HttpServer} on a fixed pool, whose handler reads the
 * body, parses it with Jackson ({@code readTree}) and writes a fixed 200 answer. Set {@code
 * sun.net.httpserver.nodelay=true} before the first {@code com.sun.net.httpserver} class loads (the
 * suite's child JVMs have it on the command line).
 */
final class BareJdkServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private BareJdkServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts it on loopback, any free port, answering {@code path} on {@code threads} threads. */
  static BareJdkServer start(String path, byte[] answer, int threads) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    server.setExecutor(executor);
    server.createContext(
        path,
        exchange -> {
          try (HttpExchange e = exchange) {
            JsonNode parsed;
            try (InputStream in = e.getRequestBody()) {
              parsed = mapper.readTree(in);
            }
            if (parsed == null || !parsed.isObject()) {
              e.sendResponseHeaders(400, -1);
              return;
            }
            e.getResponseHeaders().set("Content-Type", "application/json");
            e.sendResponseHeaders(200, answer.length);
            try (OutputStream out = e.getResponseBody()) {
              out.write(answer);
            }
          }
        });
    server.start();
    return new BareJdkServer(server, executor);
  }

  /** The threads HttpBenchmark gives it: twice the cores, at least 4. */
  static int defaultThreads() {
    return Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
