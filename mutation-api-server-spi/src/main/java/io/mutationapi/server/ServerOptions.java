package io.mutationapi.server;

import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.pull.HttpConsumer;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.ChangeSource;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.CursorStore;
import io.mutationapi.server.spi.IdempotencyStore;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.ServerObserver;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.server.spi.Upstream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The settings of {@link MutationServer.Builder}, with the public setters it inherits: each checks
 * its arguments as it is called ({@link NullPointerException}, {@link IllegalArgumentException})
 * and returns the builder. The builder adds {@code build()}, which checks the settings as a whole
 * and assembles the server. Package-private so that only the builder is public; sealed so that
 * {@code this} is always that builder. Mutable, not thread-safe.
 */
abstract sealed class ServerOptions permits MutationServer.Builder {
  final Registrations registrations = new Registrations();
  final Map<String, Principal> tokens = new LinkedHashMap<>();
  final Map<String, SyncLoops.Capture> captures = new LinkedHashMap<>();
  CursorStore cursorStore;
  Authenticator authenticator;
  boolean insecure;
  ChangeStream stream;
  IdempotencyStore idempotencyStore;
  int maxRecords = EngineSettings.DEFAULT.maxRecords();
  Duration maxAwaitTimeout = EngineSettings.DEFAULT.maxAwaitTimeout();
  int maxJsonValues = MutationHttpHandler.DEFAULT_MAX_JSON_VALUES;
  long maxBodyBytes = MutationHttpHandler.DEFAULT_MAX_BODY_BYTES;
  String docsUrl = MutationHttpHandler.DEFAULT_DOCS_URL;
  Duration gracePeriod = Duration.ofSeconds(10);
  ExecutorService upstreamExecutor;
  int upstreamThreads = 16;
  int upstreamQueue = 10_000;
  ScheduledExecutorService timer;
  int maxInFlightRequests = MutationHttpHandler.DEFAULT_MAX_IN_FLIGHT;
  int maxPendingAwaits = EngineSettings.DEFAULT.maxPendingAwaits();
  Duration upstreamTimeout = EngineSettings.DEFAULT.upstreamTimeout();
  Duration bodyReadTimeout = Duration.ofSeconds(30);
  byte[] consistencyTokenKey;
  ServerObserver observer = ServerObserver.NONE;

  ServerOptions() {}

  private MutationServer.Builder self() {
    return (MutationServer.Builder) this;
  }

  /**
   * Registers a sync: its id, the upstream it writes to, and the collections it serves. Registering
   * the same id twice fails at {@link MutationServer.Builder#build() build()}.
   */
  public MutationServer.Builder sync(String syncId, Upstream upstream, String... collectionIds) {
    return sync(syncId, upstream, Arrays.asList(collectionIds));
  }

  /** Registers a sync; see {@link #sync(String, Upstream, String...)}. */
  public MutationServer.Builder sync(
      String syncId, Upstream upstream, Collection<String> collectionIds) {
    requireId(syncId, "syncId");
    Objects.requireNonNull(upstream, "upstream");
    registrations.sync(new MutationEngine.Sync(syncId, upstream, Set.copyOf(collectionIds)));
    return self();
  }

  /**
   * Keeps the stream in step with sync {@code syncId}'s upstream itself, which must be a {@link
   * ChangeSource}: the server backfills each collection of the sync, then polls for changes made
   * there by anyone (see {@link ChangeCapture}). Fails at {@link MutationServer.Builder#build()
   * build()} if the sync is not registered or its upstream is not a change source.
   */
  public MutationServer.Builder changeCapture(String syncId, ChangeCapture settings) {
    requireId(syncId, "syncId");
    captures.put(syncId, new SyncLoops.Capture(null, Objects.requireNonNull(settings, "settings")));
    return self();
  }

  /**
   * Keeps the stream in step with sync {@code syncId} by reading {@code source}, for an upstream
   * whose changes are listed by another object; see {@link #changeCapture(String, ChangeCapture)}.
   */
  public MutationServer.Builder changeCapture(
      String syncId, ChangeSource source, ChangeCapture settings) {
    requireId(syncId, "syncId");
    captures.put(
        syncId,
        new SyncLoops.Capture(
            Objects.requireNonNull(source, "source"),
            Objects.requireNonNull(settings, "settings")));
    return self();
  }

