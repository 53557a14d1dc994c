package io.mutationapi.server.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.HttpConsumerSettings;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.AckOutcome;
import io.mutationapi.server.spi.ConsumeService;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PullRequest;
import io.mutationapi.server.spi.PulledMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real server with one sync and one HTTP consumer {@code worker}, and shortcuts to use it. */
final class PullFixture implements AutoCloseable {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final String WORKER = "worker";
  static final Principal ALICE = Principal.of("alice", SYNC);
  static final Principal BOB = Principal.of("bob", SYNC);

  final MutationServer server;
  final ConsumeService consume;

  PullFixture(HttpConsumerSettings settings) {
    this(settings, MutationServer.builder());
  }

  PullFixture(HttpConsumerSettings settings, MutationServer.Builder builder) {
    server =
        builder
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .httpConsumer(WORKER, settings, CONTACT)
            .stream(InMemoryStream.builder().partitions(4).build())
            .bearerToken("alice-token", ALICE)
            .bearerToken("bob-token", BOB)
            .build();
    consume = server.consumeService();
  }

  /** Creates {@code n} records and returns them as stored; awaits nobody. */
  List<Record> create(int n) {
    MutationRequest.CreateBuilder request = MutationRequest.create(SYNC, CONTACT);
    for (int i = 0; i < n; i++) {
      request.record(Map.of("n", i));
    }
    int held = held();
    List<Record> records = success(run(request.build())).result().records();
    awaitHeld(held + n);
    return records;
  }

  /** Returns the consumer {@code worker} itself, to read its counts. */
  HttpConsumer consumer() {
    return ((PullService) consume).httpConsumer(WORKER).orElseThrow();
  }

  int held() {
    return consumer().numPending() + consumer().numAckPending();
  }

  /** Waits until the stream has given the consumer {@code n} messages it still holds. */
  void awaitHeld(int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (held() < n) {
      assertThat(System.nanoTime()).as("messages held in time").isLessThan(deadline);
      Thread.onSpinWait();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Updates record {@code upstreamId}; awaits nobody. */
  Record update(String upstreamId, Map<String, ?> data) {
    return success(run(MutationRequest.update(SYNC, CONTACT).record(upstreamId, data).build()))
        .result()
        .records()
        .get(0);
  }

  MutationOutcome run(MutationRequest request) {
    return server
        .service()
        .run(request, ALICE)
        .toCompletableFuture()
        .orTimeout(30, TimeUnit.SECONDS)
        .join();
  }

  static MutationOutcome.Success success(MutationOutcome outcome) {
    assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
    return (MutationOutcome.Success) outcome;
  }

  PullOutcome next(Principal principal, int batchSize, Duration waitFor) {
    return consume
        .next(WORKER, new PullRequest(batchSize, waitFor), principal)
        .toCompletableFuture()
        .orTimeout(30, TimeUnit.SECONDS)
        .join();
  }

  /** Pulls as alice without waiting and expects messages (or none). */
  PullOutcome.Pulled pull(int batchSize) {
    return pulled(next(ALICE, batchSize, Duration.ZERO));
  }

  static PullOutcome.Pulled pulled(PullOutcome outcome) {
    assertThat(outcome).isInstanceOf(PullOutcome.Pulled.class);
    return (PullOutcome.Pulled) outcome;
  }

  AckOutcome.Done ack(List<String> tokens) {
    AckOutcome outcome = consume.ack(WORKER, tokens, ALICE);
    assertThat(outcome).isInstanceOf(AckOutcome.Done.class);
    return (AckOutcome.Done) outcome;
  }

  static List<String> tokens(List<PulledMessage> messages) {
    return messages.stream().map(PulledMessage::ackToken).toList();
  }

  @Override
  public void close() {
    server.close();
  }
}
