package com.example.mutations;

import io.mutationapi.server.InMemoryUpstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Edits the demo's seeded contacts now and then as another user of the upstream would ({@link
 * InMemoryUpstream#update}), bypassing the API: {@code serve --outside-edits-per-minute N}. With
 * change capture on, each edit reaches {@code local-db} by the next poll.
 *
 * <p>One daemon thread; an edit that fails is logged and the next one goes ahead. {@link #close()}
 * stops it.
 */
final class OutsideEdits implements AutoCloseable {
  private static final System.Logger log = System.getLogger(OutsideEdits.class.getName());

  private final Map<String, InMemoryUpstream> upstreams;
  private final List<String> contacts;
  private final ScheduledExecutorService timer;
  private long count;

  private OutsideEdits(Map<String, InMemoryUpstream> upstreams, Duration every) {
    this.upstreams = Map.copyOf(upstreams);
    this.contacts = new ArrayList<>(DemoServer.SEED_CONTACTS.keySet());
    contacts.sort(null);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-outside-edits");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, every.toMillis());
    timer.scheduleAtFixedRate(this::editOne, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts editing: {@code perMinute} edits a minute in all, taking the syncs and seeded contacts
   * in turn.
   *
   * @param upstreams the in-memory upstream of each sync
   * @throws IllegalArgumentException if {@code perMinute} is not positive
   */
  static OutsideEdits start(Map<String, InMemoryUpstream> upstreams, int perMinute) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1: " + perMinute);
    }
    return new OutsideEdits(upstreams, Duration.ofMinutes(1).dividedBy(perMinute));
  }

  private void editOne() {
    long n = count++;
    List<String> syncIds = new ArrayList<>(upstreams.keySet());
    syncIds.sort(null);
    String syncId = syncIds.get((int) (n % syncIds.size()));
    String id = contacts.get((int) (n / syncIds.size() % contacts.size()));
    try {
      edit(upstreams.get(syncId), syncId, id, n);
    } catch (RuntimeException e) {
      log.log(
          System.Logger.Level.WARNING, "outside edit of " + id + " in " + syncId + " failed: " + e);
    }
  }

  /**
   * Edits contact {@code id} of {@code syncId} as a sales rep would in Salesforce: a new {@code
   * Email} (projected into {@code local-db}'s {@code email} column) and {@code Title}.
   */
  static void edit(InMemoryUpstream upstream, String syncId, String id, long n) {
    String first = String.valueOf(DemoServer.SEED_CONTACTS.get(id).get("FirstName"));
    upstream.update(
        syncId,
        "salesforce:contact",
        id,
        Map.of(
            "Email",
            first.toLowerCase(java.util.Locale.ROOT) + "+" + n + "@arrakis.org",
            "Title",
            "edited in Salesforce #" + n));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
