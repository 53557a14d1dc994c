package io.mutationapi.server.jetty;

import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.MutationHttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link MutationServer}'s {@code POST /v1/mutations/run} on an embedded Jetty: the
 * default way to put the Mutation API on the network.
 *
 * <pre>{@code
 * MutationHttpServer http = MutationHttpServer.listen(server, 8080);
 * }</pre>
 *
 * <p>Request lines, headers and the first 64 KiB of a body (all of a usual one) are read without
 * holding a thread, so clients that stall or trickle cost an open connection, not a worker; a
 * connection idle for longer than the idle timeout is closed. The rest of a larger body is read by
 * the handler on a pool thread. A body must arrive within the server's {@linkplain
 * MutationServer#bodyReadTimeout() body read timeout} or the connection is closed. The answer is
 * written when the handler's stage completes, so a request that waits for consumers holds no
 * thread. Requests Jetty refuses itself (malformed framing, headers over the limit) are answered in
 * the JSON error envelope.
 *
 * <p>{@link #close()} is graceful: from then on new requests are answered {@code 503} with {@code
 * Retry-After}; requests in flight get the server's {@linkplain MutationServer#gracePeriod() grace
 * period} to finish, and those still running after it are answered {@code 503}; then the listener
 * closes. Closing the {@link MutationServer} closes its listeners first.
 *
 * <p>Thread-safe.
 */
