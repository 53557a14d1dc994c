package io.mutationapi.kafka;

import static io.mutationapi.kafka.KafkaChangeStreamTest.CONTACT;
import static io.mutationapi.kafka.KafkaChangeStreamTest.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.RecordingConsumer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The cluster goes away under a running server: a broker of this test's own, stopped. */
class KafkaOutageTest {

  @Test
  void publishWhileTheClusterIsDown_answers503_andLaterRequestsAreRefusedBeforeTheUpstream()
      throws Exception {
    InMemoryUpstream upstream = InMemoryUpstream.create();
    MutationServer server;
    try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
      KafkaConfig config =
          kafka
              .config("outage")
              .producerProperty("request.timeout.ms", "1000")
              .producerProperty("delivery.timeout.ms", "1500")
              .producerProperty("max.block.ms", "1000")
              .build();
      server =
          MutationServer.builder()
              .sync(SYNC, upstream, CONTACT)
              .consumer("local-db", new RecordingConsumer(), CONTACT)
              .stream(KafkaChangeStream.create(config))
              .insecureNoAuthentication()
              .build();
      assertThat(run(server, create())).isInstanceOf(MutationOutcome.Success.class);
    }
    try (server) {
      MutationError notPublished = error(run(server, create()));
      assertThat(notPublished.status()).isEqualTo(503);
      assertThat(notPublished.records()).as("applied upstream").hasSize(1);
      assertThat(upstream.size(CONTACT)).isEqualTo(2);

      MutationError refused = error(run(server, create()));

      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.code()).contains(ErrorCode.UNAVAILABLE);
      assertThat(refused.records()).as("refused before the upstream").isEmpty();
      assertThat(upstream.size(CONTACT)).isEqualTo(2);
      assertThat(server.pendingAwaits()).isZero();
    }
  }

  private static MutationRequest create() {
    return MutationRequest.create(SYNC, CONTACT)
        .record(Map.of("Name", "Paul"))
        .awaitConsumers(List.of("local-db"), Duration.ofSeconds(10))
        .build();
  }

  private static MutationOutcome run(MutationServer server, MutationRequest request) {
    return server
        .service()
        .run(request, Principal.ANONYMOUS)
        .toCompletableFuture()
        .orTimeout(30, TimeUnit.SECONDS)
        .join();
  }

  private static MutationError error(MutationOutcome outcome) {
    assertThat(outcome).isInstanceOf(MutationOutcome.Failure.class);
    return ((MutationOutcome.Failure) outcome).error();
  }
}
