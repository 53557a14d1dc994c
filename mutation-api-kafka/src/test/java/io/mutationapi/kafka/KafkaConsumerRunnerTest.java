package io.mutationapi.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.testing.RecordingConsumer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's builder: mistakes are named before anything connects. */
class KafkaConsumerRunnerTest {
  final KafkaConfig config = KafkaConfig.builder("127.0.0.1:9").build();

  @Test
  void runnerWithoutConsumers_isRefusedNamingTheFix() {
    assertThatThrownBy(() -> KafkaConsumerRunner.builder(config).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("consumer(consumerId, consumer, collectionIds...)");
  }

  @Test
  void remoteConsumer_cannotBeRunByARunner() {
    assertThatThrownBy(
            () ->
                KafkaConsumerRunner.builder(config)
                    .consumer("mirror", RemoteConsumer.create(), "salesforce:contact"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'mirror' is a RemoteConsumer");
  }

  @Test
  void consumerRegisteredTwice_isRefused() {
    KafkaConsumerRunner.Builder builder =
        KafkaConsumerRunner.builder(config)
            .consumer("mirror", new RecordingConsumer(), "salesforce:contact");

    assertThatThrownBy(
            () -> builder.consumer("mirror", new RecordingConsumer(), "salesforce:account"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'mirror' registered twice");
  }

  @Test
  void runnerNamesItsConsumers() {
    KafkaConsumerRunner runner =
        KafkaConsumerRunner.builder(config)
            .consumer("a", new RecordingConsumer(), "salesforce:contact")
            .consumer("b", new RecordingConsumer(), "salesforce:contact")
            .build();

    assertThat(runner.consumerIds()).containsExactly("a", "b");
    runner.close();
  }

  @Test
  void remoteConsumer_refusesToProcess() {
    assertThat(RemoteConsumer.create().process(List.of())).isCompletedExceptionally();
  }
}
