package io.mutationapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one rule for an Idempotency-Key that the client and the server both apply. */
class IdempotencyKeysTest {

  @Test
  void problem_whenTheKeyIsPrintableAsciiUpTo255_isNone() {
    assertThat(IdempotencyKeys.problem("a")).isNull();
    assertThat(IdempotencyKeys.problem(" ~".repeat(127) + "x")).isNull();
    assertThat(IdempotencyKeys.isValid("8f14e45f-ceea-467f-a8f0-3b5c2e5c0a11")).isTrue();
  }

  @Test
  void problem_whenEmptyOrTooLong_namesTheLength() {
    assertThat(IdempotencyKeys.problem("")).isEqualTo("must be 1 to 255 characters, not 0");
    assertThat(IdempotencyKeys.problem("k".repeat(256)))
        .isEqualTo("must be 1 to 255 characters, not 256");
    assertThat(IdempotencyKeys.isValid("")).isFalse();
  }

  @Test
  void problem_whenACharacterIsNotPrintableAscii_namesItsIndex() {
    assertThat(IdempotencyKeys.problem("ab\tc"))
        .isEqualTo("must be printable ASCII; index 2 is not");
    assertThat(IdempotencyKeys.problem("é")).isEqualTo("must be printable ASCII; index 0 is not");
    assertThat(IdempotencyKeys.problem("a\u007f"))
        .isEqualTo("must be printable ASCII; index 1 is not");
    assertThat(IdempotencyKeys.isValid("a\u007f")).isFalse();
  }
}
