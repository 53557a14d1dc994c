package io.mutationapi.servlet;

import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code MutationServer}'s HTTP API as an asynchronous Jakarta Servlet 6 servlet, for any servlet
 * container: every endpoint its {@link MutationHttpHandler} routes ({@code POST /v1/mutations/run},
 * the Consume API with its long polls, the Management API, token waits).
 *
 * <pre>{@code
 * MutationServlet servlet = MutationServlet.of(server);
 * servlet.register(servletContext, "/v1/*"); // async supported, mapped
 * }</pre>
 *
 * <p><b>Mapping.</b> The handler sees the request's path after the context path, undecoded (e.g.
 * {@code /v1/mutations/run}), whatever the servlet's own mapping: map it at {@code /*} or {@code
 * /v1/*} of its context. Under a context path {@code /api} the endpoint is {@code
 * /api/v1/mutations/run}. A mapping such as {@code /mutations/*} does not strip {@code /mutations}:
 * the handler would answer 404. The registration must be {@linkplain
 * ServletRegistration.Dynamic#setAsyncSupported async supported} (so must every filter in front of
 * it); a request that arrives without async support is answered 500 in the error envelope.
 *
 * <p><b>Threads.</b> A request whose body (up to 64 KiB, with a {@code Content-Length}) came whole
 * with its headers, or that has none, is handed to the handler at once; if the handler answers at
 * once, it is answered within {@code service}, without asynchronous mode. Every other request is
 * put in asynchronous mode with no timeout: the container never cuts an await or a long poll short;
 * the handler always answers, at the latest when the await's or the long poll's own timeout passes.
 * Its body is read with non-blocking IO ({@link jakarta.servlet.ReadListener}): no thread is held
 * while its first 64 KiB (all of a small body) are late. A larger body is then read by the handler
 * as a blocking stream on a container thread ({@link AsyncContext#start}), fed by the read
 * callbacks on other container threads; as on the embedded server, that thread waits while the rest
 * is late, for at most the server's {@link MutationServer#bodyReadTimeout() body read timeout} (the
 * servlet API cannot close a connection from a timer, as the embedded server does, so the pending
 * read fails instead). A body not received within that timeout is answered {@code 408} (or, if the
 * handler was reading it, its read fails and it answers {@code 400}) with {@code Connection:
 * close}. No thread is held while a request waits for consumers or messages. An answer the handler
 * gives at once (a refusal; a mutation without await on a non-blocking upstream) is written on the
 * container thread that called it, if it fits a container's response buffer (8 KiB). Any other
 * answer is written with a {@link jakarta.servlet.WriteListener} when the handler's stage
 * completes: the stage often completes on a consumer's or a timer's thread, which a slow client
 * must never block.
 *
 * <p><b>Limits the servlet API does not give.</b> {@code Expect: 100-continue}: containers send
 * {@code 100 Continue} when the body is first read, which this servlet does before the handler
 * checks credentials and the declared size, so a refused client has sent its body (the embedded
 * server refuses it before). Malformed request lines, framing and oversized headers are answered by
 * the container itself, in its own format, before any servlet runs. Header size and idle timeouts
 * are the container's settings.
 *
 * <p><b>Closing.</b> {@link #of} registers the servlet with the server ({@link
 * MutationServer#addListener}), so that {@link MutationServer#close()} closes it first while the
 * container still runs: new requests are answered {@code 503} in the envelope; requests in flight
 * may finish within the server's {@link MutationServer#gracePeriod() grace period}; those still
 * running are then answered {@code 503} with {@code Connection: close} (long polls are answered by
 * the server before). {@link #destroy()} (the container removes the servlet) closes it the same
 * way; neither closes the {@code MutationServer}.
 *
 * <p>Thread-safe. Not serializable in practice: its fields are transient, as a container that
 * serializes servlets has no use for one that serves a live server.
 */
public final class MutationServlet extends HttpServlet implements AutoCloseable {
  @Serial private static final long serialVersionUID = 1L;

  private static final Logger log = LoggerFactory.getLogger(MutationServlet.class);

