package io.mutationapi.server.http;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.ServerObserver;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What one request has told the handler so far, for its response and its access log line; and where
 * an engine's {@link MutationOutcome} becomes an HTTP response (status, {@code Retry-After}, body).
 * Used by one request at a time.
 */
final class Exchange {
  final String requestId;
  final long start;
  private final Bodies bodies;
  private final ServerObserver observer;
  // Headers beyond Content-Type and X-Request-Id; most responses have none.
  private Map<String, String> headers;
  String principal = "-";
  String endpoint = "-";
  String id = "-";
  boolean executed;
  private MutationOutcome ran;
  String sync = "-";
  String collection = "-";
  String kind = "-";
  int count;
  boolean replayed;
  String errorCode = "-";
  Throwable cause;

  Exchange(String requestId, long start, Bodies bodies, ServerObserver observer) {
    this.observer = observer;
    this.requestId = requestId;
    this.start = start;
    this.bodies = bodies;
  }

  void describe(MutationRequest mutation) {
    // Made loggable only if a line is written (see AccessLog).
    sync = mutation.syncId();
    collection = mutation.collectionId();
    kind = mutation.kind().wireName();
    count = mutation.size();
  }

  CompletionStage<HandlerResponse> error(MutationError error) {
    return CompletableFuture.completedFuture(errorResponse(error));
  }

  /** The response to {@code error}: its status and its body in the envelope. */
  HandlerResponse errorResponse(MutationError error) {
    noteCode(error);
    return response(error.status(), bodies.error(error));
  }

  /** The HTTP response to the engine's {@code outcome}. */
  HandlerResponse outcome(MutationOutcome outcome) {
    ran = outcome;
    if (outcome instanceof MutationOutcome.Success) {
      executed = true;
      return response(200, bodies.result(((MutationOutcome.Success) outcome).result()));
    }
    MutationOutcome.Failure failure = (MutationOutcome.Failure) outcome;
    executed = reachedTheUpstream(failure.error());
    noteCode(failure.error());
    failure.cause().ifPresent(c -> cause = c);
    int status = failure.error().status();
    Optional<Duration> retryAfter = failure.retryAfter();
    if (retryAfter.isEmpty() && (status == 429 || status == 503)) {
      retryAfter = Optional.of(Duration.ofSeconds(1));
    }
    retryAfter.ifPresent(d -> header("Retry-After", Long.toString(Math.max(1, ceilSeconds(d)))));
    return response(status, bodies.error(failure.error()));
  }

  /** A {@code 200} with {@code json}, a value of the codec's JSON model. */
  HandlerResponse json(Object json) {
    return response(200, bodies.json(json));
  }

  /** A {@code 200} with {@code body}, already JSON. */
  HandlerResponse bytes(byte[] body) {
    return response(200, body);
  }

  /** A {@code 204} with no body and no {@code Content-Type}. */
  HandlerResponse noContent() {
    return new HandlerResponse(204, Map.of(MutationHttpHandler.REQUEST_ID, requestId), new byte[0]);
  }

  /** A stored response, replayed for a resent {@code Idempotency-Key}. */
  HandlerResponse replay(int status, byte[] body) {
    header("Idempotent-Replayed", "true");
    replayed = true;
    return response(status, body);
  }

  /**
   * The request ran but its response could not be stored for its key: not the response (a resend
   * would not get it back), but an error that says so, with the records if it succeeded.
   */
  HandlerResponse notStored(Throwable error) {
    cause = error;
    headers = null;
    MutationError e =
        MutationError.of(
            ErrorCode.INTERNAL_ERROR,
            "The request ran, but its answer could not be stored for its Idempotency-Key; a"
                + " resend with the key is answered 409, and once the claim is abandoned an"
                + " error, never run twice. Check the records before sending it under a new"
                + " key");
    if (ran instanceof MutationOutcome.Success) {
      e = e.withRecords(((MutationOutcome.Success) ran).result().records());
    } else if (ran instanceof MutationOutcome.Failure) {
      e = e.withRecords(((MutationOutcome.Failure) ran).error().records());
    }
    noteCode(e);
    return response(500, bodies.error(e));
  }

  void noteCode(MutationError error) {
    errorCode = error.code().map(code -> AccessLog.loggable(code.value())).orElse("-");
  }

  HandlerResponse unexpected(Throwable error) {
    cause = error;
    errorCode = ErrorCode.INTERNAL_ERROR.value();
    headers = null;
    return response(
        500, bodies.error(MutationError.of(ErrorCode.INTERNAL_ERROR, "Internal server error")));
  }

  HandlerResponse response(int status, byte[] body) {
    if (headers == null) {
      return new HandlerResponse(
          status,
          Map.of("Content-Type", "application/json", MutationHttpHandler.REQUEST_ID, requestId),
          body);
    }
    headers.put("Content-Type", "application/json");
    headers.put(MutationHttpHandler.REQUEST_ID, requestId);
    return new HandlerResponse(status, headers, body);
  }

  void header(String name, String value) {
    if (headers == null) {
      headers = new HashMap<>();
    }
    headers.put(name, value);
  }

  /** Writes the access log line, tells the observer, and returns {@code response}. */
  HandlerResponse finish(HandlerResponse response) {
    AccessLog.write(this, response, bodies);
    if (observer != ServerObserver.NONE) {
      int status = response.status();
      String code = replayed ? bodies.errorCode(status, response.body()) : errorCode;
      observer.requestAnswered(
          "-".equals(endpoint) ? "none" : endpoint,
          "-".equals(kind) ? "none" : kind,
          status,
          "-".equals(code) ? "none" : code,
          replayed,
          System.nanoTime() - start);
    }
    return response;
  }

  /**
   * Whether a failure happened after the upstream was called, so that a retry must get the same
   * answer rather than run again. Failures before it (validation, 429, 503) let the key be reused.
   */
  private static boolean reachedTheUpstream(MutationError error) {
    if (!error.records().isEmpty()) {
      return true;
    }
    Optional<ErrorCode> code = error.code();
    return code.isPresent()
        && (code.get().equals(ErrorCode.UPSTREAM_VALIDATION_ERROR)
            || code.get().equals(ErrorCode.UPSTREAM_ERROR)
            || code.get().equals(ErrorCode.UPSTREAM_TIMEOUT)
            || code.get().equals(ErrorCode.CONSUMERS_TIMEOUT));
  }

  private static long ceilSeconds(Duration d) {
    long seconds = d.getSeconds();
    return d.getNano() > 0 ? seconds + 1 : seconds;
  }
}
