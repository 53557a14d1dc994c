package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.Record;
import io.mutationapi.client.MutationClient;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryIdempotencyStore;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Suite 5, load: 64 concurrent clients create, update and delete records, each awaiting the
 * consumer, over loopback HTTP. Zero unexpected errors, the heap stays bounded and the number of
 * threads does not grow. Runs {@code load.seconds} seconds: a short run in every build, 60 s with
 * {@code -Pload}.
 */
class LoadTest {
  private static final String SYNC = "my-sync-id";
  private static final String CONTACT = "salesforce:contact";
  private static final String TOKEN = "load-token";
  private static final int CLIENTS = 64;
  private static final long MIB = 1024 * 1024;

  @Test
  void sixtyFourClients_mixedWritesWithAwaits_noErrors_boundedHeap_noThreadGrowth()
      throws Exception {
    int seconds = Integer.getInteger("load.seconds", 8);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    PrintStream out = System.out;
    // The request log would print a line per request: count the lines, print none.
    AtomicLong logBytes = new AtomicLong();
    System.setOut(
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                logBytes.incrementAndGet();
              }

              @Override
              public void write(byte[] b, int off, int len) {
                logBytes.addAndGet(len);
              }
            },
            true));
    InMemoryConsumer db = new InMemoryConsumer();
    AtomicLong[] counts = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    long heapBefore;
    long heapAfter;
    int threadsWarm;
    int threadsEnd;
    int peakThreads;
    try (MutationServer server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .consumer("local-db", db, CONTACT)
            .bearerToken(TOKEN, Principal.of("app", SYNC))
            .idempotencyStore(
                InMemoryIdempotencyStore.builder()
                    .retention(Duration.ofSeconds(5))
                    .maxEntries(500_000)
                    .build())
            .build()) {
      // Jetty's pool grows with demand up to its bound (200 by default): bound it, so that
      // "no thread growth" measures leaks, not how far the pool chose to grow under this load.
      int port =
          MutationHttpServer.builder(server)
              .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .maxThreads(24)
              .start()
              .port();
      try (MutationClient client =
          MutationClient.builder().baseUrl("http://127.0.0.1:" + port).apiToken(TOKEN).build()) {
        heapBefore = usedHeapAfterGc(memory);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger warm = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int n = c;
          workers.add(
              pool.submit(
                  () -> {
                    long i = 0;
                    while (System.nanoTime() - end < 0 && errors.size() < 10) {
                      try {
                        cycle(client, n, i++, counts);
                      } catch (RuntimeException | AssertionError e) {
                        errors.add(e);
                      }
                      if (i == 20) {
                        warm.incrementAndGet();
                      }
                    }
                  }));
        }
        // Threads once every client is warm, and at their peak until the end.
        long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (warm.get() < CLIENTS && System.nanoTime() - warmDeadline < 0) {
          Thread.sleep(20);
        }
        threadsWarm = threads.getThreadCount();
        threads.resetPeakThreadCount();
        for (Future<?> worker : workers) {
          worker.get(seconds + 60L, TimeUnit.SECONDS);
        }
        peakThreads = threads.getPeakThreadCount();
        threadsEnd = threads.getThreadCount();
        pool.shutdown();
        heapAfter = usedHeapAfterGc(memory);
      }
      assertThat(server.pendingAwaits()).isZero();
    } finally {
      System.setOut(out);
    }
    long total = counts[0].get() + counts[1].get() + counts[2].get();
    // Each answered write was awaited, so the consumer processed its event: none was lost.
    long lost = Math.max(0, total - db.eventCount());
    out.printf(
        "[fault-suite] load: %d s, %d clients, inputs tried %d requests (create %d, update %d,"
            + " delete %d, each awaiting the consumer, %.0f/s), faults injected 0, unexpected"
            + " errors %d, records lost %d (consumer events %d), heap %d -> %d MiB, threads warm %d peak %d end %d,"
            + " log %d KiB%n",
        seconds,
        CLIENTS,
        total,
        counts[0].get(),
        counts[1].get(),
        counts[2].get(),
        total / (double) seconds,
        errors.size(),
        lost,
        db.eventCount(),
        heapBefore / MIB,
        heapAfter / MIB,
        threadsWarm,
        peakThreads,
        threadsEnd,
        logBytes.get() / 1024);
    errors.forEach(e -> e.printStackTrace(out));
    assertThat(errors).as("unexpected errors").isEmpty();
    assertThat(lost).as("records lost").isZero();
    assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(256 * MIB);
    assertThat(peakThreads).as("peak threads vs. warm").isLessThanOrEqualTo(threadsWarm + 16);
    assertThat(total).isGreaterThan(CLIENTS);
  }

  /** Create, update, delete one record, each awaiting the consumer; checks what it reads back. */
  private static void cycle(MutationClient client, int n, long i, AtomicLong[] counts) {
    String name = "c" + n + "-" + i;
    Record created =
        client
            .mutations()
            .create(SYNC, CONTACT)
            .record(Map.of("LastName", name))
            .awaitConsumers("local-db")
            .execute()
            .record();
    counts[0].incrementAndGet();
    assertThat(created.data()).containsEntry("LastName", name);
    Record updated =
        client
            .mutations()
            .update(SYNC, CONTACT)
            .record(created.upstreamId(), Map.of("Title", "T"))
            .awaitConsumers("local-db")
            .execute()
            .record();
    counts[1].incrementAndGet();
    assertThat(updated.data()).containsEntry("Title", "T").containsEntry("LastName", name);
    Record deleted =
        client
            .mutations()
            .delete(SYNC, CONTACT)
            .upstreamIds(created.upstreamId())
            .awaitConsumers("local-db")
            .execute()
            .record();
    counts[2].incrementAndGet();
    assertThat(deleted.deleted()).isTrue();
  }

  private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
    System.gc();
    Thread.sleep(100);
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
