package io.mutationapi.server;

import io.mutationapi.internal.DaemonThreads;
import io.mutationapi.server.spi.ChangeSource;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.CursorStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The change captures of a server: one {@link SyncLoop} per (sync, collection) whose sync was
 * registered with {@link MutationServer.Builder#changeCapture}, all on one scheduler thread of
 * their own, which {@link #close} stops. Thread-safe.
 */
final class SyncLoops {
  /** What the builder registered for one sync. */
  record Capture(ChangeSource source, ChangeCapture settings) {}

  private final List<SyncLoop> loops = new ArrayList<>();
  private final ScheduledThreadPoolExecutor scheduler;

  SyncLoops(
      Map<String, Capture> captures,
      Map<String, MutationEngine.Sync> syncs,
      Map<String, RateLimiter> limiters,
      CursorStore cursors,
      ChangeStream stream) {
    this.scheduler =
        captures.isEmpty()
            ? null
            : new ScheduledThreadPoolExecutor(1, DaemonThreads.named("mutation-sync"));
    if (scheduler != null) {
      scheduler.setRemoveOnCancelPolicy(true);
    }
    captures.forEach(
        (syncId, capture) -> {
          for (String collectionId : syncs.get(syncId).collectionIds()) {
            loops.add(
                new SyncLoop(
                    syncId,
                    collectionId,
                    capture.source(),
                    capture.settings(),
                    cursors,
                    stream,
                    limiters.get(syncId),
                    scheduler,
                    Clock.systemUTC()));
          }
        });
  }

  /** Starts every capture. */
  void start() {
    loops.forEach(SyncLoop::start);
  }

  /** A mutation batch changed {@code collectionId} of {@code syncId}: poll it at once. */
  void poke(String syncId, String collectionId) {
    for (SyncLoop loop : loops) {
      if (loop.syncId().equals(syncId) && loop.collectionId().equals(collectionId)) {
        loop.poke();
      }
    }
  }

  /** Returns the health of every capture, in registration order. */
  List<SyncHealth> health() {
    List<SyncHealth> health = new ArrayList<>(loops.size());
    loops.forEach(loop -> health.add(loop.health()));
    return List.copyOf(health);
  }

  /** Stops every capture and waits briefly for the scheduler thread to end. */
  void close() {
    loops.forEach(SyncLoop::close);
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
