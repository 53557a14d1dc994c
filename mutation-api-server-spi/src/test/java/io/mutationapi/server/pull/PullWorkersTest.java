package io.mutationapi.server.pull;

import static io.mutationapi.server.pull.PullFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.Record;
import io.mutationapi.server.HttpConsumerSettings;
import io.mutationapi.server.spi.AckOutcome;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PulledMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Four workers on one consumer that ack, nack or let messages expire at random (fixed seed): every
 * version is acked, none is held by two workers at once, and each record's versions are acked in
 * order.
 */
class PullWorkersTest {
  static final int RECORDS = 200;
  static final int VERSIONS = 4;
  static final int WORKERS = 4;
  static final Duration ACK_WAIT = Duration.ofMillis(150);

  @Test
  void fourWorkers_randomAckNackExpire_everyVersionAckedInOrder_noneHeldTwice() throws Exception {
    try (PullFixture fixture =
        new PullFixture(HttpConsumerSettings.DEFAULTS.withAckWait(Duration.ofMillis(150)))) {
      List<Record> created = fixture.create(RECORDS);
      for (int v = 1; v < VERSIONS; v++) {
        for (Record record : created) {
          fixture.update(record.upstreamId(), Map.of("v", v));
        }
      }
      int total = RECORDS * VERSIONS;
      Map<String, Long> lastAcked = new ConcurrentHashMap<>();
      Set<String> acked = ConcurrentHashMap.newKeySet();
      Map<String, Claim> holder = new ConcurrentHashMap<>();
      AtomicInteger overlaps = new AtomicInteger();
      AtomicInteger outOfOrder = new AtomicInteger();
      AtomicInteger expiredRejections = new AtomicInteger();
      AtomicInteger nacks = new AtomicInteger();
      AtomicInteger abandoned = new AtomicInteger();
      AtomicInteger redeliveries = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
      List<Future<?>> workers = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (int w = 0; w < WORKERS; w++) {
        Random random = new Random(42 + w);
        String me = "w" + w;
        workers.add(
            pool.submit(
                () -> {
                  while (acked.size() < total && System.nanoTime() < deadline) {
                    long asked = System.nanoTime();
                    PullOutcome.Pulled pulled =
                        PullFixture.pulled(
                            fixture.next(ALICE, 1 + random.nextInt(8), Duration.ofMillis(50)));
                    long received = System.nanoTime();
                    for (PulledMessage m : pulled.messages()) {
                      String version = key(m.record());
                      if (m.deliveryCount() > 1) {
                        redeliveries.incrementAndGet();
                      }
                      Claim mine = new Claim(me, m.deliveryCount(), asked, received);
                      Claim other = holder.putIfAbsent(version, mine);
                      if (other != null && Claim.heldAtOnce(other, mine)) {
                        overlaps.incrementAndGet();
                      }
                      int choice = random.nextInt(10);
                      if (choice < 6) {
                        // Release the claim before acking: once acked, the next version may go out.
                        holder.remove(version, mine);
                        Long before = lastAcked.get(m.record().upstreamId());
                        // A delivery acked within its ack wait is surely the one that finishes the
                        // version; a later ack may repeat one another worker already made (a
                        // harmless double ack), which says nothing about order.
                        boolean surelyCurrent = System.nanoTime() - asked < ACK_WAIT.toNanos();
                        AckOutcome.Done done = fixture.ack(List.of(m.ackToken()));
                        if (done.done() == 1) {
                          if (surelyCurrent
                              && before != null
                              && before > m.record().updatedIdx().getAsLong()) {
                            outOfOrder.incrementAndGet();
                          }
                          lastAcked.merge(
                              m.record().upstreamId(),
                              m.record().updatedIdx().getAsLong(),
                              Math::max);
                          acked.add(version);
                        } else {
                          expiredRejections.incrementAndGet();
                        }
                      } else if (choice < 8) {
                        holder.remove(version, mine);
                        nacks.incrementAndGet();
                        fixture.consume.nack(PullFixture.WORKER, List.of(m.ackToken()), ALICE);
                      } else {
                        holder.remove(version, mine); // Let it expire: someone gets it again.
                        abandoned.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get(90, TimeUnit.SECONDS);
      }
      pool.shutdownNow();

      assertThat(acked).hasSize(total);
      assertThat(overlaps).hasValue(0);
      assertThat(outOfOrder).hasValue(0);
      assertThat(nacks.get()).isPositive();
      assertThat(abandoned.get()).isPositive();
      assertThat(redeliveries.get()).isGreaterThanOrEqualTo(nacks.get() + abandoned.get() / 2);
      PullOutcome.Pulled end = fixture.pull(10);
      assertThat(end.messages()).isEmpty();
      assertThat(end.numPending()).isZero();
      assertThat(end.numAckPending()).isZero();
    }
  }

  /**
   * A worker's hold on one delivery of a version: when it asked for it and when it had it. Two
   * claims on one version are a fault only if both deliveries were valid at once: the same delivery
   * twice, or a later one handed out before the earlier one's ack wait could have passed (a worker
   * slowed down by the machine may still be looking at a delivery that expired and went to someone
   * else, which is the contract).
   */
  private record Claim(String worker, int delivery, long askedNanos, long receivedNanos) {
    static boolean heldAtOnce(Claim a, Claim b) {
      if (a.delivery == b.delivery) {
        return true;
      }
      Claim earlier = a.delivery < b.delivery ? a : b;
      Claim later = earlier == a ? b : a;
      // The earlier delivery expired no sooner than ACK_WAIT after its worker asked for it.
      return later.receivedNanos - earlier.askedNanos < ACK_WAIT.toNanos();
    }
  }

  private static String key(Record record) {
    return record.upstreamId() + "@" + record.updatedIdx();
  }
}
