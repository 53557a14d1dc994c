package io.mutationapi.server;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.internal.DaemonThreads;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.ConsumerProgress;
import io.mutationapi.server.spi.ConsumerStatus;
import io.mutationapi.server.spi.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChangeStream} in memory, for one process: the default of {@link MutationServer}.
 *
 * <p>Records are spread over partitions by (sync, collection, upstream id), so every version of a
 * record lands in the same partition and is delivered in order. Each consumer has a cursor per
 * partition and receives batches of the events of its collections; events of other collections are
 * skipped, and its progress advances past them, so nobody waits for an event a consumer will never
 * see. A consumer with {@link Subscription.Start#LATEST} starts at the end of each partition as it
 * is when the stream starts; others at its first event. A failing consumer is retried with
 * exponential backoff on the same events (delivery is at least once) without holding up other
 * consumers: each consumer is delivered to on its own thread. A consumer that says it {@linkplain
 * Consumer#isNonBlocking never blocks} is delivered to on the publishing thread instead when its
 * cursor in that partition is idle (no batch running or backing off), so a request awaiting it is
 * answered without a thread hand-off; later events, retries and redeliveries still go to its
 * thread, and one whose calls there turn out slow goes back to its thread for a while ({@code
 * ConsumerLane}).
 *
 * <p>Events are kept until every consumer has passed them. {@link #isFull()} answers true when
 * {@link Builder#maxRetainedEvents} are kept, and the server then refuses new mutations with 503
 * instead of growing without limit. Nothing survives a restart.
 *
 * <p>Memory: a retained event costs about 55 bytes of its own, plus its record (about 580 bytes for
 * a contact of three short fields) once nothing else holds that version (the in-memory upstream
 * holds the newest version of each record); so the default bound of 1,000,000 events is up to about
 * 0.6 GB of heap with such records (measured by the benchmarks' {@code MemoryBenchmark}). Consumers
 * that keep up hold a few seconds of events: a consumer's batch is at most {@link
 * Builder#maxDeliveryBatch} events per partition, one batch per partition at a time.
 *
 * <p>Thread-safe.
 */
public final class InMemoryStream implements ChangeStream {
  private static final Logger log = LoggerFactory.getLogger(InMemoryStream.class);

  private final Partition[] partitions;
  private final long maxRetainedEvents;
  private final int maxDeliveryBatch;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final ScheduledExecutorService timer;
  private final boolean ownsTimer;
  private final AtomicLong retained = new AtomicLong();
  private final List<ConsumerLane> lanes = new ArrayList<>();
  private volatile boolean started;
  private volatile boolean closed;
  private ConsumerProgress progress;

  private InMemoryStream(Builder b) {
    this.partitions = new Partition[b.partitions];
    for (int i = 0; i < partitions.length; i++) {
      partitions[i] = new Partition(i);
    }
    this.maxRetainedEvents = b.maxRetainedEvents;
    this.maxDeliveryBatch = b.maxDeliveryBatch;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.ownsTimer = b.timer == null;
    this.timer =
        b.timer != null
            ? b.timer
            : Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("mutation-stream-retry"));
  }

  /** Returns a stream with the defaults. */
  public static InMemoryStream create() {
    return builder().build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized void start(List<Subscription> subscriptions, ConsumerProgress progress) {
    if (started) {
      throw new IllegalStateException("stream already started");
    }
    this.progress = Objects.requireNonNull(progress, "progress");
    for (Subscription subscription : subscriptions) {
      ConsumerLane lane = new ConsumerLane(subscription.consumerId(), subscription.consumer());
      lanes.add(lane);
      for (Partition partition : partitions) {
        partition.cursors.add(new Cursor(subscription, partition, lane));
      }
    }
    started = true;
  }

  @Override
  public CompletionStage<List<Position>> publish(List<Record> records) {
    if (!started) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("stream not started: publish before start"));
    }
    List<Position> positions = new ArrayList<>(records.size());
    BitSet touched = new BitSet(partitions.length);
    for (Record record : records) {
      Partition partition = partitions[partitionOf(record)];
      positions.add(partition.append(record));
      touched.set(partition.index);
    }
    for (int p = touched.nextSetBit(0); p >= 0; p = touched.nextSetBit(p + 1)) {
      partitions[p].wakeAll();
    }
    return CompletableFuture.completedFuture(positions);
  }

  @Override
  public boolean isFull() {
    return retained.get() >= maxRetainedEvents;
  }

  /**
   * Returns how consumer {@code consumerId} is doing: its lag is the events of every partition it
   * has not passed yet (of its collections or not), its failures those of its most failing
   * partition, and its last error the class of the newest failure (never the message, which may
   * quote record data). {@link ConsumerStatus#UNKNOWN} before {@link #start} or for a consumer not
   * subscribed.
   */
  @Override
  public ConsumerStatus status(String consumerId) {
    long lag = 0;
    int failures = 0;
    String lastError = null;
    Instant lastErrorAt = null;
    boolean found = false;
    for (Partition partition : partitions) {
      synchronized (partition) {
        for (Cursor cursor : partition.cursors) {
          if (cursor.subscription.consumerId().equals(consumerId)) {
            found = true;
            lag += partition.end() - cursor.nextOffset;
            failures = Math.max(failures, cursor.failures);
            if (cursor.lastErrorAt != null
                && (lastErrorAt == null || cursor.lastErrorAt.isAfter(lastErrorAt))) {
              lastErrorAt = cursor.lastErrorAt;
              lastError = cursor.lastError;
            }
          }
        }
      }
    }
    if (!found) {
      return ConsumerStatus.UNKNOWN;
    }
    return new ConsumerStatus(
        OptionalLong.of(lag),
        failures,
        Optional.ofNullable(lastError),
        Optional.ofNullable(lastErrorAt),
        true);
  }

  /** Returns the partition {@code record} is published to. */
  public int partitionOf(Record record) {
    int h = record.syncId().hashCode();
    h = 31 * h + record.collectionId().hashCode();
    h = 31 * h + record.upstreamId().hashCode();
    h ^= h >>> 16;
    return Math.floorMod(h, partitions.length);
  }

  /** Returns how many events are kept because some consumer has not passed them yet. */
  public long retainedEvents() {
    return retained.get();
  }

  /**
   * Stops delivering; events not delivered are lost. A delivery running on a publishing thread
   * finishes, and its progress is still reported.
   */
  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      lanes.forEach(ConsumerLane::close);
    }
    if (ownsTimer) {
      timer.shutdownNow();
    }
  }

  /** One partition's events and its consumers' cursors. Guarded by itself. */
  private final class Partition {
    final int index;
    final List<Cursor> cursors = new ArrayList<>();
    // events.get(head + i) has offset base + i.
    final ArrayList<ChangeEvent> events = new ArrayList<>();
    int head;
    long base;

    Partition(int index) {
      this.index = index;
    }

    synchronized Position append(Record record) {
      Position position = new Position(index, end());
      events.add(new ChangeEvent(position, record));
      retained.incrementAndGet();
      trim();
      return position;
    }

    long end() {
      return base + events.size() - head;
    }

    synchronized List<ChangeEvent> slice(long from, int max) {
      int start = head + (int) (from - base);
      int stop = Math.min(events.size(), start + max);
      return new ArrayList<>(events.subList(start, stop));
    }

    /**
     * Starts a delivery on every idle cursor that has events: first those handed to their
     * consumer's thread, then those run here.
     */
    void wakeAll() {
      for (Cursor cursor : cursors) {
        if (!cursor.lane.inline()) {
          cursor.wake(false);
        }
      }
      for (Cursor cursor : cursors) {
        if (cursor.lane.inline()) {
          cursor.wake(true);
        }
      }
    }

    /** Drops the events every cursor has passed. Caller holds the lock. */
    void trim() {
      long min = end();
      for (Cursor cursor : cursors) {
        min = Math.min(min, cursor.nextOffset);
      }
      int drop = (int) (min - base);
      if (drop <= 0) {
        return;
      }
      for (int i = head; i < head + drop; i++) {
        events.set(i, null);
      }
      head += drop;
      base = min;
      retained.addAndGet(-drop);
      if (head > 1024 && head > events.size() / 2) {
        events.subList(0, head).clear();
        head = 0;
      }
    }
  }

  /** One consumer's position in one partition. State guarded by the partition's lock. */
  private final class Cursor {
    final Subscription subscription;
    final Partition partition;
    final ConsumerLane lane;
    long nextOffset;
    boolean running;
    int failures;
    String lastError;
    Instant lastErrorAt;

    Cursor(Subscription subscription, Partition partition, ConsumerLane lane) {
      this.subscription = subscription;
      this.partition = partition;
      this.lane = lane;
      this.nextOffset =
          subscription.start() == Subscription.Start.LATEST ? partition.end() : partition.base;
    }

    /**
     * Starts a delivery if the cursor is idle and behind: on this thread if {@code here} and the
     * consumer may be called inline, else on the consumer's thread.
     */
    void wake(boolean here) {
      synchronized (partition) {
        if (running || closed || nextOffset >= partition.end()) {
          return;
        }
        running = true;
      }
      if (here && lane.inline()) {
        deliver(true);
      } else {
        lane.schedule(() -> deliver(false));
      }
    }

    private void deliver(boolean inline) {
      long from;
      synchronized (partition) {
        from = nextOffset;
      }
      List<ChangeEvent> slice = partition.slice(from, maxDeliveryBatch);
      long to = from + slice.size();
      List<ChangeEvent> mine = new ArrayList<>(slice.size());
      for (ChangeEvent event : slice) {
        if (subscription.consumes(event.record().collectionId())) {
          mine.add(event);
        }
      }
      if (mine.isEmpty()) {
        done(to);
        return;
      }
      long started = System.nanoTime();
      CompletionStage<BatchResult> processed;
      try {
        processed = subscription.consumer().processBatch(mine);
        if (processed == null) {
          processed =
              CompletableFuture.failedFuture(new NullPointerException("process returned null"));
        }
      } catch (RuntimeException | Error e) {
        processed = CompletableFuture.failedFuture(e);
      }
      if (inline) {
        lane.calledInline(System.nanoTime() - started);
      }
      processed.whenComplete(
          (result, error) -> {
            progress.batchProcessed(
                subscription.consumerId(), mine.size(), System.nanoTime() - started, error == null);
            if (error == null) {
              if (result != null) {
                // Before the progress passes them, so no await on them is answered success.
                for (BatchResult.Skipped skipped : result.notApplied()) {
                  progress.notApplied(
                      subscription.consumerId(), skipped.event().position(), skipped.reason());
                }
              }
              done(to);
            } else {
              retry(from, error);
            }
          });
    }

    private void done(long to) {
      synchronized (partition) {
        nextOffset = to;
        failures = 0;
        running = false;
        partition.trim();
      }
      progress.advanced(subscription.consumerId(), partition.index, to);
      // Events published meanwhile go to the consumer's thread: the publisher did its share.
      wake(false);
    }

    private void retry(long from, Throwable error) {
      int attempt;
      synchronized (partition) {
        attempt = ++failures;
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        lastError = (cause == null ? error : cause).getClass().getName();
        lastErrorAt = Instant.now();
      }
      long backoff = backoffNanos(attempt);
      String message =
          "Consumer '{}' failed on partition {} at offset {} (attempt {}); retrying in {} ms";
      Object[] args = {
        subscription.consumerId(),
        partition.index,
        from,
        attempt,
        TimeUnit.NANOSECONDS.toMillis(backoff),
        error
      };
      if (attempt > 1) {
        // The stack trace was logged on the first attempt; later ones say only that it goes on.
        args[args.length - 1] = error.toString();
        message += ": {}";
      }
      log.warn(message, args);
      if (closed) {
        return;
      }
      try {
        timer.schedule(() -> lane.schedule(() -> deliver(false)), backoff, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // Closed.
      }
    }

    private long backoffNanos(int attempt) {
      long nanos = initialBackoff.toNanos();
      for (int i = 1; i < attempt && nanos < maxBackoff.toNanos(); i++) {
        nanos *= 2;
      }
      return Math.min(nanos, maxBackoff.toNanos());
    }
  }

  /** Builds an {@link InMemoryStream}. Not thread-safe. */
  public static final class Builder {
    private int partitions = 16;
    private long maxRetainedEvents = 1_000_000;
    private int maxDeliveryBatch = 500;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private ScheduledExecutorService timer;

    Builder() {}

    /** Sets the number of partitions; the default is 16. */
    public Builder partitions(int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be positive: " + partitions);
      }
      this.partitions = partitions;
      return this;
    }

    /**
     * Sets how many events may be kept for consumers that are behind before the stream is {@link
     * #isFull() full}; the default is 1,000,000.
     */
    public Builder maxRetainedEvents(long maxRetainedEvents) {
      if (maxRetainedEvents < 1) {
        throw new IllegalArgumentException(
            "maxRetainedEvents must be positive: " + maxRetainedEvents);
      }
      this.maxRetainedEvents = maxRetainedEvents;
      return this;
    }

    /** Sets the largest batch given to a consumer; the default is 500. */
    public Builder maxDeliveryBatch(int maxDeliveryBatch) {
      if (maxDeliveryBatch < 1) {
        throw new IllegalArgumentException(
            "maxDeliveryBatch must be positive: " + maxDeliveryBatch);
      }
      this.maxDeliveryBatch = maxDeliveryBatch;
      return this;
    }

    /**
     * Sets the wait before retrying a failed consumer, doubling per failure up to {@code max}; the
     * defaults are 100 ms and 10 s.
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "backoff must be positive and max at least initial: " + initial + ", " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Sets the scheduler for retries; by default the stream has its own thread. */
    public Builder timer(ScheduledExecutorService timer) {
      this.timer = Objects.requireNonNull(timer, "timer");
      return this;
    }

    /** Returns the stream. */
    public InMemoryStream build() {
      return new InMemoryStream(this);
    }
  }
}
