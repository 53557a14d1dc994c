package io.mutationapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwaitConsumersTest {

  @Test
  void constructor_duplicatesCollapseToFirstOccurrenceInOrder() {
    AwaitConsumers await =
        AwaitConsumers.of(List.of("c", "a", "c", "b", "a"), Duration.ofSeconds(1));

    assertThat(await.consumerIds()).containsExactly("c", "a", "b");
    assertThat(await).isEqualTo(AwaitConsumers.of(List.of("c", "a", "b"), Duration.ofSeconds(1)));
  }

  @Test
  void constructor_zeroTimeout_isRejectedNamingIt() {
    assertThatThrownBy(() -> AwaitConsumers.of(List.of("c"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive: PT0S");
  }

  @Test
  void constructor_negativeTimeout_isRejectedNamingIt() {
    assertThatThrownBy(() -> AwaitConsumers.of(List.of("c"), Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive: PT-0.005S");
  }

  @Test
  void constructor_emptyOrNullId_isRejectedNamingItsIndex() {
    assertThatThrownBy(() -> AwaitConsumers.of("a", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consumerIds[1] must not be null or empty");
    assertThatThrownBy(
            () -> AwaitConsumers.of(Arrays.asList("a", "b", null), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consumerIds[2] must not be null or empty");
  }

  @Test
  void constructor_nullParts_areRejected() {
    assertThatThrownBy(() -> new AwaitConsumers(null, Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("consumerIds");
    assertThatThrownBy(() -> new AwaitConsumers(List.of("a"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
  }

  @Test
  void of_withoutTimeout_usesThirtySeconds() {
    assertThat(AwaitConsumers.of("a").timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(AwaitConsumers.DEFAULT_TIMEOUT).isEqualTo(Duration.ofMillis(30_000));
  }

  @Test
  void consumerIds_areCopiedAndUnmodifiable() {
    List<String> ids = new ArrayList<>(List.of("a", "b"));
    AwaitConsumers await = AwaitConsumers.of(ids, Duration.ofSeconds(1));

    ids.add("c");

    assertThat(await.consumerIds()).containsExactly("a", "b");
    assertThatThrownBy(() -> await.consumerIds().add("d"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void isEmpty_isTrueOnlyWithoutConsumers() {
    assertThat(AwaitConsumers.of().isEmpty()).isTrue();
    assertThat(AwaitConsumers.of("a").isEmpty()).isFalse();
  }

  @Test
  void constructor_subMillisecondTimeout_roundsUpToWholeMilliseconds() {
    assertThat(AwaitConsumers.of(List.of("a"), Duration.ofNanos(1)).timeout())
        .isEqualTo(Duration.ofMillis(1));
    assertThat(AwaitConsumers.of(List.of("a"), Duration.ofNanos(1_500_000)).timeout())
        .isEqualTo(Duration.ofMillis(2));
    assertThat(AwaitConsumers.of(List.of("a"), Duration.ofSeconds(5).plusNanos(1)).timeout())
        .isEqualTo(Duration.ofMillis(5001));
    assertThat(AwaitConsumers.of(List.of("a"), Duration.ofMillis(7)).timeout())
        .isEqualTo(Duration.ofMillis(7));
  }
}
