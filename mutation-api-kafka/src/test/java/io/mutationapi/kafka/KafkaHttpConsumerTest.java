package io.mutationapi.kafka;

import static io.mutationapi.kafka.KafkaChangeStreamTest.CONTACT;
import static io.mutationapi.kafka.KafkaChangeStreamTest.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.AckOutcome;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PullRequest;
import io.mutationapi.server.spi.PulledMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An HTTP consumer on a node of Kafka: a request awaiting it completes when a worker acks. */
class KafkaHttpConsumerTest {

  @Test
  void anAwaitOnAnHttpConsumer_completesWhenAWorkerAcks_onKafka() throws Exception {
    KafkaConfig config = KafkaTestCluster.shared().config("http-consumer").build();
    try (MutationServer server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .httpConsumer("http-worker", CONTACT)
            .stream(KafkaChangeStream.create(config))
            .insecureNoAuthentication()
            .build()) {
      CompletableFuture<MutationOutcome> awaiting =
          server
              .service()
              .run(
                  MutationRequest.create(SYNC, CONTACT)
                      .record(Map.of("Name", "Ada"))
                      .awaitConsumers(List.of("http-worker"), Duration.ofSeconds(60))
                      .build(),
                  Principal.ANONYMOUS)
              .toCompletableFuture();

      PullOutcome outcome =
          server
              .consumeService()
              .next("http-worker", new PullRequest(10, Duration.ofSeconds(60)), Principal.ANONYMOUS)
              .toCompletableFuture()
              .get(70, TimeUnit.SECONDS);
      List<PulledMessage> messages = ((PullOutcome.Pulled) outcome).messages();
      assertThat(messages).hasSize(1);
      assertThat(awaiting).isNotDone();

      AckOutcome acked =
          server
              .consumeService()
              .ack(
                  "http-worker",
                  messages.stream().map(PulledMessage::ackToken).toList(),
                  Principal.ANONYMOUS);

      assertThat(acked).isEqualTo(new AckOutcome.Done(1, List.of()));
      assertThat(awaiting.get(30, TimeUnit.SECONDS)).isInstanceOf(MutationOutcome.Success.class);
    }
  }
}
