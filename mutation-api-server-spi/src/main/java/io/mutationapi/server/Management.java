package io.mutationapi.server;

import io.mutationapi.internal.await.AwaitRegistry;
import io.mutationapi.server.pull.ConsumerAccess;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.CollectionHealthSummary;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.ConsumerHealthSummary;
import io.mutationapi.server.spi.ConsumerStatus;
import io.mutationapi.server.spi.ConsumerSummary;
import io.mutationapi.server.spi.HealthStatus;
import io.mutationapi.server.spi.HttpConsumerSummary;
import io.mutationapi.server.spi.ManagementService;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.RateLimitSummary;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.server.spi.SyncSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link ManagementService} of a {@link MutationServer}: its registrations, with the state read
 * from the stream, the await registry, the change captures and the HTTP consumers when asked.
 * Immutable; thread-safe.
 */
final class Management implements ManagementService {
  private final Map<String, MutationEngine.Sync> syncs;
  private final Map<String, Subscription> consumers;
  private final Map<String, RateLimit> rateLimits;
  private final Authenticator authenticator;
  private final ConsumerAccess access;
  private final ChangeStream stream;
  private final AwaitRegistry registry;
  private final Supplier<List<SyncHealth>> syncHealth;
  private final Function<Consumer, Optional<HttpConsumerSummary>> httpConsumers;

  /**
   * @param authenticator decides which syncs a principal sees (the server always has one: {@code
   *     insecureNoAuthentication} lets every principal mutate every sync)
   * @param access decides which consumers a principal sees
   * @param httpConsumers the settings and counts of an HTTP consumer; empty for other consumers
   */
  Management(
      Registrations registrations,
      Authenticator authenticator,
      ConsumerAccess access,
      ChangeStream stream,
      AwaitRegistry registry,
      Supplier<List<SyncHealth>> syncHealth,
      Function<Consumer, Optional<HttpConsumerSummary>> httpConsumers) {
    this.syncs = Collections.unmodifiableMap(new LinkedHashMap<>(registrations.syncs()));
    this.consumers = Collections.unmodifiableMap(new LinkedHashMap<>(registrations.consumers()));
    this.rateLimits = Map.copyOf(registrations.rateLimits());
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.access = access;
    this.stream = stream;
    this.registry = registry;
    this.syncHealth = syncHealth;
    this.httpConsumers = httpConsumers;
  }

  @Override
  public List<ConsumerSummary> consumers(Principal principal) {
    List<ConsumerSummary> all = new ArrayList<>();
    for (Subscription subscription : consumers.values()) {
      if (access.mayUse(subscription.consumerId(), principal)) {
        all.add(summary(subscription));
      }
    }
    return all;
  }

  /** Returns every consumer, for no principal in particular: for the host's metrics. */
  List<ConsumerSummary> all() {
    List<ConsumerSummary> all = new ArrayList<>(consumers.size());
    for (Subscription subscription : consumers.values()) {
      all.add(summary(subscription));
    }
    return all;
  }

  /** Returns consumer {@code id}, for no principal in particular; empty if unknown. */
  Optional<ConsumerSummary> any(String id) {
    Subscription subscription = consumers.get(id);
    return subscription == null ? Optional.empty() : Optional.of(summary(subscription));
  }

  @Override
  public Optional<ConsumerSummary> consumer(String id, Principal principal) {
    Subscription subscription = consumers.get(id);
    return subscription == null || !access.mayUse(subscription.consumerId(), principal)
        ? Optional.empty()
        : Optional.of(summary(subscription));
  }

  @Override
  public List<SyncSummary> syncs(Principal principal) {
    List<SyncHealth> health = syncHealth.get();
    List<SyncSummary> all = new ArrayList<>();
    for (MutationEngine.Sync sync : syncs.values()) {
      if (maySee(sync.syncId(), principal)) {
        all.add(summary(sync, health));
      }
    }
    return all;
  }

  @Override
  public Optional<SyncSummary> sync(String id, Principal principal) {
    MutationEngine.Sync sync = syncs.get(id);
    return sync == null || !maySee(id, principal)
        ? Optional.empty()
        : Optional.of(summary(sync, syncHealth.get()));
  }

  private boolean maySee(String syncId, Principal principal) {
    return authenticator.access(principal, syncId) != Authenticator.Access.HIDDEN;
  }

  private ConsumerSummary summary(Subscription subscription) {
    String id = subscription.consumerId();
    ConsumerStatus status = stream.status(id);
    Optional<HttpConsumerSummary> http = httpConsumers.apply(subscription.consumer());
    HealthStatus health =
        !status.known()
            ? HealthStatus.UNKNOWN
            : status.consecutiveFailures() > 0 ? HealthStatus.FAILING : HealthStatus.HEALTHY;
    return new ConsumerSummary(
        id,
        subscription.consumer().kind(),
        List.copyOf(subscription.collectionIds()),
        status.lag(),
        registry.pendingAwaits(id),
        new ConsumerHealthSummary(
            health, status.consecutiveFailures(), status.lastError(), status.lastErrorAt()),
        http);
  }

  /**
   * The class part of a {@code ExceptionClass: message} error: the message may quote what the
   * upstream answered, and stays in the server's log.
   */
  static String withoutMessage(String error) {
    int colon = error.indexOf(':');
    return colon < 0 ? error : error.substring(0, colon);
  }

  private SyncSummary summary(MutationEngine.Sync sync, List<SyncHealth> health) {
    List<CollectionHealthSummary> collections = new ArrayList<>();
    boolean failing = false;
    for (SyncHealth h : health) {
      if (h.syncId().equals(sync.syncId())) {
        failing |= h.consecutiveFailures() > 0;
        collections.add(
            new CollectionHealthSummary(
                h.collectionId(),
                h.lastSuccessfulPoll(),
                h.caughtUpAt(),
                h.recordsPublished(),
                h.consecutiveFailures(),
                h.lastError().map(Management::withoutMessage)));
      }
    }
    RateLimit limit = rateLimits.get(sync.syncId());
    Optional<RateLimitSummary> rateLimit =
        limit == null || Double.isInfinite(limit.permitsPerSecond())
            ? Optional.empty()
            : Optional.of(
                new RateLimitSummary(
                    limit.permitsPerSecond(), limit.burst(), limit.maxWait(), limit.maxQueued()));
    return new SyncSummary(
        sync.syncId(),
        sync.upstream().kind(),
        List.copyOf(sync.collectionIds()),
        rateLimit,
        failing ? HealthStatus.FAILING : HealthStatus.HEALTHY,
        collections);
  }
}
