package io.mutationapi.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.EmbeddedHttpServer;
import io.mutationapi.server.http.MutationHttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.HdrHistogram.Histogram;

/**
 * Item 4: a 1-record create over loopback HTTP with N keep-alive clients, through the embedded
 * server (the in-memory upstream, a bearer token, no await), against a bare JDK {@code HttpServer}
 * whose handler reads the same body, parses it with Jackson and writes a fixed 200 body of the same
 * size. Both run in this JVM with {@code sun.net.httpserver.nodelay=true} and 4 request threads
 * (the embedded server's default on 2 CPUs). Rounds alternate which server goes first.
 *
 * <p>Arguments: warm-up seconds, measured seconds per round, rounds.
 */
public final class HttpBenchmark {
  private static final int[] CLIENTS = {1, 16, 64};
  private static final long MAX_REQUESTS = 50_000_000;

  private HttpBenchmark() {}

  public static void main(String[] args) throws Exception {
    // Before any com.sun.net.httpserver class loads: it is read once.
    System.setProperty(EmbeddedHttpServer.NODELAY_PROPERTY, "true");
    Duration warmup = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 2);
    Duration measure = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 4);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    byte[] body = Fixtures.createBody(1, false);
    byte[] fixedAnswer = WireCodec.standard().writeResult(Fixtures.result(1));
    int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);

    // JIT warm-up of both, not recorded.
    measureBare(body, fixedAnswer, threads, 16, Duration.ofSeconds(3), Duration.ofSeconds(1));
    measureOurs(body, 16, Duration.ofSeconds(3), Duration.ofSeconds(1));

    for (int clients : CLIENTS) {
      Histogram bareLatency = Results.histogram();
      Histogram oursLatency = Results.histogram();
      long bareRequests = 0;
      long oursRequests = 0;
      double bareSeconds = 0;
      double oursSeconds = 0;
      long bareCpu = 0;
      long oursCpu = 0;
      long errors = 0;
      for (int round = 0; round < rounds; round++) {
        LoadGenerator.Run bare = null;
        LoadGenerator.Run ours = null;
        if (round % 2 == 0) {
          bare = measureBare(body, fixedAnswer, threads, clients, warmup, measure);
          ours = measureOurs(body, clients, warmup, measure);
        } else {
          ours = measureOurs(body, clients, warmup, measure);
          bare = measureBare(body, fixedAnswer, threads, clients, warmup, measure);
        }
        bareLatency.add(bare.latency());
        oursLatency.add(ours.latency());
        bareRequests += bare.requests();
        oursRequests += ours.requests();
        bareSeconds += bare.seconds();
        oursSeconds += ours.seconds();
        bareCpu += bare.serverCpuNanos();
        oursCpu += ours.serverCpuNanos();
        errors += bare.errors() + ours.errors();
        System.err.printf(
            "clients=%d round=%d bare=%.0f/s %.1f µs CPU/req, ours=%.0f/s %.1f µs CPU/req%n",
            clients,
            round,
            bare.perSecond(),
            bare.cpuMicrosPerRequest(),
            ours.perSecond(),
            ours.cpuMicrosPerRequest());
      }
      String key = "http." + clients;
      Results.put(key + ".bare_rps", bareRequests / bareSeconds);
      Results.put(key + ".ours_rps", oursRequests / oursSeconds);
      Results.put(key + ".ratio", (oursRequests / oursSeconds) / (bareRequests / bareSeconds));
      Results.put(key + ".errors", errors);
      double bareCpuPerRequest = bareCpu / 1000.0 / bareRequests;
      double oursCpuPerRequest = oursCpu / 1000.0 / oursRequests;
      Results.put(key + ".bare_cpu_us", bareCpuPerRequest);
      Results.put(key + ".ours_cpu_us", oursCpuPerRequest);
      Results.put(key + ".cpu_ratio", oursCpuPerRequest / bareCpuPerRequest);
      Results.putPercentiles(key + ".bare", bareLatency);
      Results.putPercentiles(key + ".ours", oursLatency);
    }
  }

  private static LoadGenerator.Run measureOurs(
      byte[] body, int clients, Duration warmup, Duration measure) throws InterruptedException {
    try (MutationServer server = Fixtures.server(null, b -> {})) {
      EmbeddedHttpServer http = server.listenOnLoopback(0);
      byte[] request =
          LoadGenerator.post(http.address(), MutationHttpHandler.PATH, Fixtures.TOKEN, body);
      return LoadGenerator.run(http.address(), request, clients, warmup, measure, MAX_REQUESTS);
    }
  }

  private static LoadGenerator.Run measureBare(
      byte[] body, byte[] answer, int threads, int clients, Duration warmup, Duration measure)
      throws IOException, InterruptedException {
    ObjectMapper mapper = new ObjectMapper();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    server.setExecutor(executor);
    server.createContext(
        MutationHttpHandler.PATH,
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
    try {
      InetSocketAddress address = server.getAddress();
      byte[] request = LoadGenerator.post(address, MutationHttpHandler.PATH, Fixtures.TOKEN, body);
      return LoadGenerator.run(address, request, clients, warmup, measure, MAX_REQUESTS);
    } finally {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
