package io.mutationapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one scan for unpaired surrogates that the vocabulary, the codec and the client share. */
class UnicodeTest {

  @Test
  void unpairedSurrogate_whenEveryPairIsWhole_isMinusOne() {
    assertThat(Unicode.unpairedSurrogate("")).isEqualTo(-1);
    assertThat(Unicode.unpairedSurrogate("plain")).isEqualTo(-1);
    assertThat(Unicode.unpairedSurrogate("a\uD83D\uDE00b")).isEqualTo(-1);
  }

  @Test
  void unpairedSurrogate_findsALoneHighOrLowSurrogate() {
    assertThat(Unicode.unpairedSurrogate("ab\uD83D")).isEqualTo(2);
    assertThat(Unicode.unpairedSurrogate("\uDE00x")).isEqualTo(0);
    assertThat(Unicode.unpairedSurrogate("\uD83D\uDE00\uDE00")).isEqualTo(2);
    assertThat(Unicode.unpairedSurrogate("\uD83Dx")).isEqualTo(0);
  }
}