public final class MutationHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MutationHttpServer.class);

  private final Server jetty;
  private final ServerConnector connector;
  private final HandlerBinding binding;
  private final InetSocketAddress address;
  private final Duration gracePeriod;

  private MutationHttpServer(MutationHttpHandler handler, ListenerSettings settings) {
    this.gracePeriod = settings.gracePeriod();
    QueuedThreadPool threads =
        settings.maxThreads() > 0
            ? new QueuedThreadPool(settings.maxThreads())
            : new QueuedThreadPool();
    threads.setName("mutation-http");
    threads.setDaemon(true);
    this.jetty = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    if (settings.maxRequestHeaderBytes() > 0) {
      config.setRequestHeaderSize(settings.maxRequestHeaderBytes());
    }
    this.connector = new ServerConnector(jetty, new HttpConnectionFactory(config));
    connector.setHost(settings.address().getAddress().getHostAddress());
    connector.setPort(settings.address().getPort());
    connector.setAcceptQueueSize(settings.backlog());
    if (settings.idleTimeout() != null) {
      connector.setIdleTimeout(settings.idleTimeout().toMillis());
    }
    jetty.addConnector(connector);
    this.binding = new HandlerBinding(handler, settings.bodyReadTimeout());
    jetty.setHandler(binding);
    jetty.setErrorHandler(new EnvelopeErrorHandler(handler));
    try {
      jetty.start();
    } catch (Exception e) {
      stopQuietly();
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new UncheckedIOException(
            "cannot listen on " + describe(settings.address()) + ": the port is in use",
            e instanceof BindException ? (BindException) e : (BindException) e.getCause());
      }
      throw new UncheckedIOException(
          "cannot listen on " + describe(settings.address()),
          e instanceof IOException ? (IOException) e : new IOException(e));
    }
    this.address = new InetSocketAddress(settings.address().getAddress(), connector.getLocalPort());
  }

  /**
   * Serves {@code server} on {@code port} of every interface (0 picks a free port), with the
   * server's settings.
   *
   * @throws UncheckedIOException if the port cannot be bound, e.g. because it is in use (the cause
   *     is then a {@link BindException})
   * @throws IllegalStateException if {@code server} is closed
   */
  public static MutationHttpServer listen(MutationServer server, int port) {
    return builder(server).port(port).start();
  }

  /**
   * Serves {@code server} on the loopback interface only, on {@code port} (0 picks a free one).
   *
   * @throws UncheckedIOException if the port cannot be bound
   * @throws IllegalStateException if {@code server} is closed
   */
  public static MutationHttpServer listenOnLoopback(MutationServer server, int port) {
    return builder(server)
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .start();
  }

  /** Returns a builder of a listener for {@code server}, for addresses, timeouts and threads. */
  public static Builder builder(MutationServer server) {
    return new Builder(server);
  }

  /**
   * Returns the address the server is bound to, with the real port if 0 was asked for; the wildcard
   * address if it listens on every interface.
   */
  public InetSocketAddress address() {
    return address;
  }

  /** Returns the port the server listens on. */
  public int port() {
    return address.getPort();
  }

  /**
   * Returns the URL of the endpoint, e.g. {@code http://127.0.0.1:8080/v1/mutations/run}; {@code
   * localhost} stands for every interface.
   */
  public URI endpoint() {
    String host =
        address.getAddress().isAnyLocalAddress()
            ? "localhost"
            : address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort() + MutationHttpHandler.PATH);
  }

  /**
   * Stops the server gracefully: new requests are answered 503; requests in flight may finish
   * within the grace period; those still running are answered 503; then the listener closes and its
   * threads stop. Returns when done. Idempotent.
   */
  @Override
  public void close() {
    if (!binding.shutDown(gracePeriod)) {
      return;
    }
    stopQuietly();
  }

  private void stopQuietly() {
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("Stopping the HTTP server failed", e);
    }
  }

  /** Completes when {@link #close()} has begun refusing new requests; for tests. */
  CompletableFuture<Void> closing() {
    return binding.closing();
  }

  /** Returns the address bound, as {@code host:port} ({@code 0.0.0.0} for every interface). */
  @Override
  public String toString() {
    return "MutationHttpServer{" + describe(address) + ", endpoint=" + endpoint() + "}";
  }

  private static String describe(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /**
   * Builds and starts a {@link MutationHttpServer}. Timeouts not set here are the {@link
   * MutationServer}'s. Not thread-safe.
   */
  public static final class Builder {
    private final MutationServer server;
    private InetSocketAddress address = new InetSocketAddress(0);
    private int maxThreads;
    private int backlog = 1024;
    private int maxRequestHeaderBytes;
    private Duration idleTimeout;
    private Duration gracePeriod;
    private Duration bodyReadTimeout;

    Builder(MutationServer server) {
      this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * Sets the address to listen on; port 0 picks a free port. The default is every interface, port
     * 0.
     */
    public Builder address(InetSocketAddress address) {
      Objects.requireNonNull(address, "address");
      if (address.isUnresolved()) {
        throw new IllegalArgumentException("address must be resolved: " + address);
      }
      this.address = address;
      return this;
    }

    /** Listens on {@code port} of every interface; 0 picks a free port. */
    public Builder port(int port) {
      return address(new InetSocketAddress(port));
    }

    /**
     * Sets the most threads of the pool that reads request bodies, runs the handler and writes
     * answers; Jetty's default (200) otherwise. Requests that wait for consumers hold none.
     */
    public Builder maxThreads(int maxThreads) {
      if (maxThreads < 4) {
        throw new IllegalArgumentException("maxThreads must be at least 4: " + maxThreads);
      }
      this.maxThreads = maxThreads;
      return this;
    }

    /**
     * Sets the TCP accept backlog: connections the OS queues before the server accepts them; 1024
     * by default.
     */
    public Builder backlog(int backlog) {
      if (backlog < 1) {
        throw new IllegalArgumentException("backlog must be positive: " + backlog);
      }
      this.backlog = backlog;
      return this;
    }

    /**
     * Sets the largest request line and headers, in bytes; larger ones are answered {@code 431} in
     * the error envelope. Jetty's default (8 KiB) otherwise.
     */
    public Builder maxRequestHeaderBytes(int maxRequestHeaderBytes) {
      if (maxRequestHeaderBytes < 1024) {
        throw new IllegalArgumentException(
            "maxRequestHeaderBytes must be at least 1024: " + maxRequestHeaderBytes);
      }
      this.maxRequestHeaderBytes = maxRequestHeaderBytes;
      return this;
    }

    /**
     * Sets how long a connection may be idle (nothing read or written while the server waits for
     * the client) before it is closed; a client that stalls in its request line or headers is
     * closed after this long. Jetty's default (30 s) otherwise. A request waiting for consumers is
     * not idle.
     */
    public Builder idleTimeout(Duration idleTimeout) {
      if (idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
      }
      this.idleTimeout = idleTimeout;
      return this;
    }

    /** Sets how long {@link #close()} lets requests in flight finish, instead of the server's. */
    public Builder gracePeriod(Duration gracePeriod) {
      if (gracePeriod.isNegative()) {
        throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriod);
      }
      this.gracePeriod = gracePeriod;
      return this;
    }

    /**
     * Sets how long a request body may take to arrive, from the moment the handler starts reading
     * it, instead of the server's; a slower body loses its connection and its thread is free again.
     */
    public Builder bodyReadTimeout(Duration bodyReadTimeout) {
      if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
        throw new IllegalArgumentException("bodyReadTimeout must be positive: " + bodyReadTimeout);
      }
      this.bodyReadTimeout = bodyReadTimeout;
      return this;
    }

    /**
     * Starts the server and registers it with the {@link MutationServer}, which closes it first
     * when it closes.
     *
     * @throws UncheckedIOException if the address cannot be bound (a {@link BindException} cause if
     *     the port is in use)
     * @throws IllegalStateException if the {@link MutationServer} is closed
     */
    public MutationHttpServer start() {
      MutationHttpServer http =
          new MutationHttpServer(
              server.httpHandler(),
              new ListenerSettings(
                  address,
                  maxThreads,
                  backlog,
                  maxRequestHeaderBytes,
                  idleTimeout,
                  gracePeriod != null ? gracePeriod : server.gracePeriod(),
                  bodyReadTimeout != null ? bodyReadTimeout : server.bodyReadTimeout()));
      try {
        server.addListener(http);
      } catch (IllegalStateException e) {
        http.close();
        throw e;
      }
      return http;
    }
  }
}
