package io.mutationapi.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.servlet.MutationServlet;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The servlet binding's overhead (issue #18): a 1-record create over loopback HTTP with N
 * keep-alive clients, through the embedded server ({@link MutationHttpServer}, Jetty's core API)
 * and through {@link MutationServlet} on Jetty 12's ee10 servlet environment with the same defaults
 * (default pool, no server version header), both serving a {@code MutationServer} with the
 * stateless upstream, a bearer token and no await, as {@link HttpBenchmark} does. Same JVM, same
 * {@link LoadGenerator}; beside them, as the container's own cost, a bare blocking servlet on the
 * same ee10 setup that parses the body and writes a fixed answer. A warm-up of all three, then
 * rounds that each run them in a different order, each server fresh. Run alone; prints one line per
 * round and a summary per client count.
 *
 * <p>Arguments: warm-up seconds, measured seconds per round, rounds.
 */
public final class ServletBenchmark {
  private static final int[] CLIENTS = {16, 64};
  private static final long MAX_REQUESTS = 50_000_000;

  private ServletBenchmark() {}

  public static void main(String[] args) throws Exception {
    Duration warmup = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 2);
    Duration measure = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 4);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    byte[] body = Fixtures.createBody(1, false);
    byte[] fixedAnswer = WireCodec.standard().writeResult(Fixtures.result(1));

    // JIT warm-up of both paths at every client count, not recorded.
    for (int i = 0; i < 3; i++) {
      for (int clients : CLIENTS) {
        for (int which = 0; which < 3; which++) {
          measure(body, fixedAnswer, clients, Duration.ZERO, Duration.ofSeconds(1), which);
        }
      }
    }

    String[] names = {"embedded", "servlet", "bare ee10 servlet"};
    for (int clients : CLIENTS) {
      long[] requests = new long[3];
      double[] seconds = new double[3];
      long[] cpu = new long[3];
      long errors = 0;
      double minRatio = Double.MAX_VALUE;
      double maxRatio = 0;
      for (int round = 0; round < rounds; round++) {
        LoadGenerator.Run[] runs = new LoadGenerator.Run[3];
        // Each round runs the three in a different order.
        for (int i = 0; i < 3; i++) {
          int which = (round + i) % 3;
          runs[which] = measure(body, fixedAnswer, clients, warmup, measure, which);
        }
        StringBuilder line = new StringBuilder("clients=" + clients + " round=" + round);
        for (int which = 0; which < 3; which++) {
          LoadGenerator.Run run = runs[which];
          requests[which] += run.requests();
          seconds[which] += run.seconds();
          cpu[which] += run.serverCpuNanos();
          errors += run.errors();
          line.append(
              String.format(
                  " | %s %.0f/s %.1f µs CPU/req p50 %.0f µs",
                  names[which],
                  run.perSecond(),
                  run.cpuMicrosPerRequest(),
                  run.latency().getValueAtPercentile(50) / 1000.0));
        }
        double ratio = runs[1].perSecond() / runs[0].perSecond();
        minRatio = Math.min(minRatio, ratio);
        maxRatio = Math.max(maxRatio, ratio);
        System.out.println(line.append(String.format(" | servlet/embedded %.2f", ratio)));
      }
      double[] rps = new double[3];
      for (int which = 0; which < 3; which++) {
        rps[which] = requests[which] / seconds[which];
      }
      System.out.printf(
          "SUMMARY clients=%d embedded=%.0f req/s servlet=%.0f req/s bare-servlet=%.0f req/s"
              + " servlet/embedded=%.2fx (rounds %.2fx to %.2fx) servlet/bare-servlet=%.2fx"
              + " CPU µs/req embedded=%.1f servlet=%.1f bare-servlet=%.1f errors=%d%n",
          clients,
          rps[0],
          rps[1],
          rps[2],
          rps[1] / rps[0],
          minRatio,
          maxRatio,
          rps[1] / rps[2],
          cpu[0] / 1000.0 / requests[0],
          cpu[1] / 1000.0 / requests[1],
          cpu[2] / 1000.0 / requests[2],
          errors);
    }
  }

  /** Measures the embedded server (0), the servlet (1) or the bare servlet (2). */
  private static LoadGenerator.Run measure(
      byte[] body, byte[] fixedAnswer, int clients, Duration warmup, Duration measure, int which)
      throws Exception {
    try (MutationServer server = Fixtures.statelessServer()) {
      InetSocketAddress address;
      Server jetty = null;
      if (which > 0) {
        jetty = ee10(which == 1 ? MutationServlet.of(server) : new BareServlet(fixedAnswer));
        address =
            new InetSocketAddress(
                InetAddress.getLoopbackAddress(),
                ((ServerConnector) jetty.getConnectors()[0]).getLocalPort());
      } else {
        address = MutationHttpServer.listenOnLoopback(server, 0).address();
      }
      try {
        byte[] request =
            LoadGenerator.post(address, MutationHttpHandler.PATH, Fixtures.TOKEN, body);
        return LoadGenerator.run(address, request, clients, warmup, measure, MAX_REQUESTS);
      } finally {
        if (jetty != null) {
          jetty.stop();
        }
      }
    }
  }

  /** Jetty 12 ee10 with the same defaults as {@link MutationHttpServer}, {@code servlet} at /*. */
  private static Server ee10(HttpServlet servlet) throws Exception {
    Server jetty = new Server();
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(config));
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(0);
    connector.setAcceptQueueSize(1024);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServletContainerInitializer(
        (classes, servletContext) -> {
          ServletRegistration.Dynamic registration =
              servletContext.addServlet("benchmarked", servlet);
          registration.setAsyncSupported(true);
          registration.addMapping("/*");
        });
    jetty.setHandler(context);
    jetty.start();
    return jetty;
  }

  /**
   * The bare baseline on the same container: a plain blocking servlet that parses the body with
   * Jackson and writes a fixed 200 body of the same size as ours (as {@link HttpBenchmark}'s bare
   * Jetty handler does).
   */
  private static final class BareServlet extends HttpServlet {
    @Serial private static final long serialVersionUID = 1L;
    private final transient ObjectMapper mapper = new ObjectMapper();
    private final transient byte[] answer;

    BareServlet(byte[] answer) {
      this.answer = answer;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      JsonNode parsed = mapper.readTree(request.getInputStream());
      if (parsed == null || !parsed.isObject()) {
        response.setStatus(400);
        return;
      }
      response.setStatus(200);
      response.setContentType("application/json");
      response.setContentLength(answer.length);
      response.getOutputStream().write(answer);
    }
  }
}
