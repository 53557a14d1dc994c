package io.mutationapi.server.spi;

/**
 * Watches a server at work, for metrics: told when a request is answered, an upstream call ends, an
 * await ends, a request is refused for a rate limit or an overload, and a consumer has processed a
 * batch. Registered with {@code MutationServer.Builder#observer}; the default, {@link #NONE}, does
 * nothing. The artifact {@code mutation-api-micrometer} records these calls as Micrometer meters.
 *
 * <p>Every argument is bounded: ids are those of registered syncs and consumers, endpoints are path
 * templates, never ids or values from a request. Durations are in nanoseconds.
 *
 * <p>Threading: methods are called on the request's, the upstream's or the consumer's thread, often
 * concurrently, in the path of requests: they must be quick and must not block. An observer that
 * throws is logged once by the server and its exception ignored; the request is answered as if no
 * observer were there. Every method has an empty default, so an observer overrides only what it
 * records, and later versions may add methods.
 */
public interface ServerObserver {

  /** The observer that records nothing: the server's default. */
  ServerObserver NONE = new ServerObserver() {};

  /** How one upstream call ended, as the upstream answered it. */
  enum UpstreamResult {
    /** The upstream applied the batch. */
    SUCCESS,
    /** The upstream refused the data ({@link UpstreamException.Kind#VALIDATION}). */
    VALIDATION,
    /** The upstream said it was rate limiting ({@link UpstreamException.Kind#RATE_LIMITED}). */
    RATE_LIMITED,
    /** The upstream did not answer in time ({@link UpstreamException.Kind#TIMEOUT}). */
    TIMEOUT,
    /** Anything else: an {@link UpstreamException.Kind#FAILED} or any other exception. */
    FAILED
  }

  /** How a request's wait for consumers ended. */
  enum AwaitResult {
    /** Every awaited consumer processed every record. */
    COMPLETED,
    /** The timeout passed first: answered {@code consumers_timeout}. */
    TIMED_OUT,
    /** An awaited consumer skipped a record: answered {@code record_not_applied}. */
    NOT_APPLIED,
    /** The wait failed (the server shut down, or an unexpected error). */
    FAILED
  }

  /** Why a request was answered {@code 503 unavailable} before it ran. */
  enum Overload {
    /** The HTTP handler had {@code maxInFlightRequests} requests already. */
    IN_FLIGHT_REQUESTS,
    /** {@code maxPendingAwaits} requests were waiting for consumers already. */
    PENDING_AWAITS,
    /** The change stream was full ({@link ChangeStream#isFull()}). */
    STREAM_FULL,
    /** The upstream executor's queue was full. */
    UPSTREAM_EXECUTOR
  }

  /**
   * An HTTP request was answered.
   *
   * @param endpoint the path template of the endpoint that answered (e.g. {@code
   *     /v1/mutations/run}, {@code /v1/consumers/{id}}), or {@code none} if no route matched
   * @param kind {@code create}, {@code update} or {@code delete} for a mutation whose body was
   *     read, else {@code none}
   * @param status the HTTP status
   * @param errorCode the error code of the answer (e.g. {@code rate_limited}), or {@code none}
   * @param replayed whether the answer is a stored one, replayed for a resent {@code
   *     Idempotency-Key}
   * @param durationNanos from the moment the handler got the request to the answer
   */
  default void requestAnswered(
      String endpoint,
      String kind,
      int status,
      String errorCode,
      boolean replayed,
      long durationNanos) {}

  /**
   * The upstream of sync {@code syncId} answered one call (one batch), after any rate-limit wait.
   *
   * @param records the records of the batch
   * @param durationNanos from the call to its answer; a call that outlives the request's deadline
   *     is reported when it ends
   */
  default void upstreamCalled(
      String syncId, int records, long durationNanos, UpstreamResult result) {}

  /**
   * A request's wait for {@code consumers} consumers ended, after {@code waitNanos} (counted from
   * the moment its records were published).
   */
  default void awaitFinished(int consumers, long waitNanos, AwaitResult result) {}

  /**
   * A batch of sync {@code syncId} was not applied because of a rate limit: the server's own
   * ({@code byUpstream} false, refused before the call) or the upstream's ({@code byUpstream}
   * true).
   */
  default void rateLimited(String syncId, boolean byUpstream) {}

  /** A request was refused with {@code 503 unavailable} because the server is overloaded. */
  default void overloaded(Overload reason) {}

  /**
   * Consumer {@code consumerId} processed a batch of {@code events} events (or failed to, and the
   * stream will retry), in {@code durationNanos}. Reported by streams that deliver in this process
   * and can tell (the in-memory stream); an HTTP consumer's batch lasts until its workers acked it.
   */
  default void consumerBatch(
      String consumerId, int events, long durationNanos, boolean succeeded) {}
}
