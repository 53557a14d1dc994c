package io.mutationapi.servlet;

import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request: its body taken at once if it came whole, else read with the servlet's non-blocking
 * IO in asynchronous mode; the handler called, and its answer written, at most once: at once on the
 * container thread if the handler answered at once and the answer is small, else with a {@link
 * WriteListener} when the stage completes.
 */
final class ServletExchange implements AsyncListener {
  private static final Logger log = LoggerFactory.getLogger(ServletExchange.class);

  /** How much of a body is read, without holding a thread, before the handler runs. */
  static final int PREFETCH_BYTES = 64 * 1024;

  /** The most body bytes read ahead of the handler once it reads the rest as a stream. */
  static final int MAX_UNREAD_BYTES = 1024 * 1024;

  /**
   * The largest answer written with a plain write when the handler answers at once, on the
   * container thread that called it: less than any container's response buffer, so the write never
   * waits for the client. Larger answers, and every answer that comes later, go through a {@link
   * WriteListener}.
   */
  static final int MAX_DIRECT_WRITE_BYTES = 8 * 1024;

  private final MutationHttpHandler handler;
  private final InFlight inFlight;
  private volatile AsyncContext async;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final Duration bodyReadTimeout;
  private final AtomicBoolean answered = new AtomicBoolean();
  private final AtomicBoolean completed = new AtomicBoolean();
  private volatile BodyPipe pipe;
  private volatile boolean bodyComplete;
  private volatile boolean bodyFailed;
  private volatile ScheduledFuture<?> deadline;

  ServletExchange(
      MutationHttpHandler handler,
      InFlight inFlight,
      HttpServletRequest request,
      HttpServletResponse response,
      Duration bodyReadTimeout) {
    this.handler = handler;
    this.inFlight = inFlight;
    this.request = request;
    this.response = response;
    this.bodyReadTimeout = bodyReadTimeout;
  }

  /**
   * Runs on the container thread in {@code service}: calls the handler at once if the body is empty
   * or already all received, else goes asynchronous and reads the body as it arrives.
   */
  void start(ScheduledExecutorService timer) throws IOException {
    if (!inFlight.add(this)) {
      answer(handler.shuttingDown(requestId()), true, true);
      return;
    }
    if (hasNoBody()) {
      bodyComplete = true;
      run(InputStream.nullInputStream());
      return;
    }
    ServletInputStream in = request.getInputStream();
    long length = request.getContentLengthLong();
    if (length > 0 && length <= PREFETCH_BYTES && in.available() >= length) {
      // All of a small body came with the headers: reading it cannot block.
      byte[] body = in.readNBytes((int) length);
      bodyComplete = true;
      run(new ByteArrayInputStream(body));
      return;
    }
    goAsync();
    deadline = timer.schedule(this::bodyTooSlow, bodyReadTimeout.toMillis(), TimeUnit.MILLISECONDS);
    in.setReadListener(new Reader(in));
  }

  /**
   * Puts the request in asynchronous mode, with no timeout, once: before its body is read with a
   * listener, or when the handler's answer is not ready when it returns.
   */
  private void goAsync() {
    if (async == null) {
      AsyncContext started = request.startAsync(request, response);
      started.setTimeout(0);
      started.addListener(this);
      async = started;
    }
  }

  private boolean hasNoBody() {
    long length = request.getContentLengthLong();
    return length == 0
        || (length < 0
            && request.getHeader("Transfer-Encoding") == null
            && request.getProtocol().startsWith("HTTP/1."));
  }

  /** Calls the handler, which may read the rest of the body on this thread. */
  private void run(InputStream body) {
    if (answered.get()) {
      return;
    }
    CompletableFuture<HandlerResponse> answer;
    try {
      answer = handler.handle(handlerRequest(body)).toCompletableFuture();
    } catch (Throwable e) {
      // Errors included (an OutOfMemoryError in one request): the container and the server go on.
      answer = CompletableFuture.failedFuture(e);
    }
    // Answered at once (a refusal, a mutation without await on a non-blocking upstream), the action
    // runs here, on a container thread inside one of its callbacks; else on the completing thread.
    boolean onContainerThread = answer.isDone();
    if (!onContainerThread) {
      // Still in service, or in a container callback: the request can go asynchronous here.
      goAsync();
    }
    answer.whenComplete((r, e) -> complete(r, e, onContainerThread));
  }

