package io.mutationapi.benchmarks;

import io.mutationapi.Record;
import io.mutationapi.server.ChangeCapture;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Change capture from the in-memory upstream, run alone ({@code main}): records per second of a
 * backfill into an {@link InMemoryConsumer} at two page sizes, and the delay from an outside edit
 * to the consumer at the default poll interval (5 s). Prints one line per figure.
 */
public final class ChangeCaptureBenchmark {
  static final String SYNC = "bench";
  static final String CONTACT = "salesforce:contact";

  private ChangeCaptureBenchmark() {}

  /**
   * Runs the benchmark; {@code args[0]}: records to backfill (default 200,000); {@code args[1]}:
   * outside edits to time (default 20).
   */
  public static void main(String[] args) throws InterruptedException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    for (int pageSize : new int[] {500, 2_000}) {
      backfill(count, pageSize); // warm-up
      backfill(count, pageSize);
    }
    editDelay(args.length > 1 ? Integer.parseInt(args[1]) : 20);
  }

  static void backfill(int count, int pageSize) throws InterruptedException {
    InMemoryUpstream upstream = InMemoryUpstream.create();
    for (int i = 0; i < count; i++) {
      upstream.put(SYNC, CONTACT, String.format("003B%014d", i), Map.of("Name", "n" + i));
    }
    InMemoryConsumer db = new InMemoryConsumer();
    long started = System.nanoTime();
    MutationServer server = server(upstream, db, ChangeCapture.defaults().withPageSize(pageSize));
    try {
      while (db.eventCount() < count) {
        Thread.sleep(1);
      }
      long nanos = System.nanoTime() - started;
      System.out.printf(
          Locale.ROOT,
          "backfill: %d records, pages of %d, %d ms, %.0f records/s%n",
          count,
          pageSize,
          nanos / 1_000_000,
          count * 1e9 / nanos);
    } finally {
      server.close();
    }
  }

  static void editDelay(int edits) throws InterruptedException {
    InMemoryUpstream upstream = InMemoryUpstream.create();
    String id = "003B00000000000001";
    upstream.put(SYNC, CONTACT, id, Map.of("Name", "start"));
    InMemoryConsumer db = new InMemoryConsumer();
    Random random = new Random(1);
    long total = 0;
    long max = 0;
    MutationServer server = server(upstream, db, ChangeCapture.defaults());
    try {
      for (int i = 0; i < edits; i++) {
        Thread.sleep(random.nextInt(5_000));
        Record edited = upstream.update(SYNC, CONTACT, id, Map.of("Name", "edit" + i));
        long started = System.nanoTime();
        long idx = edited.updatedIdx().orElseThrow();
        while (db.get(SYNC, CONTACT, id).map(r -> r.updatedIdx().orElse(0)).orElse(0L) < idx) {
          Thread.sleep(1);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        total += millis;
        max = Math.max(max, millis);
      }
    } finally {
      server.close();
    }
    System.out.printf(
        Locale.ROOT,
        "outside edit to consumer at the default %s interval: mean %d ms, max %d ms over %d edits%n",
        ChangeCapture.defaults().pollInterval(),
        total / edits,
        max,
        edits);
  }

  static MutationServer server(
      InMemoryUpstream upstream, InMemoryConsumer db, ChangeCapture settings) {
    return MutationServer.builder()
        .sync(SYNC, upstream, CONTACT)
        .consumer("db", db, CONTACT)
        .changeCapture(SYNC, settings)
        .insecureNoAuthentication()
        .build();
  }
}
