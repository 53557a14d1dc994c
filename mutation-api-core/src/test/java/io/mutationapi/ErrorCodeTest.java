package io.mutationapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ErrorCodeTest {

  @Test
  void of_knownValue_returnsTheConstant() {
    assertThat(ErrorCode.of("validation_error")).isSameAs(ErrorCode.VALIDATION_ERROR);
    assertThat(ErrorCode.of("consumers_timeout")).isSameAs(ErrorCode.CONSUMERS_TIMEOUT);
    assertThat(ErrorCode.of("upstream_timeout").httpStatus()).isEqualTo(504);
    assertThat(ErrorCode.of("idempotency_key_reused").httpStatus()).isEqualTo(422);
    assertThat(ErrorCode.VALIDATION_ERROR.isKnown()).isTrue();
  }

  @Test
  void of_unknownValue_keepsItWithoutAStatus() {
    ErrorCode code = ErrorCode.of("quota_exceeded");

    assertThat(code.value()).isEqualTo("quota_exceeded");
    assertThat(code).hasToString("quota_exceeded");
    assertThat(code.isKnown()).isFalse();
    assertThat(code.httpStatus()).isZero();
    assertThat(code).isEqualTo(ErrorCode.of("quota_exceeded")).isNotEqualTo(ErrorCode.NOT_FOUND);
    assertThat(code).hasSameHashCodeAs(ErrorCode.of("quota_exceeded"));
  }

  @Test
  void of_isCaseSensitive() {
    ErrorCode code = ErrorCode.of("Validation_Error");

    assertThat(code.isKnown()).isFalse();
    assertThat(code).isNotEqualTo(ErrorCode.VALIDATION_ERROR);
  }

  @Test
  void of_emptyOrNull_isRejected() {
    assertThatThrownBy(() -> ErrorCode.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("error code must not be empty");
    assertThatThrownBy(() -> ErrorCode.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void of_unknownValues_doNotBecomeKnown() {
    ErrorCode.of("made_up_code");

    assertThat(ErrorCode.of("made_up_code").isKnown()).isFalse();
  }
}
