package io.mutationapi.server.pull;

import static io.mutationapi.server.pull.PullFixture.ALICE;
import static io.mutationapi.server.pull.PullFixture.CONTACT;
import static io.mutationapi.server.pull.PullFixture.SYNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.HttpConsumerSettings;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.ConsumerProgress;
import io.mutationapi.server.spi.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** {@code Builder.httpConsumer}: what the stream is told, and duplicate ids. */
class HttpConsumerRegistrationTest {

  /** Records the subscriptions the server starts it with. */
  static final class RecordingStream implements ChangeStream {
    final List<Subscription> subscriptions = new ArrayList<>();

    @Override
    public void start(List<Subscription> subscriptions, ConsumerProgress progress) {
      this.subscriptions.addAll(subscriptions);
    }

    @Override
    public CompletionStage<List<Position>> publish(List<Record> records) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }
  }

  @Test
  void deliverPolicyNew_startsAtTheEnd_allAndOtherConsumersAtTheStart() {
    RecordingStream stream = new RecordingStream();
    try (MutationServer server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .httpConsumer("all", CONTACT)
            .httpConsumer(
                "new",
                HttpConsumerSettings.DEFAULTS.withDeliverPolicy(
                    HttpConsumerSettings.DeliverPolicy.NEW),
                CONTACT)
            .consumer("local-db", new InMemoryConsumer(), CONTACT)
            .stream(stream)
            .bearerToken("t", ALICE)
            .build()) {
      assertThat(stream.subscriptions)
          .extracting(Subscription::consumerId, Subscription::start)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("all", Subscription.Start.EARLIEST),
              org.assertj.core.groups.Tuple.tuple("new", Subscription.Start.LATEST),
              org.assertj.core.groups.Tuple.tuple("local-db", Subscription.Start.EARLIEST));
      PullService pull = (PullService) server.consumeService();
      assertThat(pull.httpConsumer("all").orElseThrow().settings())
          .isEqualTo(HttpConsumerSettings.DEFAULTS);
      assertThat(pull.httpConsumer("local-db")).isEmpty();
      assertThat(pull.mayUse("all", ALICE)).isTrue();
    }
  }

  @Test
  void anHttpConsumerIdRegisteredTwice_failsTheBuild() {
    assertThatThrownBy(
            () ->
                MutationServer.builder()
                    .sync(SYNC, InMemoryUpstream.create(), CONTACT)
                    .httpConsumer("worker", CONTACT)
                    .consumer("worker", new InMemoryConsumer(), CONTACT)
                    .bearerToken("t", ALICE)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("consumer 'worker'");
  }
}
