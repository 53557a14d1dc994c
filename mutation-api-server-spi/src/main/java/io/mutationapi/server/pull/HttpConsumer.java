package io.mutationapi.server.pull;

import io.mutationapi.server.HttpConsumerSettings;
import io.mutationapi.server.spi.AckOutcome;
import io.mutationapi.server.spi.AckOutcome.RejectedToken;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PulledMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP (pull) consumer: the {@link Consumer} the stream delivers to, holding each batch until
 * workers have acked every event of it (or it was dropped after {@code max_deliver} deliveries),
 * and handing the events out to workers' pulls.
 *
 * <p>{@link #processBatch} returns a stage that completes when every event of the batch is acked or
 * dropped; dropped events are reported as skipped, so requests awaiting them are answered {@code
 * record_not_applied}. A message handed out is invisible to other pulls until it is acked, nacked
 * (visible at once) or its ack wait passes (visible again, with a new token and a higher delivery
 * count). A record's next version is not handed out while an earlier one is held and not finished,
 * whatever batch or partition it came in. Otherwise messages go out in stream order per partition,
 * partitions taking turns.
 *
 * <p>For the management endpoints: {@link #settings()}, {@link #numPending()} and {@link
 * #numAckPending()}. The server creates one per {@code MutationServer.Builder#httpConsumer} and
 * calls {@link #start} once when it is built. Thread-safe: one lock per consumer, never held while
 * a future is completed; waiting pulls and ack waits are timer tasks, not threads.
 */
public final class HttpConsumer implements Consumer {
  private final String consumerId;
  private final HttpConsumerSettings settings;
  private final Object lock = new Object();
  private final MessageQueue queue = new MessageQueue();
  private final LongPolls polls = new LongPolls();
  private final AckTokens tokens = new AckTokens();
  private final DroppedMessages dropped = new DroppedMessages();
  private ScheduledExecutorService timer;
  private ExpiryTimer expiry;
  private long nextSeq;
  private boolean closed;

  /**
   * Returns a consumer {@code consumerId} with {@code settings}; it serves pulls after {@link
   * #start}.
   */
  public HttpConsumer(String consumerId, HttpConsumerSettings settings) {
    this.consumerId = Objects.requireNonNull(consumerId, "consumerId");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Returns the id requests await this consumer by. */
  public String consumerId() {
    return consumerId;
  }

  /** Returns the settings it was registered with. */
  public HttpConsumerSettings settings() {
    return settings;
  }

  /** Returns how many messages it holds that are not handed out (a snapshot). */
  public int numPending() {
    synchronized (lock) {
      return queue.numPending();
    }
  }

  /** Returns how many messages are handed out and not yet acked, nacked or expired (a snapshot). */
  public int numAckPending() {
    synchronized (lock) {
      return queue.numAckPending();
    }
  }

  /**
   * Starts: ack waits and long polls are scheduled on {@code timer}, which the caller owns. Called
   * once by the server before the stream starts.
   */
  public void start(ScheduledExecutorService timer) {
    synchronized (lock) {
      this.timer = Objects.requireNonNull(timer, "timer");
      this.expiry = new ExpiryTimer(timer, this::expire);
    }
  }

  @Override
  public CompletionStage<Void> process(List<ChangeEvent> batch) {
    return processBatch(batch).thenApply(result -> null);
  }

  /** Holds {@code batch} for pulls; completes when each event was acked or dropped. */
  @Override
  public CompletionStage<BatchResult> processBatch(List<ChangeEvent> batch) {
    if (batch.isEmpty()) {
      return CompletableFuture.completedFuture(BatchResult.allApplied());
    }
    Batch held = new Batch(batch.size());
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return held.done; // The stream is closing too; nothing will complete it.
      }
      for (ChangeEvent event : batch) {
        queue.add(new Message(nextSeq++, event, held));
      }
      serve(after);
    }
    after.forEach(Runnable::run);
    return held.done;
  }

  /** Hands out up to {@code batchSize} messages, waiting up to {@code waitFor} for the first. */
  CompletableFuture<PullOutcome> pull(String principalName, int batchSize, Duration waitFor) {
    synchronized (lock) {
      if (closed || timer == null) {
        return CompletableFuture.completedFuture(shuttingDown());
      }
      List<PulledMessage> messages = take(principalName, batchSize);
      if (!messages.isEmpty() || waitFor.isZero()) {
        return CompletableFuture.completedFuture(pulled(messages));
      }
      LongPolls.Poll poll = new LongPolls.Poll(principalName, batchSize);
      try {
        poll.timeout =
            timer.schedule(() -> timedOut(poll), waitFor.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        return CompletableFuture.completedFuture(shuttingDown());
      }
      polls.add(poll);
      return poll.answer;
    }
  }

  /** Acks the messages {@code ackTokens} name; see {@link PullService#ack}. */
  AckOutcome ack(List<String> ackTokens, String principalName) {
    return settle(ackTokens, principalName, true);
  }

  /** Gives back the messages {@code ackTokens} name; see {@link PullService#nack}. */
  AckOutcome nack(List<String> ackTokens, String principalName) {
    return settle(ackTokens, principalName, false);
  }

  /** Answers waiting pulls {@code 503} and forgets every message; later pulls are refused. */
  void close() {
    List<LongPolls.Poll> waiting;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (expiry != null) {
        expiry.cancel();
      }
      waiting = polls.removeAll();
      queue.clear();
      dropped.clear();
    }
    PullOutcome refused = shuttingDown();
    for (LongPolls.Poll poll : waiting) {
      poll.cancelTimeout();
      poll.answer.complete(refused);
    }
  }

  private AckOutcome settle(List<String> ackTokens, String principalName, boolean ack) {
    List<Optional<AckTokens.Ref>> refs = new ArrayList<>(ackTokens.size());
    for (String token : ackTokens) {
      refs.add(tokens.verify(token, principalName, consumerId));
    }
    List<RejectedToken> rejected = new ArrayList<>();
    int done = 0;
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return new AckOutcome.Refused(MutationOutcome.Failure.shuttingDown().error());
      }
      for (int i = 0; i < refs.size(); i++) {
        RejectedToken rejection = settleOne(i, refs.get(i), ack, after);
        if (rejection == null) {
          done++;
        } else {
          rejected.add(rejection);
        }
      }
      serve(after);
    }
    after.forEach(Runnable::run);
    return new AckOutcome.Done(done, rejected);
  }

  /** Acks or nacks one token; returns why not, or null. Caller holds the lock. */
  private RejectedToken settleOne(
      int index, Optional<AckTokens.Ref> ref, boolean ack, List<Runnable> after) {
    if (ref.isEmpty()) {
      return Rejections.unknown(index);
    }
    Message message = queue.get(ref.get().seq());
    if (message == null) {
      if (dropped.contains(ref.get().seq())) {
        return Rejections.dropped(index, dropReason());
      }
      return null; // Acked before: acking (or nacking) it again changes nothing.
    }
    if (ref.get().delivery() != message.deliveries) {
      return Rejections.redelivered(index);
    }
    if (ack) {
      finish(message, null, after);
    } else if (message.state == Message.State.IN_FLIGHT) {
      giveBack(message, after);
    }
    return null;
  }

  /** Hands out up to {@code max} ready messages. Caller holds the lock. */
  private List<PulledMessage> take(String principalName, int max) {
    List<PulledMessage> messages = new ArrayList<>(Math.min(max, 16));
    long deadline = System.nanoTime() + settings.ackWait().toNanos();
    while (messages.size() < max) {
      Message message = queue.next(settings.maxAckPending(), deadline);
      if (message == null) {
        break;
      }
      String token = tokens.issue(principalName, consumerId, message.seq, message.deliveries);
      messages.add(new PulledMessage(token, message.event.record(), message.deliveries));
    }
    if (!messages.isEmpty()) {
      expiry.arm(queue.nextDeadline());
    }
    return messages;
  }

  /** Answers waiting pulls, oldest first, while messages are ready. Caller holds the lock. */
  private void serve(List<Runnable> after) {
    while (polls.first() != null) {
      LongPolls.Poll poll = polls.first();
      List<PulledMessage> messages = take(poll.principalName, poll.batchSize);
      if (messages.isEmpty()) {
        return;
      }
      polls.remove(poll);
      poll.cancelTimeout();
      PullOutcome answer = pulled(messages);
      after.add(() -> poll.answer.complete(answer));
    }
  }

  private void timedOut(LongPolls.Poll poll) {
    PullOutcome answer;
    synchronized (lock) {
      if (!polls.remove(poll)) {
        return;
      }
      answer = pulled(List.of());
    }
    poll.answer.complete(answer);
  }

  private void expire() {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      expiry.fired();
      if (closed) {
        return;
      }
      for (Message message : queue.expired(System.nanoTime())) {
        giveBack(message, after);
      }
      expiry.arm(queue.nextDeadline());
      serve(after);
    }
    after.forEach(Runnable::run);
  }

  /** Makes an in-flight message visible again, or drops it after its last delivery. */
  private void giveBack(Message message, List<Runnable> after) {
    int max = settings.maxDeliver();
    if (max != HttpConsumerSettings.UNLIMITED_DELIVERIES && message.deliveries >= max) {
      dropped.add(message.seq);
      finish(message, dropReason(), after);
    } else {
      queue.release(message);
    }
  }

  private void finish(Message message, String dropReason, List<Runnable> after) {
    queue.finish(message);
    if (message.batch.finished(message, dropReason)) {
      after.add(message.batch::complete);
    }
  }

  private String dropReason() {
    return "dropped after " + settings.maxDeliver() + " deliveries without an ack";
  }

  private PullOutcome pulled(List<PulledMessage> messages) {
    return new PullOutcome.Pulled(messages, queue.numPending(), queue.numAckPending());
  }

  private static PullOutcome shuttingDown() {
    return new PullOutcome.Refused(MutationOutcome.Failure.shuttingDown().error());
  }

  @Override
  public String toString() {
    return "HttpConsumer{" + consumerId + ", " + settings + "}";
  }
}
