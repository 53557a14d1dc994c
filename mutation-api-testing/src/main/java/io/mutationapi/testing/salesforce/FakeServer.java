package io.mutationapi.testing.salesforce;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The Jetty server under a {@link FakeSalesforce}: one plain HTTP connector on daemon threads, so
 * that a fake left open does not keep a test JVM alive, stopped without a grace period. Start and
 * stop failures come back as {@link IllegalStateException}. Thread-safe as Jetty's server is.
 */
final class FakeServer {
  private final Server server;

  FakeServer(String host, int port, Handler handler) {
    QueuedThreadPool pool = new QueuedThreadPool(128, 4);
    pool.setName("fake-salesforce");
    pool.setDaemon(true);
    this.server =
        new Server(pool, new ScheduledExecutorScheduler("fake-salesforce-scheduler", true), null);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(handler);
    server.setStopTimeout(0);
  }

  /** Starts the server (stopping it again if that fails) and returns its base URL. */
  String start() {
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw new IllegalStateException("could not start the fake Salesforce", e);
    }
    return "http://" + connector().getHost() + ":" + port();
  }

  int port() {
    return connector().getLocalPort();
  }

  void stop() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the fake Salesforce", e);
    }
  }

  private ServerConnector connector() {
    return (ServerConnector) server.getConnectors()[0];
  }
}
