package io.mutationapi.server.http;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.internal.WireCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link MutationHttpHandler} on the JDK's built-in HTTP server ({@code
 * com.sun.net.httpserver}), with nothing else installed.
 *
 * <p>Requests are read on a bounded pool of threads; the response is written when the handler's
 * stage completes, so a request that waits for consumers holds no thread: ten thousand waiting
 * requests cost ten thousand open connections, not ten thousand threads.
 *
 * <p>{@link #close()} is graceful: from then on new requests are answered 503 with {@code
 * Retry-After}; requests in flight get the grace period to finish, and those still running after it
 * are answered 503; then the listener closes.
 *
 * <p><b>TCP_NODELAY.</b> The JDK server answers keep-alive requests about a hundred times slower
 * unless Nagle's algorithm is off, which it reads once, from the system property {@code
 * sun.net.httpserver.nodelay}, when its classes load. Loading this class sets that property to
 * {@code true} unless it is already set; if the application touched {@code com.sun.net.httpserver}
 * before, set {@code -Dsun.net.httpserver.nodelay=true} on the command line instead.
 *
 * <p>Thread-safe.
 */
public final class EmbeddedHttpServer implements AutoCloseable {
  /** The system property that turns TCP_NODELAY on in the JDK's HTTP server. */
  public static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

