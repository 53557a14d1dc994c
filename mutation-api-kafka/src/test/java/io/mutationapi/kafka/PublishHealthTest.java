package io.mutationapi.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class PublishHealthTest {
  final AtomicLong now = new AtomicLong();
  final AtomicInteger probes = new AtomicInteger();
  CompletableFuture<Void> probe = new CompletableFuture<>();
  final PublishHealth health = new PublishHealth(this::probe, now::get, 1_000);

  private CompletionStage<?> probe() {
    probes.incrementAndGet();
    return probe;
  }

  @Test
  void publishThatTimedOut_isFailing_untilAProbeSucceeds() {
    health.failed(new CompletionException(new TimeoutException("expired")));
    assertThat(health.isFailing()).isTrue();

    now.addAndGet(1_000);
    assertThat(health.isFailing()).isTrue();
    probe.complete(null);

    assertThat(health.isFailing()).isFalse();
    assertThat(probes).hasValue(1);
  }

  @Test
  void probesAtMostOncePerInterval_andAgainAfterOneFails() {
    health.failed(new NotEnoughReplicasException("1 of 2"));
    now.addAndGet(1_000);
    health.isFailing();
    health.isFailing();
    assertThat(probes).hasValue(1);

    probe.completeExceptionally(new TimeoutException("still down"));
    probe = new CompletableFuture<>();
    now.addAndGet(999);
    assertThat(health.isFailing()).isTrue();
    assertThat(probes).hasValue(1);
    now.addAndGet(1);
    assertThat(health.isFailing()).isTrue();
    assertThat(probes).hasValue(2);
  }

  @Test
  void publishThatSucceeds_endsTheFailure() {
    health.failed(new TimeoutException("expired"));

    health.succeeded();

    assertThat(health.isFailing()).isFalse();
  }

  @Test
  void recordKafkaRefusesForItself_saysNothingOfTheCluster() {
    health.failed(new RecordTooLargeException("too large"));
    health.failed(new IllegalStateException("stream not started"));

    assertThat(health.isFailing()).isFalse();
    assertThat(probes).hasValue(0);
  }
}
