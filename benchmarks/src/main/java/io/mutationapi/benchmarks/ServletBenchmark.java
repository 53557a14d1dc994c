package io.mutationapi.benchmarks;

import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.servlet.MutationServlet;
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
 * {@link LoadGenerator}; a warm-up of both, then rounds that alternate which runs first, each
 * server fresh. Run alone; prints one line per round and a summary per client count.
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

    // JIT warm-up of both paths at every client count, not recorded.
    for (int i = 0; i < 3; i++) {
      for (int clients : CLIENTS) {
        measure(body, clients, Duration.ZERO, Duration.ofSeconds(1), false);
        measure(body, clients, Duration.ZERO, Duration.ofSeconds(1), true);
      }
    }

    for (int clients : CLIENTS) {
      long embeddedRequests = 0;
      long servletRequests = 0;
      double embeddedSeconds = 0;
      double servletSeconds = 0;
      long embeddedCpu = 0;
      long servletCpu = 0;
      long errors = 0;
      double minRatio = Double.MAX_VALUE;
      double maxRatio = 0;
      for (int round = 0; round < rounds; round++) {
        LoadGenerator.Run embedded;
        LoadGenerator.Run servlet;
        if (round % 2 == 0) {
          embedded = measure(body, clients, warmup, measure, false);
          servlet = measure(body, clients, warmup, measure, true);
        } else {
          servlet = measure(body, clients, warmup, measure, true);
          embedded = measure(body, clients, warmup, measure, false);
        }
        embeddedRequests += embedded.requests();
        embeddedSeconds += embedded.seconds();
        embeddedCpu += embedded.serverCpuNanos();
        servletRequests += servlet.requests();
        servletSeconds += servlet.seconds();
        servletCpu += servlet.serverCpuNanos();
        errors += embedded.errors() + servlet.errors();
        double ratio = servlet.perSecond() / embedded.perSecond();
        minRatio = Math.min(minRatio, ratio);
        maxRatio = Math.max(maxRatio, ratio);
        System.out.printf(
            "clients=%d round=%d embedded=%.0f/s %.1f µs CPU/req servlet=%.0f/s %.1f µs CPU/req"
                + " ratio=%.2f p50 embedded=%.0f µs servlet=%.0f µs%n",
            clients,
            round,
            embedded.perSecond(),
            embedded.cpuMicrosPerRequest(),
            servlet.perSecond(),
            servlet.cpuMicrosPerRequest(),
            ratio,
            embedded.latency().getValueAtPercentile(50) / 1000.0,
            servlet.latency().getValueAtPercentile(50) / 1000.0);
      }
      double embeddedRps = embeddedRequests / embeddedSeconds;
      double servletRps = servletRequests / servletSeconds;
      System.out.printf(
          "SUMMARY clients=%d embedded=%.0f req/s servlet=%.0f req/s servlet/embedded=%.2fx"
              + " (rounds %.2fx to %.2fx) CPU µs/req embedded=%.1f servlet=%.1f errors=%d%n",
          clients,
          embeddedRps,
          servletRps,
          servletRps / embeddedRps,
          minRatio,
          maxRatio,
          embeddedCpu / 1000.0 / embeddedRequests,
          servletCpu / 1000.0 / servletRequests,
          errors);
    }
  }

  private static LoadGenerator.Run measure(
      byte[] body, int clients, Duration warmup, Duration measure, boolean servlet)
      throws Exception {
    try (MutationServer server = Fixtures.statelessServer()) {
      InetSocketAddress address;
      Server jetty = null;
      if (servlet) {
        jetty = servletOnJetty(server);
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

  /** Jetty 12 ee10 with the same defaults as {@link MutationHttpServer}, the servlet at /*. */
  private static Server servletOnJetty(MutationServer server) throws Exception {
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
    MutationServlet servlet = MutationServlet.of(server);
    context.addServletContainerInitializer(
        (classes, servletContext) -> servlet.register(servletContext, "/*"));
    jetty.setHandler(context);
    jetty.start();
    return jetty;
  }
}
