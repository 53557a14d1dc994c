package io.mutationapi.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty 12 with its Jakarta EE 10 servlet environment. */
final class JettyContainer implements ServletContainer {
  static final String THREADS = "servlet-jetty";

  private final Server jetty;
  private final ServerConnector connector;

  private JettyContainer(Server jetty, ServerConnector connector) {
    this.jetty = jetty;
    this.connector = connector;
  }

  static ServletContainer start(
      ServletContainerInitializer initializer, String contextPath, int maxThreads)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(maxThreads, 2);
    threads.setName(THREADS);
    threads.setReservedThreads(0);
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory());
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setAcceptQueueSize(4096);
    jetty.addConnector(connector);
    ServletContextHandler context =
        new ServletContextHandler(contextPath.isEmpty() ? "/" : contextPath);
    context.addServletContainerInitializer(initializer);
    jetty.setHandler(context);
    jetty.start();
    return new JettyContainer(jetty, connector);
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public String threadPrefix() {
    return THREADS;
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }
}