  /**
   * Sets where change captures keep their cursors; the default is an {@link InMemoryCursorStore},
   * so a restarted server backfills again.
   */
  public MutationServer.Builder cursorStore(CursorStore cursorStore) {
    this.cursorStore = Objects.requireNonNull(cursorStore, "cursorStore");
    return self();
  }

  /**
   * Registers a consumer: the id requests await it by, the consumer, and the collections it
   * consumes. Registering the same id twice fails at {@link MutationServer.Builder#build()
   * build()}.
   */
  public MutationServer.Builder consumer(
      String consumerId, Consumer consumer, String... collectionIds) {
    return consumer(consumerId, consumer, Arrays.asList(collectionIds));
  }

  /** Registers a consumer; see {@link #consumer(String, Consumer, String...)}. */
  public MutationServer.Builder consumer(
      String consumerId, Consumer consumer, Collection<String> collectionIds) {
    requireId(consumerId, "consumerId");
    Objects.requireNonNull(consumer, "consumer");
    registrations.consumer(new Subscription(consumerId, Set.copyOf(collectionIds), consumer));
    return self();
  }

  /**
   * Registers an HTTP (pull) consumer with {@link HttpConsumerSettings#DEFAULTS}; see {@link
   * #httpConsumer(String, HttpConsumerSettings, String...)}.
   */
  public MutationServer.Builder httpConsumer(String consumerId, String... collectionIds) {
    return httpConsumer(consumerId, HttpConsumerSettings.DEFAULTS, collectionIds);
  }

  /**
   * Registers an HTTP (pull) consumer: workers in any process and language pull its messages
   * ({@code POST /v1/http-consumers/{id}/next}, or {@link MutationServer#consumeService()} in
   * process) and ack them; requests awaiting it ({@code await_consumer_ids}) complete when the
   * workers have acked their records. It is a consumer like any other: registering the same id
   * twice fails at {@link MutationServer.Builder#build() build()}.
   *
   * <pre>{@code
   * MutationServer server = MutationServer.builder()
   *     .sync("my-sync-id", upstream, "salesforce:contact")
   *     .httpConsumer("http-worker",
   *         HttpConsumerSettings.DEFAULTS.withAckWait(Duration.ofSeconds(10)).withMaxDeliver(5),
   *         "salesforce:contact")
   *     .bearerToken(token, Principal.of("worker", "my-sync-id"))
   *     .build();
   * }</pre>
   *
   * <p>The messages a consumer holds live in this server's memory: after a restart, the stream
   * delivers again what was not acked, with new tokens. A consumer with {@link
   * HttpConsumerSettings.DeliverPolicy#NEW} starts at the end of the stream when it has no progress
   * on it yet.
   */
  public MutationServer.Builder httpConsumer(
      String consumerId, HttpConsumerSettings settings, String... collectionIds) {
    requireId(consumerId, "consumerId");
    Objects.requireNonNull(settings, "settings");
    Subscription.Start start =
        settings.deliverPolicy() == HttpConsumerSettings.DeliverPolicy.NEW
            ? Subscription.Start.LATEST
            : Subscription.Start.EARLIEST;
    registrations.consumer(
        new Subscription(
            consumerId,
            Set.copyOf(Arrays.asList(collectionIds)),
            new HttpConsumer(consumerId, settings),
            start));
    return self();
  }

  /** Sets the change stream; the default is an {@link InMemoryStream}. */
  public MutationServer.Builder stream(ChangeStream stream) {
    this.stream = Objects.requireNonNull(stream, "stream");
    return self();
  }

  /**
   * Sets where responses to requests with an {@code Idempotency-Key} are kept; the default is an
   * {@link InMemoryIdempotencyStore}, which is right for one server process.
   */
  public MutationServer.Builder idempotencyStore(IdempotencyStore idempotencyStore) {
    this.idempotencyStore = Objects.requireNonNull(idempotencyStore, "idempotencyStore");
    return self();
  }

