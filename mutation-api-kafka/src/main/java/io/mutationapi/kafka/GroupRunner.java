package io.mutationapi.kafka;

import io.mutationapi.await.Position;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.ConsumerProgress;
import io.mutationapi.server.spi.ConsumerStatus;
import io.mutationapi.server.spi.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of one consumer's group: polls the changes topic, hands each partition's batch to the
 * consumer, and commits it (then reports the progress) only once the consumer has processed it.
 *
 * <p>Each partition has at most one batch with the consumer; its next records wait in a queue of
 * the partition (fetching goes on, so they are at hand when the batch completes) while other
 * partitions go on. A failed batch is retried with backoff and holds up only its partition, which
 * is paused once its queue is full. Events of collections the consumer does not consume are skipped
 * and committed all the same. On a rebalance the partitions given away are forgotten: a batch of
 * theirs that completes later is not committed, and their new owner reads it again (at least once).
 * A member whose Kafka consumer fails (anything but a batch) rejoins with a new one after a
 * backoff.
 *
 * <p>Threading: the Kafka consumer is used only on this runner's poll thread; {@code processBatch}
 * is called on a thread of its own per consumer, so a consumer that blocks holds up only itself;
 * completions come back to the poll thread through a queue and {@link KafkaConsumer#wakeup()};
 * {@link #status()} reads a snapshot the poll thread publishes after each poll and each outcome.
 */
final class GroupRunner {
  private static final Logger log = LoggerFactory.getLogger(GroupRunner.class);

  private static final int MAX_BATCH = 500;
  private static final int MAX_QUEUED = 2_000;

  private final Subscription subscription;
  private final KafkaConfig config;
  private final PendingCommits commits;
  private final ConsumerProgress local;
  private final ScheduledExecutorService timer;
  // Replaced, on the poll thread, when a failed member rejoins.
  private volatile KafkaConsumer<String, byte[]> consumer;
  private final ExecutorService processThread;
  private final Thread pollThread;
  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  // Poll thread only.
  private final Map<TopicPartition, PartitionState> owned = new HashMap<>();
  private volatile boolean running = true;
  // Poll thread only: whether the group has assigned this member its partitions (maybe none).
  private boolean assigned;
  private String lastError;
  private Instant lastErrorAt;
  private volatile ConsumerStatus status =
      new ConsumerStatus(OptionalLong.empty(), 0, Optional.empty(), Optional.empty(), true);

  GroupRunner(
      Subscription subscription,
      KafkaConfig config,
      ProgressPublisher publisher,
      ConsumerProgress local,
      ScheduledExecutorService timer) {
    this.subscription = subscription;
    this.config = config;
    this.commits = new PendingCommits(subscription.consumerId(), publisher);
    this.local = local;
    this.timer = timer;
    this.consumer = newConsumer();
    String name = "mutation-kafka-" + subscription.consumerId();
    this.processThread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name + "-process");
              t.setDaemon(true);
              return t;
            });
    this.pollThread = new Thread(this::run, name + "-poll");
    this.pollThread.setDaemon(true);
  }

  void start() {
    pollThread.start();
  }

  /**
   * Returns how this member is doing: its lag is the messages of the partitions the group assigned
   * to it that it has not processed yet (behind the end Kafka last reported, plus those fetched and
   * not yet done), empty until it knows the end of each; its failures are those of its most failing
   * partition; its last error is the class of the newest failure, kept after recovery. Any thread;
   * a snapshot of the last poll, never blocks.
   */
  ConsumerStatus status() {
    return status;
  }

  /** Leaves the group; batches not yet committed are read again by the next owner. */
  void close() {
    running = false;
    consumer.wakeup();
    try {
      pollThread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    processThread.shutdownNow();
  }

  /** Runs the member; if its Kafka consumer fails, rejoins with a new one after a backoff. */
  private void run() {
    int failures = 0;
    while (running) {
      try {
        member();
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        long backoff = backoffMillis(++failures);
        log.error(
            "Consumer '{}' left its group: its Kafka consumer failed; rejoining in {} ms",
            subscription.consumerId(),
            backoff,
            e);
        owned.clear();
        commits.clear();
        assigned = false;
        publishStatus();
        sleepWhileRunning(backoff);
        if (running) {
          consumer = newConsumer();
        }
      }
    }
  }

  /** Polls and delivers until closed; closes the Kafka consumer, leaving the group, in any case. */
  private void member() {
    try {
      consumer.subscribe(List.of(config.topic()), new Rebalance());
      while (running) {
        runInbox();
        publishStatus();
        commits.commit(consumer);
        ConsumerRecords<String, byte[]> records;
        try {
          records = consumer.poll(Duration.ofSeconds(1));
        } catch (WakeupException e) {
          continue;
        }
        for (TopicPartition tp : records.partitions()) {
          PartitionState state = owned.get(tp);
          if (state != null) {
            received(state, records.records(tp));
          }
        }
        publishStatus();
        commits.commit(consumer);
      }
    } finally {
      try {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      } catch (RuntimeException e) {
        log.warn("Closing the Kafka consumer of '{}' failed", subscription.consumerId(), e);
      }
    }
  }

  /** Publishes the member's status for {@link #status()}. Poll thread. */
  private void publishStatus() {
    OptionalLong lag = OptionalLong.empty();
    int failures = 0;
    if (assigned) {
      long sum = 0;
      for (PartitionState state : owned.values()) {
        OptionalLong behind = consumer.currentLag(state.tp);
        if (behind.isEmpty()) {
          sum = -1;
          break;
        }
        sum += behind.getAsLong() + state.queued.size() + state.inFlight;
      }
      lag = sum < 0 ? OptionalLong.empty() : OptionalLong.of(sum);
    }
    for (PartitionState state : owned.values()) {
      failures = Math.max(failures, state.failures);
    }
    status =
        new ConsumerStatus(
            lag, failures, Optional.ofNullable(lastError), Optional.ofNullable(lastErrorAt), true);
  }

  private KafkaConsumer<String, byte[]> newConsumer() {
    return new KafkaConsumer<>(
        ClientSettings.groupConsumer(config, subscription.consumerId(), subscription.start()));
  }

  private void sleepWhileRunning(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      while (running && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void runInbox() {
    Runnable task;
    while ((task = inbox.poll()) != null) {
      task.run();
    }
  }

  /** Runs {@code task} on the poll thread. Any thread. */
  private void post(Runnable task) {
    inbox.add(task);
    consumer.wakeup();
  }

  /**
   * Queues polled records of a partition and, unless a batch of it is with the consumer, hands on
   * the next. Fetching goes on meanwhile, so the next batch is at hand when one completes; a queue
   * of {@link #MAX_QUEUED} pauses the partition until it drains.
   */
  private void received(PartitionState state, List<ConsumerRecord<String, byte[]>> records) {
    state.queued.addAll(records);
    if (!state.paused && state.queued.size() >= MAX_QUEUED) {
      consumer.pause(List.of(state.tp));
      state.paused = true;
    }
    if (!state.busy) {
      dispatchNext(state);
    }
  }

  /**
   * Hands the next batch of queued records to the consumer; batches with no event of its
   * collections are done at once.
   */
  private void dispatchNext(PartitionState state) {
    while (!state.queued.isEmpty()) {
      List<ChangeEvent> mine = new ArrayList<>();
      long next = -1;
      int taken = 0;
      for (; taken < MAX_BATCH && !state.queued.isEmpty(); taken++) {
        ConsumerRecord<String, byte[]> message = state.queued.poll();
        next = message.offset() + 1;
        ChangeEvent event = event(message);
        if (event != null && subscription.consumes(event.record().collectionId())) {
          mine.add(event);
        }
      }
      if (state.paused && state.queued.size() < MAX_QUEUED / 2) {
        consumer.resume(List.of(state.tp));
        state.paused = false;
      }
      if (!mine.isEmpty()) {
        state.busy = true;
        state.inFlight = taken;
        deliver(state, mine, next);
        return;
      }
      commits.markDone(state.tp, next, BatchResult.allApplied());
    }
  }

  private ChangeEvent event(ConsumerRecord<String, byte[]> message) {
    try {
      return new ChangeEvent(
          new Position(message.partition(), message.offset()), ChangeRecords.read(message.value()));
    } catch (RuntimeException e) {
      log.error(
          "Consumer '{}' skips the message at {}-{}: it is not a change: {}",
          subscription.consumerId(),
          message.partition(),
          message.offset(),
          e.toString());
      return null;
    }
  }

  /**
   * Hands {@code batch} to the consumer on its thread; the outcome comes back to the poll thread.
   */
  private void deliver(PartitionState state, List<ChangeEvent> batch, long next) {
    try {
      processThread.execute(
          () -> {
            long started = System.nanoTime();
            CompletionStage<BatchResult> stage;
            try {
              stage = subscription.consumer().processBatch(batch);
              if (stage == null) {
                stage = CompletableFuture.failedFuture(new NullPointerException("returned null"));
              }
            } catch (RuntimeException | Error e) {
              stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete(
                (result, error) -> {
                  local.batchProcessed(
                      subscription.consumerId(),
                      batch.size(),
                      System.nanoTime() - started,
                      error == null);
                  post(() -> processed(state, batch, next, result, error));
                });
          });
    } catch (RejectedExecutionException e) {
      // Closing.
    }
  }

  private void processed(
      PartitionState state,
      List<ChangeEvent> batch,
      long next,
      BatchResult result,
      Throwable error) {
    if (owned.get(state.tp) != state) {
      return; // Given away in a rebalance: its new owner reads the batch again.
    }
    if (error == null) {
      state.failures = 0;
      state.busy = false;
      state.inFlight = 0;
      commits.markDone(state.tp, next, result != null ? result : BatchResult.allApplied());
      dispatchNext(state);
      return;
    }
    if (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    int attempt = ++state.failures;
    lastError = error.getClass().getName();
    lastErrorAt = Instant.now();
    publishStatus();
    long backoff = backoffMillis(attempt);
    String message =
        "Consumer '{}' failed on partition {} at offset {} (attempt {}); retrying in {} ms";
    Object[] args = {
      subscription.consumerId(),
      state.tp.partition(),
      batch.get(0).position().offset(),
      attempt,
      backoff,
      error
    };
    if (attempt > 1) {
      // The stack trace was logged on the first attempt; later ones say only that it goes on.
      args[args.length - 1] = error.toString();
      message += ": {}";
    }
    log.warn(message, args);
    try {
      timer.schedule(
          () ->
              post(
                  () -> {
                    if (running && owned.get(state.tp) == state) {
                      deliver(state, batch, next);
                    }
                  }),
          backoff,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closing.
    }
  }

  private long backoffMillis(int attempt) {
    long millis = config.initialBackoff().toMillis();
    long max = config.maxBackoff().toMillis();
    for (int i = 1; i < attempt && millis < max; i++) {
      millis *= 2;
    }
    return Math.min(millis, max);
  }

  /** Keeps {@link #owned} equal to the partitions the group gave this member. Poll thread. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Still the owner: what is done is committed, so the next owner need not read it again.
      commits.commit(consumer);
      commits.forget(partitions);
      partitions.forEach(owned::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      commits.forget(partitions);
      partitions.forEach(owned::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assigned = true;
      for (TopicPartition tp : partitions) {
        owned.put(tp, new PartitionState(tp));
      }
      if (partitions.isEmpty()) {
        return;
      }
      log.info(
          "Consumer '{}' on {} was assigned partitions {}",
          subscription.consumerId(),
          config.nodeId(),
          numbers(partitions));
    }

    private Set<Integer> numbers(Collection<TopicPartition> partitions) {
      Set<Integer> numbers = new TreeSet<>();
      partitions.forEach(tp -> numbers.add(tp.partition()));
      return numbers;
    }
  }

  /** The state of one partition this member owns. Poll thread only. */
  private static final class PartitionState {
    final TopicPartition tp;
    final ArrayDeque<ConsumerRecord<String, byte[]>> queued = new ArrayDeque<>();
    boolean busy;
    boolean paused;
    int failures;
    // Messages taken from the queue for the batch with the consumer.
    int inFlight;

    PartitionState(TopicPartition tp) {
      this.tp = tp;
    }
  }
}
