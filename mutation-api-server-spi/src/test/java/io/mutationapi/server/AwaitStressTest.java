package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many requests awaiting many consumers at once, with consumers that finish on other threads after
 * random short delays: every await must complete (no lost wake-up), none may time out, and nothing
 * may be left waiting.
 */
class AwaitStressTest {
  static final String SYNC = "s";
  static final String CONTACT = "salesforce:contact";
  static final String TASK = "salesforce:task";
  static final int CONSUMERS = 8;
  static final int REQUESTS = 3000;

  final ExecutorService clients = Executors.newFixedThreadPool(4);
  final List<InMemoryConsumer> stores = new ArrayList<>();
  MutationServer server;

  /** Applies a batch after a random delay of up to a millisecond, on another thread. */
  static Consumer jittery(InMemoryConsumer store) {
    return batch ->
        CompletableFuture.runAsync(
                () -> {},
                CompletableFuture.delayedExecutor(
                    ThreadLocalRandom.current().nextInt(1000), TimeUnit.MICROSECONDS))
            .thenCompose(ignored -> store.process(batch));
  }

  @AfterEach
  void close() {
    clients.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void manyRequestsAwaitingManyConsumers_allCompleteWithoutTimeouts_andLeaveNoWaiter()
      throws Exception {
    MutationServer.Builder builder =
        MutationServer.builder().sync(SYNC, InMemoryUpstream.create(), CONTACT, TASK).stream(
                InMemoryStream.builder().partitions(8).maxDeliveryBatch(7).build())
            .insecureNoAuthentication();
    for (int i = 0; i < CONSUMERS; i++) {
      InMemoryConsumer store = new InMemoryConsumer();
      stores.add(store);
      // Even consumers read both collections, odd ones only contacts: they skip every task.
      if (i % 2 == 0) {
        builder.consumer("c" + i, jittery(store), CONTACT, TASK);
      } else {
        builder.consumer("c" + i, jittery(store), CONTACT);
      }
    }
    server = builder.build();

    List<CompletableFuture<MutationOutcome>> outcomes = new ArrayList<>();
    List<MutationRequest> requests = new ArrayList<>();
    for (int r = 0; r < REQUESTS; r++) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      boolean task = random.nextInt(4) == 0;
      List<String> awaited = new ArrayList<>();
      for (int c = 0; c < CONSUMERS; c++) {
        if ((!task || c % 2 == 0) && random.nextInt(3) == 0) {
          awaited.add("c" + c);
        }
      }
      MutationRequest.CreateBuilder request = MutationRequest.create(SYNC, task ? TASK : CONTACT);
      for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
        request.record(Map.of("r", r, "k", k));
      }
      requests.add(request.awaitConsumers(awaited, Duration.ofSeconds(60)).build());
    }
    for (MutationRequest request : requests) {
      outcomes.add(
          CompletableFuture.supplyAsync(
                  () -> server.service().run(request, Principal.ANONYMOUS), clients)
              .thenCompose(stage -> stage));
    }

    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);

    for (int r = 0; r < REQUESTS; r++) {
      MutationOutcome outcome = outcomes.get(r).join();
      assertThat(outcome).as("request %s", r).isInstanceOf(MutationOutcome.Success.class);
      MutationRequest request = requests.get(r);
      for (String consumerId : request.awaitConsumers().orElseThrow().consumerIds()) {
        InMemoryConsumer store = stores.get(Integer.parseInt(consumerId.substring(1)));
        for (Record record : ((MutationOutcome.Success) outcome).result().records()) {
          assertThat(store.get(SYNC, record.collectionId(), record.upstreamId()))
              .as("%s has the record of request %s once the request is answered", consumerId, r)
              .contains(record);
        }
      }
    }
    assertThat(server.pendingAwaits()).isZero();
  }
}
