package io.mutationapi.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.jetty.MutationHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Item 4: a 1-record create over loopback HTTP with N keep-alive clients, through the embedded
 * server ({@link MutationHttpServer} on Jetty; a bearer token, no await), against two bare
 * baselines whose handler reads the same body, parses it with Jackson and writes a fixed 200 body
 * of the same size: Jetty with the same defaults as ours (the headline ratio: what our code costs
 * on the same server), and the JDK's {@code HttpServer} on 4 threads with {@code
 * sun.net.httpserver.nodelay=true} (the embedded server before it moved to Jetty). Our server runs
 * twice per round: with a {@link Fixtures.StatelessUpstream} (what the server costs) and with the
 * {@code InMemoryUpstream} (which also stores every record in this heap). All run in this JVM; each
 * round runs the four in a different order. Besides requests per second, each run reports the
 * server's CPU per request (the process's CPU less the load threads'), which moves less with the
 * machine's load.
 *
 * <p>Arguments: warm-up seconds, measured seconds per round, rounds.
 */
public final class HttpBenchmark {
  private static final int[] CLIENTS = {1, 16, 64};
  private static final long MAX_REQUESTS = 50_000_000;

  private HttpBenchmark() {}

  public static void main(String[] args) throws Exception {
    // Before any com.sun.net.httpserver class loads: it is read once.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Duration warmup = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 2);
    Duration measure = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 4);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    byte[] body = Fixtures.createBody(1, false);
    byte[] fixedAnswer = WireCodec.standard().writeResult(Fixtures.result(1));
    int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);

    warmUp(body, fixedAnswer, threads);

    for (int clients : CLIENTS) {
      Tally bare = new Tally();
      Tally jetty = new Tally();
      Tally ours = new Tally();
      Tally inMemory = new Tally();
      double minRatio = Double.MAX_VALUE;
      double maxRatio = 0;
      for (int round = 0; round < rounds; round++) {
        // Each round runs the four servers in a different order.
        for (int i = 0; i < 4; i++) {
          switch ((round + i) % 4) {
            case 0 -> bare.add(measureBare(body, fixedAnswer, threads, clients, warmup, measure));
            case 1 -> jetty.add(measureBareJetty(body, fixedAnswer, clients, warmup, measure));
            case 2 -> ours.add(measureOurs(body, clients, warmup, measure, false));
            default -> inMemory.add(measureOurs(body, clients, warmup, measure, true));
          }
        }
        double ratio = ours.last.perSecond() / jetty.last.perSecond();
        minRatio = Math.min(minRatio, ratio);
        maxRatio = Math.max(maxRatio, ratio);
        System.err.printf(
            "clients=%d round=%d bare JDK=%.0f/s %.1f µs CPU/req, bare Jetty=%.0f/s %.1f µs"
                + " CPU/req, ours=%.0f/s %.1f µs CPU/req, in-memory upstream=%.0f/s %.1f µs"
                + " CPU/req%n",
            clients,
            round,
            bare.last.perSecond(),
            bare.last.cpuMicrosPerRequest(),
            jetty.last.perSecond(),
            jetty.last.cpuMicrosPerRequest(),
            ours.last.perSecond(),
            ours.last.cpuMicrosPerRequest(),
            inMemory.last.perSecond(),
            inMemory.last.cpuMicrosPerRequest());
      }
      String key = "http." + clients;
      Results.put(key + ".bare_rps", bare.perSecond());
      Results.put(key + ".jetty_rps", jetty.perSecond());
      Results.put(key + ".ours_rps", ours.perSecond());
      Results.put(key + ".inmemory_rps", inMemory.perSecond());
      Results.put(key + ".ratio", ours.perSecond() / jetty.perSecond());
      Results.put(key + ".ratio_min", minRatio);
      Results.put(key + ".ratio_max", maxRatio);
      Results.put(key + ".jdk_ratio", ours.perSecond() / bare.perSecond());
      Results.put(key + ".inmemory_ratio", inMemory.perSecond() / jetty.perSecond());
      Results.put(key + ".errors", bare.errors + jetty.errors + ours.errors + inMemory.errors);
      Results.put(key + ".bare_cpu_us", bare.cpuMicrosPerRequest());
      Results.put(key + ".jetty_cpu_us", jetty.cpuMicrosPerRequest());
      Results.put(key + ".ours_cpu_us", ours.cpuMicrosPerRequest());
      Results.put(key + ".inmemory_cpu_us", inMemory.cpuMicrosPerRequest());
      Results.put(key + ".cpu_ratio", ours.cpuMicrosPerRequest() / jetty.cpuMicrosPerRequest());
      Results.putPercentiles(key + ".bare", bare.latency);
      Results.putPercentiles(key + ".jetty", jetty.latency);
      Results.putPercentiles(key + ".ours", ours.latency);
    }
  }

  /** The sum of one server's measured periods. */
  private static final class Tally {
    final Histogram latency = Results.histogram();
    long requests;
    long errors;
    double seconds;
    long cpuNanos;
    LoadGenerator.Run last;

    void add(LoadGenerator.Run run) {
      latency.add(run.latency());
      requests += run.requests();
      errors += run.errors();
      seconds += run.seconds();
      cpuNanos += run.serverCpuNanos();
      last = run;
    }

    double perSecond() {
      return requests / seconds;
    }

    double cpuMicrosPerRequest() {
      return cpuNanos / 1000.0 / requests;
    }
  }

  /**
   * Runs every server, not recorded, until the JIT compilers are done with them: on two busy cores
   * C2 takes tens of seconds, and compiling during a measured round would charge its CPU to
   * whichever server it happens to run beside (more to ours, which has more code to compile). A
   * round is 300 ms of each server at each client count; stops after the third round or later that
   * compiled for less than 50 ms, or after a minute.
   */
  private static void warmUp(byte[] body, byte[] fixedAnswer, int threads) throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long started = System.nanoTime();
    long compiled = jit.getTotalCompilationTime();
    int pairs = 0;
    while (System.nanoTime() - started < TimeUnit.MINUTES.toNanos(1)) {
      for (int clients : CLIENTS) {
        measureBare(body, fixedAnswer, threads, clients, Duration.ZERO, Duration.ofMillis(300));
        measureBareJetty(body, fixedAnswer, clients, Duration.ZERO, Duration.ofMillis(300));
        measureOurs(body, clients, Duration.ZERO, Duration.ofMillis(300), false);
        measureOurs(body, clients, Duration.ZERO, Duration.ofMillis(300), true);
      }
      pairs++;
      long now = jit.getTotalCompilationTime();
      long spent = now - compiled;
      compiled = now;
      if (pairs >= 3 && spent < 50) {
        break;
      }
    }
    System.err.printf(
        "JIT warm-up: %d rounds, %.1f s, %d ms compiling in all%n",
        pairs, (System.nanoTime() - started) / 1e9, compiled);
    Results.put("http.warmup_seconds", (System.nanoTime() - started) / 1e9);
  }

  private static LoadGenerator.Run measureOurs(
      byte[] body, int clients, Duration warmup, Duration measure, boolean inMemoryUpstream)
      throws InterruptedException {
    try (MutationServer server =
        inMemoryUpstream ? Fixtures.server(null, b -> {}) : Fixtures.statelessServer()) {
      MutationHttpServer http = MutationHttpServer.listenOnLoopback(server, 0);
      byte[] request =
          LoadGenerator.post(http.address(), MutationHttpHandler.PATH, Fixtures.TOKEN, body);
      return LoadGenerator.run(http.address(), request, clients, warmup, measure, MAX_REQUESTS);
    }
  }

  private static LoadGenerator.Run measureBare(
      byte[] body, byte[] answer, int threads, int clients, Duration warmup, Duration measure)
      throws IOException, InterruptedException {
    try (BareJdkServer server = BareJdkServer.start(MutationHttpHandler.PATH, answer, threads)) {
      InetSocketAddress address = server.address();
      byte[] request = LoadGenerator.post(address, MutationHttpHandler.PATH, Fixtures.TOKEN, body);
      return LoadGenerator.run(address, request, clients, warmup, measure, MAX_REQUESTS);
    }
  }

  /** Jetty with its default pool, as {@link MutationHttpServer} runs it, and a trivial handler. */
  private static LoadGenerator.Run measureBareJetty(
      byte[] body, byte[] answer, int clients, Duration warmup, Duration measure) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    Server server = new Server();
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(0);
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws IOException {
            JsonNode parsed;
            try (InputStream in = Content.Source.asInputStream(request)) {
              parsed = mapper.readTree(in);
            }
            if (parsed == null || !parsed.isObject()) {
              response.setStatus(400);
              callback.succeeded();
              return true;
            }
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "application/json");
            response.write(true, ByteBuffer.wrap(answer), callback);
            return true;
          }
        });
    server.start();
    try {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), connector.getLocalPort());
      byte[] request = LoadGenerator.post(address, MutationHttpHandler.PATH, Fixtures.TOKEN, body);
      return LoadGenerator.run(address, request, clients, warmup, measure, MAX_REQUESTS);
    } finally {
      server.stop();
    }
  }
}