  static {
    // Must run before any class of the JDK server loads; this class is the first to touch them.
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(EmbeddedHttpServer.class);
  private static final byte[] SHUTTING_DOWN =
      WireCodec.standard()
          .writeError(MutationError.of(ErrorCode.UNAVAILABLE, "Server is shutting down; retry"));

  private final MutationHttpHandler handler;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final Duration gracePeriod;
  private final Duration bodyReadTimeout;
  private final ScheduledThreadPoolExecutor watchdog;
  private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> closingStarted = new CompletableFuture<>();
  private volatile CompletableFuture<Void> drained;

  private EmbeddedHttpServer(Builder b) throws IOException {
    this.handler = b.handler;
    this.gracePeriod = b.gracePeriod;
    this.bodyReadTimeout = b.bodyReadTimeout;
    this.watchdog =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "mutation-http-body-timeout");
              t.setDaemon(true);
              return t;
            });
    // One sweep every quarter of the timeout (at most a second) finds the bodies that are late: a
    // request costs two field writes, not a timer task, and no thread is woken per request.
    long sweepNanos =
        Math.max(
            TimeUnit.MILLISECONDS.toNanos(10),
            Math.min(TimeUnit.SECONDS.toNanos(1), bodyReadTimeout.toNanos() / 4));
    watchdog.scheduleWithFixedDelay(this::expireLateBodies, sweepNanos, sweepNanos, NANOSECONDS);
    AtomicInteger count = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            b.threads,
            b.threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(b.queue),
            r -> {
              Thread t = new Thread(r, "mutation-http-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            // A full queue pushes back on the acceptor instead of growing without limit.
            new ThreadPoolExecutor.CallerRunsPolicy());
    this.server = HttpServer.create(b.address, b.backlog);
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
    server.start();
  }

  /** Returns a builder of a server for {@code handler}. */
  public static Builder builder(MutationHttpHandler handler) {
    return new Builder(handler);
  }

  /** Returns the address the server listens on, with the real port if 0 was asked for. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Returns the port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Returns the URL of the endpoint, e.g. {@code http://127.0.0.1:8080/v1/mutations/run}. */
  public URI endpoint() {
    InetSocketAddress address = address();
    String host =
        address.getAddress().isAnyLocalAddress()
            ? "localhost"
            : address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort() + MutationHttpHandler.PATH);
  }

  private void exchange(HttpExchange exchange) {
    if (closing.get()) {
      send(exchange, 503, shuttingDownHeaders(exchange), SHUTTING_DOWN);
      return;
    }
    InFlight request = new InFlight(exchange);
    inFlight.add(request);
    CompletableFuture<HandlerResponse> response;
    try {
      String path = exchange.getRequestURI().getRawPath();
      HandlerRequest handlerRequest =
          new HandlerRequest(
              exchange.getRequestMethod(),
              path == null ? "" : path,
              exchange.getRequestHeaders(),
              exchange.getRequestBody());
      response = handleInTime(request, handlerRequest).toCompletableFuture();
    } catch (RuntimeException e) {
      log.error("Handler failed", e);
      response = CompletableFuture.failedFuture(e);
    }
    if (response.isDone()) {
      // Answered while this thread ran it (no await, a non-blocking upstream): write it here.
      HandlerResponse r = null;
      Throwable error = null;
      try {
        r = response.join();
      } catch (CompletionException | CancellationException e) {
        error = e;
      }
      request.complete(r, error);
      return;
    }
    response.whenComplete(
        (r, error) -> {
          // Write on our pool, not on the thread that completed the stage (a consumer, a timer).
          try {
            executor.execute(() -> request.complete(r, error));
          } catch (RejectedExecutionException e) {
            request.complete(r, error);
          }
        });
  }

  /**
   * Calls the handler, which reads the body on this thread. If the body has not arrived within the
   * body read timeout the sweep ({@link #expireLateBodies}) interrupts the read: the JDK server
   * reads from a blocking channel, so the interrupt closes the connection and frees the thread
   * instead of leaving it to a client that stalls.
   */
  private CompletionStage<HandlerResponse> handleInTime(InFlight request, HandlerRequest handler) {
    request.startReading(Thread.currentThread(), System.nanoTime() + bodyReadTimeout.toNanos());
    try {
      return this.handler.handle(handler);
    } finally {
      if (request.finishReading()) {
        // The read was interrupted; the flag must not outlive this request on a pooled thread.
        Thread.interrupted();
        log.info("Request body not received within {}; connection closed", bodyReadTimeout);
      }
    }
  }

  /** Interrupts every read whose body is late; runs on the watchdog thread. */
  private void expireLateBodies() {
    try {
      long now = System.nanoTime();
      for (InFlight request : inFlight) {
        request.expireIfLate(now);
      }
    } catch (RuntimeException e) {
      // A failed sweep must not end the sweeps to come.
      log.warn("Body read sweep failed", e);
    }
  }

  /** One exchange whose response has not been sent; sent at most once. */
  private final class InFlight {
    final HttpExchange exchange;
    final AtomicBoolean sent = new AtomicBoolean();
    // The read of the body, guarded by this: the thread reading it, until when, whether it was cut.
    private Thread reader;
    private long readDeadline;
    private boolean expired;

    InFlight(HttpExchange exchange) {
      this.exchange = exchange;
    }

    synchronized void startReading(Thread thread, long deadlineNanos) {
      reader = thread;
      readDeadline = deadlineNanos;
    }

    /** Interrupts the reader if its deadline has passed and it is still reading. */
    synchronized void expireIfLate(long nowNanos) {
      if (reader != null && nowNanos - readDeadline >= 0) {
        expired = true;
        reader.interrupt();
        reader = null;
      }
    }

    /** Ends the read; returns whether the deadline interrupted it. */
    synchronized boolean finishReading() {
      reader = null;
      return expired;
    }

    void complete(HandlerResponse response, Throwable error) {
      if (!sent.compareAndSet(false, true)) {
        return;
      }
      try {
        if (response != null) {
          send(exchange, response.status(), response.headers(), response.body());
        } else {
          log.error("Handler failed", error);
          send(
              exchange,
              500,
              Map.of(MutationHttpHandler.REQUEST_ID, requestId(exchange)),
              WireCodec.standard()
                  .writeError(MutationError.of(ErrorCode.INTERNAL_ERROR, "Internal server error")));
        }
      } finally {
        inFlight.remove(this);
        CompletableFuture<Void> d = drained;
        if (d != null && inFlight.isEmpty()) {
          d.complete(null);
        }
      }
    }

    void shutDown() {
      if (sent.compareAndSet(false, true)) {
        send(exchange, 503, shuttingDownHeaders(exchange), SHUTTING_DOWN);
        inFlight.remove(this);
      }
    }
  }

  private static Map<String, String> shuttingDownHeaders(HttpExchange exchange) {
    return Map.of(
        "Retry-After",
        "1",
        "Connection",
        "close",
        MutationHttpHandler.REQUEST_ID,
        requestId(exchange));
  }

  /** The caller's request id if it is usable, else a new one; for answers the handler never saw. */
  private static String requestId(HttpExchange exchange) {
    String sent = exchange.getRequestHeaders().getFirst(MutationHttpHandler.REQUEST_ID);
    if (sent != null
        && !sent.isEmpty()
        && sent.length() <= 200
        && sent.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return sent;
    }
    return MutationHttpHandler.newRequestId();
  }

  private static void send(
      HttpExchange exchange, int status, Map<String, String> headers, byte[] body) {
    try (exchange) {
      // The handler read what it needed; unread bytes (after a 413, say) are the server's to drain.
      Headers out = exchange.getResponseHeaders();
      headers.forEach(out::set);
      if (!headers.containsKey("Content-Type")) {
        out.set("Content-Type", "application/json");
      }
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream stream = exchange.getResponseBody()) {
        stream.write(body);
      }
    } catch (IOException | UncheckedIOException e) {
      // The client went away; nothing to answer.
      log.debug("Could not send response", e);
    }
  }

  /**
   * Stops the server gracefully: new requests are answered 503; requests in flight may finish
   * within the grace period; those still running are answered 503; then the listener closes and the
   * threads stop. Returns when done. Idempotent.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    drained = new CompletableFuture<>();
    closingStarted.complete(null);
    if (inFlight.isEmpty()) {
      drained.complete(null);
    }
    try {
      drained.get(gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "{} requests still running after the grace period of {}; answering 503",
          inFlight.size(),
          gracePeriod);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    for (InFlight request : new ArrayList<>(inFlight)) {
      request.shutDown();
    }
    server.stop(0);
    executor.shutdown();
    watchdog.shutdownNow();
  }

  /** Completes when {@link #close()} has begun refusing new requests; for tests. */
  CompletableFuture<Void> closing() {
    return closingStarted;
  }

  @Override
  public String toString() {
    return "EmbeddedHttpServer{" + endpoint() + "}";
  }

  /** Builds and starts an {@link EmbeddedHttpServer}. Not thread-safe. */
  public static final class Builder {
    private final MutationHttpHandler handler;
    private InetSocketAddress address = new InetSocketAddress(0);
    private int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    private int queue = 10_000;
    private int backlog = 1024;
    private Duration gracePeriod = Duration.ofSeconds(10);
    private Duration bodyReadTimeout = Duration.ofSeconds(30);

    Builder(MutationHttpHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Sets the address to listen on; port 0 picks a free port. The default is every interface, port
     * 0.
     */
    public Builder address(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Sets the number of threads that read requests and write responses; the default is twice the
     * CPUs, at least 4.
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Sets how many accepted requests may wait for a thread; the default is 10,000. */
    public Builder queue(int queue) {
      if (queue < 1) {
        throw new IllegalArgumentException("queue must be positive: " + queue);
      }
      this.queue = queue;
      return this;
    }

    /** Sets the TCP accept backlog; the default is 1024. */
    public Builder backlog(int backlog) {
      this.backlog = backlog;
      return this;
    }

    /** Sets how long {@link #close()} lets requests in flight finish; the default is 10 s. */
    public Builder gracePeriod(Duration gracePeriod) {
      if (gracePeriod.isNegative()) {
        throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriod);
      }
      this.gracePeriod = gracePeriod;
      return this;
    }

    /**
     * Sets how long a request's body may take to arrive, from the moment its headers were read; a
     * slower or stalled body loses its connection (no response is sent), and its thread is free
     * again. The deadline covers all the handler does on the reading thread (reading and parsing
     * the body, claiming an idempotency key), not the wait for the upstream or consumers. The
     * default is 30 s.
     */
    public Builder bodyReadTimeout(Duration bodyReadTimeout) {
      if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
        throw new IllegalArgumentException("bodyReadTimeout must be positive: " + bodyReadTimeout);
      }
      this.bodyReadTimeout = bodyReadTimeout;
      return this;
    }

    /**
     * Starts the server.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public EmbeddedHttpServer start() {
      try {
        return new EmbeddedHttpServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + address, e);
      }
    }
  }
}
