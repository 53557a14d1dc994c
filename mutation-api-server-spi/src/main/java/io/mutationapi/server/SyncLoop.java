package io.mutationapi.server;

import io.mutationapi.Record;
import io.mutationapi.internal.Futures;
import io.mutationapi.server.spi.ChangePage;
import io.mutationapi.server.spi.ChangeQuery;
import io.mutationapi.server.spi.ChangeSource;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.CursorStore;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change capture of one (sync, collection): loads the stored cursor, then reads one page at a
 * time from the {@link ChangeSource}, publishes its records to the stream and saves its cursor; a
 * page that says more are ready is followed at once, otherwise the next poll waits the interval (or
 * a {@link #poke} after a mutation batch). Polls take permits from the sync's {@link RateLimiter},
 * shared with mutations, and step aside while mutations wait for one. Never two pages at once: at
 * most one poll is scheduled or running. A failure (the source, the stream or the cursor store)
 * keeps the cursor, backs off and is logged once when polls start failing and once when they
 * recover. Every step runs on the sync scheduler; the source's and stream's stages hand back to it.
 * Thread-safe.
 */
final class SyncLoop {
  private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);

  /** How long a poll steps aside while mutations wait for the rate limit. */
  private static final Duration MUTATIONS_FIRST = Duration.ofMillis(100);

  private final String syncId;
  private final String collectionId;
  private final ChangeSource source;
  private final ChangeCapture settings;
  private final CursorStore cursors;
  private final ChangeStream stream;
  private final RateLimiter limiter;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;

  // Guarded by this.
  private boolean closed;
  private boolean running;
  private boolean pokedWhileRunning;
  private ScheduledFuture<?> next;
  // Confined to the scheduler's one thread; null until loaded from the store.
  private Optional<String> cursor;
  // Guarded by this.
  private Optional<Instant> lastSuccessfulPoll = Optional.empty();
  private Optional<Instant> caughtUpAt = Optional.empty();
  private long recordsPublished;
  private int failures;
  private Optional<String> lastError = Optional.empty();

  SyncLoop(
      String syncId,
      String collectionId,
      ChangeSource source,
      ChangeCapture settings,
      CursorStore cursors,
      ChangeStream stream,
      RateLimiter limiter,
      ScheduledExecutorService scheduler,
      Clock clock) {
    this.syncId = syncId;
    this.collectionId = collectionId;
    this.source = source;
    this.settings = settings;
    this.cursors = cursors;
    this.stream = stream;
    this.limiter = limiter;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  String syncId() {
    return syncId;
  }

  String collectionId() {
    return collectionId;
  }

  /** Starts the backfill (or the resumption from the stored cursor) at once. */
  synchronized void start() {
    schedule(0);
  }

  /** Polls at once, unless a poll runs (then right after it) or polls are failing (backoff). */
  synchronized void poke() {
    if (closed || failures > 0) {
      return;
    }
    if (running) {
      pokedWhileRunning = true;
      return;
    }
    schedule(0);
  }

  /** Stops: no poll starts after this returns; one in flight is dropped when it completes. */
  synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel(false);
      next = null;
    }
  }

  synchronized SyncHealth health() {
    return new SyncHealth(
        syncId,
        collectionId,
        lastSuccessfulPoll,
        caughtUpAt,
        recordsPublished,
        failures,
        lastError);
  }

  private synchronized void schedule(long delayNanos) {
    if (closed) {
      return;
    }
    if (next != null) {
      next.cancel(false);
    }
    try {
      next = scheduler.schedule(this::poll, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      closed = true; // the server is closing
    }
  }

  private void poll() {
    synchronized (this) {
      if (closed || running) {
        return;
      }
      running = true;
      pokedWhileRunning = false;
      next = null;
    }
    try {
      if (cursor == null) {
        cursor = cursors.load(syncId, collectionId);
      }
      if (stream.isFull()) {
        // Consumers are behind: reading more would only pile up; not a failure of the sync.
        finish(settings.pollInterval());
        return;
      }
      if (limiter.queued() > 0) {
        // Mutations are waiting for the sync's rate limit: they go first.
        finish(
            MUTATIONS_FIRST.compareTo(settings.pollInterval()) < 0
                ? MUTATIONS_FIRST
                : settings.pollInterval());
        return;
      }
      RateLimiter.Permit permit = limiter.acquire();
      if (!permit.granted()) {
        finish(permit.refusal().retryAfter().orElse(settings.pollInterval()));
      } else if (permit.waitNanos() > 0) {
        scheduler.schedule(
            () -> {
              limiter.dequeued();
              fetch();
            },
            permit.waitNanos(),
            TimeUnit.NANOSECONDS);
      } else {
        fetch();
      }
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void fetch() {
    Optional<String> from = cursor;
    ChangeQuery query =
        new ChangeQuery(
            syncId,
            collectionId,
            from,
            settings.pageSize(),
            from.isEmpty()
                ? settings.maxAge().map(age -> clock.instant().minus(age))
                : Optional.empty());
    CompletionStage<ChangePage> page;
    try {
      page = source.changes(query);
      if (page == null) {
        page = CompletableFuture.failedFuture(new IllegalStateException("source returned null"));
      }
    } catch (RuntimeException e) {
      page = CompletableFuture.failedFuture(e);
    }
    page.thenCompose(p -> publish(p.records()).thenApply(v -> p))
        .whenComplete(
            (p, error) -> {
              try {
                scheduler.execute(() -> completed(from, p, error));
              } catch (RejectedExecutionException e) {
                synchronized (this) {
                  running = false; // closing
                }
              }
            });
  }

  private CompletionStage<?> publish(List<Record> records) {
    return records.isEmpty() ? CompletableFuture.completedFuture(null) : stream.publish(records);
  }

  private void completed(Optional<String> from, ChangePage page, Throwable error) {
    if (error != null) {
      failed(error);
      return;
    }
    try {
      if (!from.equals(Optional.of(page.cursor()))) {
        cursors.save(syncId, collectionId, page.cursor());
      }
    } catch (RuntimeException e) {
      failed(e);
      return;
    }
    cursor = Optional.of(page.cursor());
    Instant now = clock.instant();
    boolean recovered;
    synchronized (this) {
      recovered = failures > 0;
      failures = 0;
      lastSuccessfulPoll = Optional.of(now);
      recordsPublished += page.records().size();
      if (!page.hasMore()) {
        caughtUpAt = Optional.of(now);
      }
    }
    if (recovered) {
      log.info("sync={} collection={} change capture recovered", syncId, collectionId);
    }
    finish(page.hasMore() ? Duration.ZERO : settings.pollInterval());
  }

  private void failed(Throwable error) {
    Throwable cause = Futures.unwrap(error);
    if (cause instanceof UpstreamException) {
      ((UpstreamException) cause).retryAfter().ifPresent(limiter::blockFor);
    }
    int count;
    synchronized (this) {
      count = ++failures;
      lastError = Optional.of(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
    if (count == 1) {
      log.warn(
          "sync={} collection={} change capture failing, backing off (logged again on recovery)",
          syncId,
          collectionId,
          cause);
    }
    long shift = Math.min(count - 1, 20);
    Duration backoff = settings.pollInterval().multipliedBy(1L << shift);
    finish(backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff);
  }

  private void finish(Duration wait) {
    synchronized (this) {
      running = false;
      boolean again = pokedWhileRunning && failures == 0;
      pokedWhileRunning = false;
      schedule(again ? 0 : wait.toNanos());
    }
  }
}