  private final transient MutationHttpHandler handler;
  private final transient Duration bodyReadTimeout;
  private final transient Duration gracePeriod;
  private final transient InFlight inFlight = new InFlight();
  private final transient ScheduledThreadPoolExecutor timer;

  private MutationServlet(MutationServer server) {
    this.handler = server.httpHandler();
    this.bodyReadTimeout = server.bodyReadTimeout();
    this.gracePeriod = server.gracePeriod();
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "mutation-servlet-body-deadlines");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * Returns a servlet that serves {@code server}'s HTTP handler, registered with {@code server} so
   * that closing the server closes it. Register it with a container, e.g. with {@link #register}.
   *
   * @throws IllegalStateException if {@code server} is closed
   */
  public static MutationServlet of(MutationServer server) {
    Objects.requireNonNull(server, "server");
    MutationServlet servlet = new MutationServlet(server);
    try {
      server.addListener(servlet);
    } catch (IllegalStateException e) {
      servlet.close();
      throw e;
    }
    return servlet;
  }

  /**
   * Adds this servlet to {@code context} under the name {@code mutation-api}, async supported,
   * mapped to {@code urlPatterns} (usually {@code "/v1/*"} or {@code "/*"}), loaded on startup;
   * call it from a {@link jakarta.servlet.ServletContainerInitializer} or a {@link
   * jakarta.servlet.ServletContextListener}. Returns the registration, for further settings.
   *
   * @throws IllegalArgumentException if no pattern is given
   * @throws IllegalStateException if a servlet named {@code mutation-api} exists, or a pattern is
   *     mapped to another servlet
   */
  public ServletRegistration.Dynamic register(ServletContext context, String... urlPatterns) {
    if (urlPatterns.length == 0) {
      throw new IllegalArgumentException("at least one URL pattern, e.g. \"/v1/*\"");
    }
    ServletRegistration.Dynamic registration = context.addServlet("mutation-api", this);
    if (registration == null) {
      throw new IllegalStateException("a servlet named mutation-api is already registered");
    }
    registration.setAsyncSupported(true);
    registration.setLoadOnStartup(1);
    Set<String> conflicts = registration.addMapping(urlPatterns);
    if (!conflicts.isEmpty()) {
      throw new IllegalStateException(
          "URL patterns already mapped to other servlets: " + conflicts);
    }
    return registration;
  }

  /**
   * Answers the request asynchronously, whatever its method; the container thread returns at once.
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String requestId = request.getHeader(MutationHttpHandler.REQUEST_ID);
    if (!request.isAsyncSupported()) {
      log.error(
          "The Mutation API servlet (or a filter in front of it) is not async supported;"
              + " register it with setAsyncSupported(true)");
      writeNow(response, handler.transportError(500, "Internal server error", requestId), false);
      return;
    }
    if (inFlight.closing()) {
      writeNow(response, handler.shuttingDown(requestId), true);
      return;
    }
    new ServletExchange(handler, inFlight, request, response, bodyReadTimeout).start(timer);
  }

  private static void writeNow(HttpServletResponse response, HandlerResponse answer, boolean close)
      throws IOException {
    response.setStatus(answer.status());
    answer.headers().forEach(response::setHeader);
    if (close) {
      response.setHeader("Connection", "close");
    }
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
  }

  /**
   * Stops serving: new requests are answered {@code 503}; requests in flight may finish within the
   * server's grace period; those still running are answered {@code 503}. Returns when done.
   * Idempotent. The container and the {@code MutationServer} keep running.
   */
  @Override
  public void close() {
    if (inFlight.shutDown(gracePeriod)) {
      timer.shutdownNow();
    }
  }

  /** Closes the servlet ({@link #close()}) when the container takes it out of service. */
  @Override
  public void destroy() {
    close();
  }

  /** Returns how many requests the servlet is answering right now. */
  public int requestsInFlight() {
    return inFlight.size();
  }

  @Override
  public String toString() {
    return "MutationServlet{inFlight="
        + inFlight.size()
        + (inFlight.closing() ? ", closed" : "")
        + "}";
  }
}