  /**
   * Accepts {@code token} as a bearer token for {@code principal}. May be called for many tokens.
   * Tokens are kept only as digests and compared in constant time. A sync the principal may not
   * mutate answers {@code 404}, exactly as a sync that does not exist; for {@code 403} instead, use
   * an {@link #authenticator(Authenticator)}.
   */
  public MutationServer.Builder bearerToken(String token, Principal principal) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("token must not be null or empty");
    }
    tokens.put(token, Objects.requireNonNull(principal, "principal"));
    return self();
  }

  /** Accepts each token of {@code tokens} as a bearer token for its principal. */
  public MutationServer.Builder bearerTokens(Map<String, Principal> tokens) {
    tokens.forEach(this::bearerToken);
    return self();
  }

  /**
   * Sets how bearer tokens are checked and what principals may do, instead of {@link #bearerToken}.
   */
  public MutationServer.Builder authenticator(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    return self();
  }

  /**
   * Turns authentication OFF: anyone who can reach the server can mutate every sync. For local
   * demos only; the server logs a warning when it is built.
   */
  public MutationServer.Builder insecureNoAuthentication() {
    this.insecure = true;
    return self();
  }

  /** Sets the most records or ids one request may carry; the default is 1000. */
  public MutationServer.Builder maxRecordsPerRequest(int maxRecords) {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be positive: " + maxRecords);
    }
    this.maxRecords = maxRecords;
    return self();
  }

  /**
   * Sets the most JSON values (every string, number, boolean, null, array and object, at any depth)
   * one request body may hold; the default is 500,000. A body with more is answered {@code 413
   * payload_too_large} as soon as the count is passed. It bounds the memory of a parsed body, which
   * for many small values is far larger than its bytes: 60 to 100 bytes a value.
   */
  public MutationServer.Builder maxJsonValuesPerRequest(int maxJsonValues) {
    if (maxJsonValues < 1) {
      throw new IllegalArgumentException("maxJsonValues must be positive: " + maxJsonValues);
    }
    this.maxJsonValues = maxJsonValues;
    return self();
  }

  /**
   * Sets the longest {@code await_consumers_timeout} a request may ask for; the default is 5
   * minutes.
   */
  public MutationServer.Builder maxAwaitTimeout(Duration maxAwaitTimeout) {
    if (maxAwaitTimeout.isNegative() || maxAwaitTimeout.isZero()) {
      throw new IllegalArgumentException("maxAwaitTimeout must be positive: " + maxAwaitTimeout);
    }
    this.maxAwaitTimeout = maxAwaitTimeout;
    return self();
  }

  /**
   * Sets the page that error bodies' {@code docs} link to, with {@code #<code>} appended; the
   * default is {@link MutationHttpHandler#DEFAULT_DOCS_URL}, the error reference of this project.
   * Null sends an empty {@code docs} array.
   */
  public MutationServer.Builder docsUrl(String docsUrl) {
    this.docsUrl = docsUrl;
    return self();
  }

  /**
   * Sets the largest request body, in bytes; larger ones are answered 413. The default is 8 MiB.
   */
  public MutationServer.Builder maxBodyBytes(long maxBodyBytes) {
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    return self();
  }

  /**
   * Sets the longest the upstream calls of one request may take, all its batches together; the
   * default is 10 s. A request whose upstream has not answered by then is answered {@code 504
   * upstream_timeout}, naming the records applied before and those whose fate is unknown. The call
   * is not abandoned: whatever the upstream applies after the deadline is still published, so
   * consumers see it. Keep it below the clients' timeouts (the client SDK waits 30 s for a
   * response, or the await timeout plus 10 s) so that callers get the 504 rather than a timeout of
   * their own.
   */
  public MutationServer.Builder upstreamTimeout(Duration upstreamTimeout) {
    Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
    if (upstreamTimeout.isNegative() || upstreamTimeout.isZero()) {
      throw new IllegalArgumentException("upstreamTimeout must be positive: " + upstreamTimeout);
    }
    this.upstreamTimeout = upstreamTimeout;
    return self();
  }

  /**
   * Limits how fast the server calls the upstream of sync {@code syncId}; see {@link RateLimit}.
   * Without it a sync has {@link RateLimit#UNLIMITED}: no rate of its own, but an upstream's 429 is
   * honoured. Naming a sync that is not registered fails at {@link MutationServer.Builder#build()
   * build()}.
   */
  public MutationServer.Builder rateLimit(String syncId, RateLimit limit) {
    requireId(syncId, "syncId");
    registrations.rateLimit(syncId, Objects.requireNonNull(limit, "limit"));
    return self();
  }

  /**
   * Sets the most HTTP requests answered at once, those waiting for consumers included; beyond it a
   * request is answered {@code 503 unavailable} with {@code Retry-After} before its body is read,
   * so nothing queues without bound. The default is 10,000.
   */
  public MutationServer.Builder maxInFlightRequests(int maxInFlightRequests) {
    if (maxInFlightRequests < 1) {
      throw new IllegalArgumentException(
          "maxInFlightRequests must be positive: " + maxInFlightRequests);
    }
    this.maxInFlightRequests = maxInFlightRequests;
    return self();
  }

  /**
   * Sets the most requests that may wait for consumers at once; beyond it a request that awaits
   * consumers is answered {@code 503 unavailable} with {@code Retry-After}, before the upstream is
   * called. The default is 10,000.
   */
  public MutationServer.Builder maxPendingAwaits(int maxPendingAwaits) {
    if (maxPendingAwaits < 1) {
      throw new IllegalArgumentException("maxPendingAwaits must be positive: " + maxPendingAwaits);
    }
    this.maxPendingAwaits = maxPendingAwaits;
    return self();
  }

  /**
   * Sets how long a request body may take to arrive on this server's HTTP listeners, from the
   * moment its headers were read; a slower or stalled body loses its connection instead of holding
   * a thread. The default is 30 s.
   */
  public MutationServer.Builder bodyReadTimeout(Duration bodyReadTimeout) {
    if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
      throw new IllegalArgumentException("bodyReadTimeout must be positive: " + bodyReadTimeout);
    }
    this.bodyReadTimeout = bodyReadTimeout;
    return self();
  }

  /**
   * Sets how long {@link MutationServer#close() close()} lets HTTP requests in flight finish; the
   * default is 10 s.
   */
  public MutationServer.Builder gracePeriod(Duration gracePeriod) {
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriod);
    }
    this.gracePeriod = gracePeriod;
    return self();
  }

  /**
   * Sets the executor that upstream calls run on. It should be bounded: a full executor rejects the
   * task, and the request is answered 503. The caller owns it. By default the server has 16 threads
   * and a queue of 10,000 calls.
   */
  public MutationServer.Builder upstreamExecutor(ExecutorService upstreamExecutor) {
    this.upstreamExecutor = Objects.requireNonNull(upstreamExecutor, "upstreamExecutor");
    return self();
  }

  /** Sets the size of the default upstream executor: threads, and calls queued beyond them. */
  public MutationServer.Builder upstreamConcurrency(int threads, int queue) {
    if (threads < 1 || queue < 0) {
      throw new IllegalArgumentException(
          "need threads >= 1 and queue >= 0: " + threads + ", " + queue);
    }
    this.upstreamThreads = threads;
    this.upstreamQueue = queue;
    return self();
  }

  /**
   * Sets the scheduler of await timeouts. The caller owns it. By default the server has one thread.
   */
  public MutationServer.Builder timer(ScheduledExecutorService timer) {
    this.timer = Objects.requireNonNull(timer, "timer");
    return self();
  }

  /**
   * Sets the key that signs and checks consistency tokens (HMAC-SHA256), at least 32 bytes; the
   * array is copied. By default each server process draws a random key, so a token is accepted only
   * by the process that issued it: the nodes of one Kafka service must share one key (from a secret
   * store, never from the code) to accept each other's tokens. Changing the key refuses every token
   * issued before. Set it only with a stream whose positions outlive the process (Kafka): the
   * in-memory stream starts again at offset 0 after a restart, where an old token's positions would
   * name other records; the default key refuses such tokens.
   *
   * @throws IllegalArgumentException if {@code key} is shorter than 32 bytes
   */
  public MutationServer.Builder consistencyTokenKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < TokenSigner.KEY_BYTES) {
      throw new IllegalArgumentException(
          "consistencyTokenKey must be at least "
              + TokenSigner.KEY_BYTES
              + " bytes, got "
              + key.length);
    }
    this.consistencyTokenKey = key.clone();
    return self();
  }

  /**
   * Sets what is told of requests, upstream calls, awaits, refusals and consumer batches as they
   * happen, for metrics (e.g. {@code MutationMetrics} of the artifact {@code
   * mutation-api-micrometer}); the default is {@link ServerObserver#NONE}. Whatever the observer
   * throws is logged once and ignored: it never changes an answer.
   */
  public MutationServer.Builder observer(ServerObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    return self();
  }

  private static void requireId(String id, String name) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be null or empty");
    }
  }
}
