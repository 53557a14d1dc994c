package io.mutationapi.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.ServerObserver;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records what a {@link MutationServer} does as Micrometer meters in one {@link MeterRegistry}: a
 * {@link ServerObserver} to register on the server's builder, and the server's gauges once it is
 * built.
 *
 * <pre>{@code
 * MutationMetrics metrics = MutationMetrics.create(meterRegistry);
 * MutationServer server = MutationServer.builder()
 *     .sync("my-sync-id", upstream, "salesforce:contact")
 *     .consumer("local-db", consumer, "salesforce:contact")
 *     .bearerToken(token, principal)
 *     .observer(metrics)
 *     .build();
 * metrics.bindTo(server); // gauges: pending awaits, each consumer's lag
 * }</pre>
 *
 * <p>The meters are listed in the README's "Metrics" section. All names start with {@code
 * mutation.api.}; times are in the registry's base unit (seconds for most). Tags have bounded
 * values: path templates, wire kinds, statuses, error codes, and the ids of registered syncs and
 * consumers, never anything else from a request.
 *
 * <p>Thread-safe: the observer's methods are called concurrently by the server and only look up or
 * create a meter and record to it. One instance serves one server; a second server on the same
 * registry needs its own instance and a common tag (a {@code MeterFilter}) to tell them apart.
 */
public final class MutationMetrics implements ServerObserver {
  private final MeterRegistry registry;
  private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
  private final Map<String, Counter> replays = new ConcurrentHashMap<>();
  private final Map<UpstreamKey, Timer> upstreamCalls = new ConcurrentHashMap<>();
  private final Map<AwaitResult, Timer> awaits = new EnumMap<>(AwaitResult.class);
  private final Map<String, Counter> rateLimited = new ConcurrentHashMap<>();
  private final Map<Overload, Counter> overloaded = new EnumMap<>(Overload.class);
  private final Map<String, ConsumerMeters> consumers = new ConcurrentHashMap<>();

  private MutationMetrics(MeterRegistry registry) {
    this.registry = registry;
    // Enum-keyed meters exist from the start, so every outcome shows as 0 before it happens.
    for (AwaitResult result : AwaitResult.values()) {
      awaits.put(
          result,
          Timer.builder(MeterNames.AWAITS)
              .description("Requests' waits for consumers, from publish to the end of the wait")
              .tag("result", lower(result))
              .publishPercentileHistogram()
              .register(registry));
    }
    for (Overload reason : Overload.values()) {
      overloaded.put(
          reason,
          Counter.builder(MeterNames.OVERLOADED)
              .description("Requests answered 503 unavailable because the server is overloaded")
              .tag("reason", lower(reason))
              .register(registry));
    }
  }

  /** Returns metrics recorded in {@code registry}; register it with {@code .observer(...)}. */
  public static MutationMetrics create(MeterRegistry registry) {
    return new MutationMetrics(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Registers the gauges of {@code server} in this registry: requests waiting for consumers, and
   * for each of its consumers the lag and the requests waiting for it, and for an HTTP consumer its
   * messages pending and awaiting acks. The gauges read the server when the registry is read (the
   * consumers' lag from the stream's {@code status}) and hold it only weakly. Call it once, after
   * {@code build()}.
   *
   * @return this
   */
  public MutationMetrics bindTo(MutationServer server) {
    Objects.requireNonNull(server, "server");
    ServerGauges.register(server, registry);
    return this;
  }

  @Override
  public void requestAnswered(
      String endpoint,
      String kind,
      int status,
      String errorCode,
      boolean replayed,
      long durationNanos) {
    RequestKey key = new RequestKey(endpoint, kind, status, errorCode);
    Timer timer = requests.get(key);
    if (timer == null) {
      timer = requests.computeIfAbsent(key, this::requestTimer);
    }
    timer.record(durationNanos, TimeUnit.NANOSECONDS);
    if (replayed) {
      replays
          .computeIfAbsent(
              endpoint,
              e ->
                  Counter.builder(MeterNames.REPLAYS)
                      .description("Answers replayed for a resent Idempotency-Key")
                      .tag("endpoint", e)
                      .register(registry))
          .increment();
    }
  }

  @Override
  public void upstreamCalled(
      String syncId, int records, long durationNanos, UpstreamResult result) {
    UpstreamKey key = new UpstreamKey(syncId, result);
    Timer timer = upstreamCalls.get(key);
    if (timer == null) {
      timer =
          upstreamCalls.computeIfAbsent(
              key,
              k ->
                  Timer.builder(MeterNames.UPSTREAM_CALLS)
                      .description("Calls to a sync's upstream, one per batch")
                      .tags("sync", k.syncId(), "result", lower(k.result()))
                      .register(registry));
    }
    timer.record(durationNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void awaitFinished(int consumerCount, long waitNanos, AwaitResult result) {
    awaits.get(result).record(waitNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void rateLimited(String syncId, boolean byUpstream) {
    String source = byUpstream ? "upstream" : "server";
    rateLimited
        .computeIfAbsent(
            syncId + '\n' + source,
            k ->
                Counter.builder(MeterNames.RATE_LIMITED)
                    .description("Upstream calls not made or refused because of a rate limit")
                    .tags("sync", syncId, "source", source)
                    .register(registry))
        .increment();
  }

  @Override
  public void overloaded(Overload reason) {
    overloaded.get(reason).increment();
  }

  @Override
  public void consumerBatch(String consumerId, int events, long durationNanos, boolean succeeded) {
    ConsumerMeters meters = consumers.get(consumerId);
    if (meters == null) {
      meters = consumers.computeIfAbsent(consumerId, id -> new ConsumerMeters(id, registry));
    }
    meters.record(events, durationNanos, succeeded);
  }

  @Override
  public String toString() {
    return "MutationMetrics{" + registry.getClass().getSimpleName() + "}";
  }

  private Timer requestTimer(RequestKey key) {
    return Timer.builder(MeterNames.REQUESTS)
        .description("HTTP requests answered, by endpoint, mutation kind, status and error code")
        .tags(
            Tags.of(
                "endpoint", key.endpoint(),
                "kind", key.kind(),
                "status", Integer.toString(key.status()),
                "code", key.code()))
        .register(registry);
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private record RequestKey(String endpoint, String kind, int status, String code) {}

  private record UpstreamKey(String syncId, UpstreamResult result) {}
}
