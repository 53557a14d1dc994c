package io.mutationapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.await.Position;
import io.mutationapi.internal.TokenCodec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsistencyTokenTest {

  static ConsistencyToken token(long tag, Position... positions) {
    List<TokenCodec.Entry> entries =
        Arrays.stream(positions).map(p -> new TokenCodec.Entry(p, tag)).toList();
    return ConsistencyToken.parse(TokenCodec.encode(entries));
  }

  @Test
  void parse_ofValue_roundTripsPositionsAndString() {
    ConsistencyToken token =
        token(42, new Position(3, 1_000_000_000_000L), new Position(0, 12), new Position(7, 0));

    ConsistencyToken back = ConsistencyToken.parse(token.value());

    assertThat(back).isEqualTo(token).hasSameHashCodeAs(token);
    assertThat(back.positions())
        .containsExactly(
            new Position(0, 12), new Position(3, 1_000_000_000_000L), new Position(7, 0));
    assertThat(back.value()).matches("[A-Za-z0-9_-]+");
    assertThat(back.toString()).isEqualTo("ConsistencyToken[0:12, 3:1000000000000, 7:0]");
  }

  @Test
  void value_ofOnePartition_isCompact() {
    assertThat(token(-1L, new Position(0, 123_456)).value()).hasSizeLessThanOrEqualTo(20);
  }

  @Test
  void merge_keepsTheHighestOffsetPerPartition_withItsTag() {
    ConsistencyToken a = token(1, new Position(0, 10), new Position(1, 5));
    ConsistencyToken b = token(2, new Position(1, 9), new Position(2, 3));

    ConsistencyToken merged = ConsistencyToken.merge(a, b);

    assertThat(merged.positions())
        .containsExactly(new Position(0, 10), new Position(1, 9), new Position(2, 3));
    assertThat(TokenCodec.decode(merged.value()))
        .containsExactly(
            new TokenCodec.Entry(new Position(0, 10), 1),
            new TokenCodec.Entry(new Position(1, 9), 2),
            new TokenCodec.Entry(new Position(2, 3), 2));
    assertThat(ConsistencyToken.merge(List.of(b, a))).isEqualTo(merged);
    assertThat(ConsistencyToken.merge(List.of()).isEmpty()).isTrue();
    assertThat(ConsistencyToken.merge(a)).isEqualTo(a);
  }

  @Test
  void parse_ofAnythingElse_isRefusedWithoutQuotingIt() {
    String good = token(7, new Position(0, 5)).value();
    byte[] bytes = Base64.getUrlDecoder().decode(good);
    byte[] badVersion = bytes.clone();
    badVersion[0] = 2;
    byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 1);
    for (String bad :
        List.of(
            "",
            "!!!",
            good + "=",
            good.substring(0, good.length() - 1),
            enc(badVersion),
            enc(trailing),
            enc(truncated),
            enc(new byte[] {1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
            enc(new byte[] {1, (byte) 0x81, 0}))) {
      assertThatThrownBy(() -> ConsistencyToken.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("not a consistency token: ")
          .satisfies(e -> assertThat(bad.isEmpty() || !e.getMessage().contains(bad)).isTrue());
    }
  }

  @Test
  void parse_ofTheEmptyToken_holdsNoPosition() {
    ConsistencyToken empty = ConsistencyToken.merge();

    assertThat(ConsistencyToken.parse(empty.value()).positions()).isEmpty();
  }

  static String enc(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