  private HandlerRequest handlerRequest(InputStream body) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String name : Collections.list(request.getHeaderNames())) {
      headers
          .computeIfAbsent(name, n -> new ArrayList<>())
          .addAll(Collections.list(request.getHeaders(name)));
    }
    // The raw path after the context path: the handler percent-decodes the one id segment itself.
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    String path =
        context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    return new HandlerRequest(request.getMethod(), path, headers, body, request.getQueryString());
  }

  private void complete(HandlerResponse answer, Throwable error, boolean onContainerThread) {
    BodyPipe rest = pipe;
    if (rest != null) {
      rest.close();
    }
    if (answer == null) {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      if (cause instanceof VirtualMachineError) {
        log.error("The handler threw {}; the server may be unhealthy", cause.toString(), cause);
      } else if (!(cause instanceof CancellationException)) {
        log.error("Handler failed", cause);
      }
      answer = handler.transportError(500, "Internal server error", requestId());
    }
    // A body that failed or did not arrive in time leaves the connection unusable.
    answer(answer, bodyFailed, onContainerThread);
  }

  /** Runs on the servlet's timer when the body deadline passes; cancelled once the body is in. */
  private void bodyTooSlow() {
    if (bodyComplete) {
      return;
    }
    log.info("Request body not received within {}; answered 408", bodyReadTimeout);
    bodyFailed = true;
    BodyPipe rest = pipe;
    if (rest != null) {
      // The handler is reading: its read fails and it answers.
      rest.fail(new IOException("request body not received within " + bodyReadTimeout));
    } else {
      answer(
          handler.transportError(
              408, "Request body not received within " + bodyReadTimeout, requestId()),
          true,
          false);
    }
  }

  /** Answers 503: the servlet closes while this request still runs. */
  void shutDown() {
    if (async != null) {
      answer(handler.shuttingDown(requestId()), true, false);
    }
    // Else the handler is still running in service, on the container's thread, which answers.
  }

  private String requestId() {
    return request.getHeader(MutationHttpHandler.REQUEST_ID);
  }

  private void answer(HandlerResponse answer, boolean closeConnection, boolean onContainerThread) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    cancelDeadline();
    BodyPipe rest = pipe;
    if (rest != null) {
      rest.close();
    }
    if (completed.get()) {
      return; // the client went away
    }
    try {
      response.setStatus(answer.status());
      answer.headers().forEach(response::setHeader);
      if (closeConnection) {
        response.setHeader("Connection", "close");
      }
      response.setContentLength(answer.body().length);
      ServletOutputStream out = response.getOutputStream();
      if (onContainerThread && answer.body().length <= MAX_DIRECT_WRITE_BYTES) {
        out.write(answer.body());
        finish();
      } else {
        // A large answer given within service goes asynchronous to be written without blocking.
        goAsync();
        out.setWriteListener(new Writer(out, answer.body()));
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Could not send the response", e);
      finish();
    }
  }

  private void cancelDeadline() {
    ScheduledFuture<?> d = deadline;
    if (d != null) {
      d.cancel(false);
    }
  }

  /** Ends the exchange; the container then closes or reuses the connection. */
  private void finish() {
    AsyncContext started = async;
    if (started == null) {
      // Answered within service: the container completes the response when it returns.
      completed.set(true);
    } else if (completed.compareAndSet(false, true)) {
      try {
        started.complete();
      } catch (IllegalStateException e) {
        log.debug("The request had already completed", e);
      }
    }
    inFlight.remove(this);
  }

  @Override
  public void onComplete(AsyncEvent event) {
    completed.set(true);
    cancelDeadline();
    BodyPipe rest = pipe;
    if (rest != null) {
      rest.close();
    }
    inFlight.remove(this);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    // The servlet sets no timeout; a container that imposes one anyway gets an answer from us.
    if (answered.compareAndSet(false, true)) {
      try {
        HandlerResponse answer =
            handler.transportError(
                503, "The servlet container timed out the request; retry", requestId());
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.getOutputStream().write(answer.body());
      } catch (IOException | RuntimeException e) {
        log.debug("Could not send the response", e);
      }
    }
    finish();
  }

  @Override
  public void onError(AsyncEvent event) {
    // The client went away, or the container failed the request: nothing more can be written.
    log.debug("Request failed in the container", event.getThrowable());
    bodyFailed = true;
    BodyPipe rest = pipe;
    if (rest != null) {
      rest.fail(new IOException("the request failed", event.getThrowable()));
    }
    finish();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // Nothing to do: the exchange listens once.
  }

  /**
   * Reads the body as it arrives: the first {@link #PREFETCH_BYTES} (all of a small body) into
   * memory, then, if more follows, feeds the rest to a {@link BodyPipe} that the handler reads on a
   * container thread of its own ({@link AsyncContext#start}).
   */
  private final class Reader implements ReadListener {
    private final ServletInputStream in;
    private final ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[16 * 1024];

    Reader(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public void onDataAvailable() throws IOException {
      while (in.isReady() && !in.isFinished()) {
        int n = in.read(buffer);
        if (n < 0) {
          return;
        }
        BodyPipe rest = pipe;
        if (rest != null) {
          rest.feed(buffer, 0, n);
          continue;
        }
        prefix.write(buffer, 0, n);
        if (prefix.size() >= PREFETCH_BYTES) {
          BodyPipe started = new BodyPipe(MAX_UNREAD_BYTES);
          pipe = started;
          InputStream body =
              new SequenceInputStream(new ByteArrayInputStream(prefix.toByteArray()), started);
          async.start(() -> run(body));
        }
      }
    }

    @Override
    public void onAllDataRead() {
      bodyComplete = true;
      cancelDeadline();
      BodyPipe rest = pipe;
      if (rest != null) {
        rest.end();
      } else {
        run(new ByteArrayInputStream(prefix.toByteArray()));
      }
    }

    @Override
    public void onError(Throwable error) {
      bodyFailed = true;
      cancelDeadline();
      BodyPipe rest = pipe;
      if (rest != null) {
        rest.fail(error instanceof IOException e ? e : new IOException(error));
      } else {
        log.debug("Request body could not be read", error);
        answer(
            handler.transportError(400, "Request body could not be read", requestId()), true, true);
      }
    }
  }

  /** Writes the answer when the container can take it, then completes the request. */
  private final class Writer implements WriteListener {
    private final ServletOutputStream out;
    private final byte[] body;
    private boolean written;

    Writer(ServletOutputStream out, byte[] body) {
      this.out = out;
      this.body = body;
    }

    @Override
    public void onWritePossible() throws IOException {
      if (!written) {
        written = true;
        if (body.length > 0) {
          out.write(body);
        }
      }
      if (out.isReady()) {
        finish();
      }
    }

    @Override
    public void onError(Throwable error) {
      // The client went away before it read the answer.
      log.debug("Could not send the response", error);
      finish();
    }
  }
}
