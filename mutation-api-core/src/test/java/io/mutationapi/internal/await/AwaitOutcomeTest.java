package io.mutationapi.internal.await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.mutationapi.await.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwaitOutcomeTest {

  @Test
  void isComplete_whenNoConsumerIsPending() {
    assertThat(new AwaitOutcome(List.of(), Duration.ZERO).isComplete()).isTrue();
    assertThat(new AwaitOutcome(List.of("search"), Duration.ZERO).isComplete()).isFalse();
  }

  @Test
  void isNotComplete_whenARecordWasNotApplied() {
    AwaitOutcome outcome =
        new AwaitOutcome(
            List.of(),
            Duration.ZERO,
            List.of(new NotApplied("table", new Position(0, 1), "check constraint")));

    assertThat(outcome.isComplete()).isFalse();
    assertThat(outcome.pendingConsumerIds()).isEmpty();
  }

  @Test
  void copiesPendingConsumerIds() {
    List<String> ids = new ArrayList<>(List.of("search"));
    AwaitOutcome outcome = new AwaitOutcome(ids, Duration.ofMillis(5));

    ids.add("warehouse");

    assertThat(outcome.pendingConsumerIds()).containsExactly("search");
  }

  @Test
  void rejectsNegativeWait() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AwaitOutcome(List.of(), Duration.ofMillis(-1)))
        .withMessage("waited must not be negative: PT-0.001S");
  }
}
