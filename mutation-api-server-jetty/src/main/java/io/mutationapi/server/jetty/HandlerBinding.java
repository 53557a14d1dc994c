package io.mutationapi.server.jetty;

import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty core handler that copies a request into a {@link HandlerRequest}, calls the {@link
 * MutationHttpHandler}, and copies its {@link HandlerResponse} out when the stage completes.
 *
 * <p>The first bytes of the body (all of a small one) are read as they arrive, without a thread;
 * then the handler runs on a pool thread and reads the rest, if any, as a blocking stream. A
 * request with {@code Expect: 100-continue} goes to the handler at once, so that it refuses bad
 * credentials or a declared size over the limit before the client sends its body. A deadline closes
 * the connection of a body that has not arrived in time, which fails the read and frees the thread.
 * After the answer is written, what the client still sends of its body (after a {@code 413} or a
 * {@code 401}, say) is read and discarded without a thread, up to a bound, so that a client which
 * writes its whole body before reading can read the answer instead of a reset.
 */
final class HandlerBinding extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(HandlerBinding.class);

  /** How much of a body is read, without holding a thread, before the handler runs. */
  static final int PREFETCH_BYTES = 64 * 1024;

  /** The most unread body discarded after an answer; beyond it the connection is closed. */
  static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

  private final MutationHttpHandler handler;
  private final Duration bodyReadTimeout;
  private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> closingStarted = new CompletableFuture<>();
  private volatile CompletableFuture<Void> drained;

  HandlerBinding(MutationHttpHandler handler, Duration bodyReadTimeout) {
    super(InvocationType.BLOCKING);
    this.handler = handler;
    this.bodyReadTimeout = bodyReadTimeout;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange exchange = new Exchange(request, response, callback);
    if (closing.get()) {
      exchange.shutDown();
      return true;
    }
    inFlight.add(exchange);
    Scheduler.Task deadline =
        getServer().getScheduler().schedule(exchange::bodyTooSlow, bodyReadTimeout);
    if (request.getHeaders().contains(HttpHeader.EXPECT, "100-continue")) {
      // The handler checks the credentials and the declared size before it reads; Jetty sends
      // 100 Continue only when it does.
      exchange.run(Content.Source.asInputStream(request), deadline);
    } else {
      // A thread is taken only once the first bytes are in, or the whole of a small body.
      RequestContent.prefetch(request, PREFETCH_BYTES, body -> exchange.run(body, deadline));
    }
    return true;
  }

  /**
   * Begins refusing new requests, waits up to {@code gracePeriod} for those in flight, and answers
   * 503 to the rest. Returns false if it had already begun.
   */
  boolean shutDown(Duration gracePeriod) {
    if (!closing.compareAndSet(false, true)) {
      return false;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    drained = done;
    closingStarted.complete(null);
    if (inFlight.isEmpty()) {
      done.complete(null);
    }
    try {
      done.get(gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
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
    for (Exchange exchange : new ArrayList<>(inFlight)) {
      exchange.shutDown();
    }
    return true;
  }

  CompletableFuture<Void> closing() {
    return closingStarted;
  }

  /** One request: its body as the handler reads it, and its answer, written at most once. */
  private final class Exchange {
    final Request request;
    final Response response;
    final Callback callback;
    final AtomicBoolean answered = new AtomicBoolean();
    volatile Body body;

    Exchange(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    /** Calls the handler, which reads the rest of the body on this thread, before the deadline. */
    void run(InputStream stream, Scheduler.Task deadline) {
      if (answered.get()) {
        // Answered 503 by close() while its body was arriving: it must not run after all.
        deadline.cancel();
        return;
      }
      body = new Body(stream);
      CompletableFuture<HandlerResponse> answer;
      try {
        answer = handler.handle(handlerRequest()).toCompletableFuture();
      } catch (Throwable e) {
        // Errors included (an OutOfMemoryError in one request): the thread and the server go on.
        answer = CompletableFuture.failedFuture(e);
      } finally {
        deadline.cancel();
      }
      // Written from whichever thread completes the stage: Jetty's writes do not block.
      answer.whenComplete(this::complete);
    }

    HandlerRequest handlerRequest() {
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (HttpField field : request.getHeaders()) {
        headers.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
      }
      // The raw path: the handler percent-decodes the one id segment itself.
      String path = request.getHttpURI().getPath();
      return new HandlerRequest(
          request.getMethod(),
          path == null ? "" : path,
          headers,
          body,
          request.getHttpURI().getQuery());
    }

    /** Runs on Jetty's scheduler when the body deadline passes; cancelled once the read is done. */
    void bodyTooSlow() {
      log.info("Request body not received within {}; connection closed", bodyReadTimeout);
      request
          .getConnectionMetaData()
          .getConnection()
          .getEndPoint()
          .close(new TimeoutException("request body not received within " + bodyReadTimeout));
    }

    void complete(HandlerResponse answer, Throwable error) {
      if (answer == null) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        if (cause instanceof VirtualMachineError) {
          log.error("The handler threw {}; the server may be unhealthy", cause.toString(), cause);
        } else if (!(cause instanceof CancellationException)) {
          log.error("Handler failed", cause);
        }
        answer =
            handler.transportError(
                500, "Internal server error", request.getHeaders().get("X-Request-Id"));
      }
      write(answer, false);
    }

    void shutDown() {
      write(handler.shuttingDown(request.getHeaders().get("X-Request-Id")), true);
    }

    private void write(HandlerResponse answer, boolean close) {
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      try {
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        if (close) {
          response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        // Shutting down, the handler may still be reading the body: close instead of discarding.
        response.write(
            true,
            ByteBuffer.wrap(answer.body()),
            Callback.from(close ? this::succeeded : this::discardRestOfBody, this::failed));
      } catch (RuntimeException e) {
        failed(e);
      }
    }

    /**
     * Reads and discards what the client still sends of its body, without holding a thread, then
     * ends the exchange. Jetty would otherwise close the connection with unread bytes in the
     * socket, which the client sees as a reset before it reads the answer.
     */
    private void discardRestOfBody() {
      Body read = body;
      if ((read == null || !read.started())
          && request.getHeaders().contains(HttpHeader.EXPECT, "100-continue")) {
        // The client waits for a 100 that will not come; it sent nothing to discard.
        succeeded();
        return;
      }
      // A client that trickles what remains is cut off after the body deadline.
      Scheduler.Task deadline =
          getServer().getScheduler().schedule(this::bodyTooSlow, bodyReadTimeout);
      RequestContent.discard(
          request,
          MAX_DISCARDED_BYTES,
          () -> {
            deadline.cancel();
            succeeded();
          });
    }

    private void succeeded() {
      finished();
      callback.succeeded();
    }

    private void failed(Throwable error) {
      // The client went away before it read the answer: Jetty closes the connection.
      log.debug("Could not send the response", error);
      finished();
      callback.failed(error);
    }

    private void finished() {
      inFlight.remove(this);
      CompletableFuture<Void> d = drained;
      if (d != null && inFlight.isEmpty()) {
        d.complete(null);
      }
    }
  }

  /** The body as the handler reads it; remembers whether any of it was asked for. */
  private static final class Body extends InputStream {
    private final InputStream in;
    private volatile boolean started;

    Body(InputStream in) {
      this.in = in;
    }

    boolean started() {
      return started;
    }

    @Override
    public int read() throws IOException {
      started = true;
      return in.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      started = true;
      return in.read(buffer, offset, length);
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public void close() {
      // Jetty owns the request content.
    }
  }
}
