package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.spi.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {
  @Test
  void eachTokenFindsItsPrincipal_andNoNearMissFindsAny() {
    Map<String, Principal> tokens = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      tokens.put("token-" + i, Principal.of("p" + i, "s" + i));
    }
    TokenAuthenticator auth = new TokenAuthenticator(tokens);

    tokens.forEach((token, principal) -> assertThat(auth.authenticate(token)).contains(principal));
    assertThat(auth.authenticate("token-50")).isEmpty();
    assertThat(auth.authenticate("token-1 ")).isEmpty();
    assertThat(auth.authenticate("Token-1")).isEmpty();
    assertThat(auth.authenticate("")).isEmpty();
    assertThat(auth.toString()).doesNotContain("token-");
  }
}
