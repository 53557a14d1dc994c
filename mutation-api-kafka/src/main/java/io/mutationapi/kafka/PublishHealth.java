package io.mutationapi.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Whether the cluster takes publishes. After a publish fails because the cluster could not take it
 * in time (a retriable error: unreachable brokers, too few in-sync replicas, a timeout), the stream
 * reports itself {@linkplain KafkaChangeStream#isFull() full}, so the server refuses new mutations
 * with 503 before applying them upstream, rather than applying each and failing to publish it.
 * While failing, a probe is sent at most once per interval; its success, or any publish that
 * succeeds, ends it. A record Kafka refuses for itself (e.g. too large) says nothing of the
 * cluster.
 *
 * <p>Thread-safe.
 */
final class PublishHealth {
  private final Supplier<CompletionStage<?>> probe;
  private final LongSupplier nanoTime;
  private final long probeIntervalNanos;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile boolean failing;
  private volatile long lastProbe;

  PublishHealth(
      Supplier<CompletionStage<?>> probe, LongSupplier nanoTime, long probeIntervalNanos) {
    this.probe = probe;
    this.nanoTime = nanoTime;
    this.probeIntervalNanos = probeIntervalNanos;
  }

  void succeeded() {
    failing = false;
  }

  void failed(Throwable error) {
    if (saysTheClusterIsUnavailable(error)) {
      if (!failing) {
        lastProbe = nanoTime.getAsLong();
      }
      failing = true;
    }
  }

  /** Returns true while publishes fail for want of the cluster; may start a probe. */
  boolean isFailing() {
    if (!failing) {
      return false;
    }
    long now = nanoTime.getAsLong();
    if (now - lastProbe >= probeIntervalNanos && probing.compareAndSet(false, true)) {
      lastProbe = now;
      CompletionStage<?> sent;
      try {
        sent = probe.get();
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      sent.whenComplete(
          (ok, error) -> {
            if (error == null) {
              failing = false;
            }
            probing.set(false);
          });
    }
    return failing;
  }

  static boolean saysTheClusterIsUnavailable(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e instanceof RetriableException;
  }
}
