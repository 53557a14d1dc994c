package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.await.Position;
import io.mutationapi.internal.TokenCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSignerTest {
  final byte[] key = new byte[32];
  final TokenSigner signer = new TokenSigner(key);

  @Test
  void sign_keepsTheHighestPositionPerPartition() {
    ConsistencyToken token =
        signer.sign(
            "app",
            List.of(
                new Position(1, 4), new Position(0, 9), new Position(1, 7), new Position(1, 2)));

    assertThat(token.positions()).containsExactly(new Position(0, 9), new Position(1, 7));
  }

  @Test
  void verifies_onlyItsOwnTokensForTheSamePrincipal() {
    ConsistencyToken token = signer.sign("app", List.of(new Position(0, 9), new Position(3, 1)));
    byte[] otherKey = key.clone();
    otherKey[31] = 1;
    List<TokenCodec.Entry> entries = TokenCodec.decode(token.value());
    ConsistencyToken forged =
        ConsistencyToken.parse(
            TokenCodec.encode(
                List.of(
                    entries.get(0),
                    new TokenCodec.Entry(new Position(3, 2), entries.get(1).tag()))));

    assertThat(signer.verifies("app", token)).isTrue();
    assertThat(new TokenSigner(key.clone()).verifies("app", token)).isTrue();
    assertThat(signer.verifies("App", token)).isFalse();
    assertThat(new TokenSigner(otherKey).verifies("app", token)).isFalse();
    assertThat(signer.verifies("app", forged)).isFalse();
    assertThat(signer.verifies("anyone", ConsistencyToken.merge())).isTrue();
  }

  @Test
  void mergedTokensOfOnePrincipal_stillVerify() {
    ConsistencyToken a = signer.sign("app", List.of(new Position(0, 9), new Position(1, 1)));
    ConsistencyToken b = signer.sign("app", List.of(new Position(1, 5), new Position(2, 0)));
    ConsistencyToken other = signer.sign("peer", List.of(new Position(2, 8)));

    assertThat(signer.verifies("app", ConsistencyToken.merge(a, b))).isTrue();
    assertThat(signer.verifies("app", ConsistencyToken.merge(a, b, other))).isFalse();
    assertThat(signer.toString()).isEqualTo("TokenSigner{key=<redacted>}");
  }
}
