package io.mutationapi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.Record;
import org.junit.jupiter.api.Test;

class RecordingConsumerTest {
  final RecordingConsumer consumer = new RecordingConsumer();

  @Test
  void process_recordsEveryEventInOrder() {
    consumer.process(PausableConsumerTest.batch("a"));
    consumer.process(PausableConsumerTest.batch("b"));

    assertThat(consumer.records()).extracting(Record::upstreamId).containsExactly("a", "b");
    assertThat(consumer.events()).hasSize(2);
    assertThat(consumer.calls()).isEqualTo(2);
  }

  @Test
  void failNext_throwsOnTheNextCallsWithoutRecording_thenRecordsAgain() {
    consumer.failNext(2);

    assertThatThrownBy(() -> consumer.process(PausableConsumerTest.batch("a")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> consumer.process(PausableConsumerTest.batch("a")))
        .isInstanceOf(IllegalStateException.class);
    consumer.process(PausableConsumerTest.batch("a"));

    assertThat(consumer.records()).hasSize(1);
    assertThat(consumer.calls()).isEqualTo(3);
  }

  @Test
  void failNext_rejectsANegativeCount() {
    assertThatThrownBy(() -> consumer.failNext(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must not be negative: -1");
  }
}
