package io.mutationapi.await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositionTest {

  @Test
  void rejectsNegativePartitionAndOffset() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Position(-1, 0))
        .withMessage("partition must not be negative: -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Position(0, -2))
        .withMessage("offset must not be negative: -2");
  }

  @Test
  void ordersByPartitionThenOffset() {
    List<Position> positions =
        new ArrayList<>(
            List.of(
                new Position(1, 0), new Position(0, 9), new Position(1, 5), new Position(0, 2)));

    Collections.sort(positions);

    assertThat(positions)
        .containsExactly(
            new Position(0, 2), new Position(0, 9), new Position(1, 0), new Position(1, 5));
  }
}
