package io.mutationapi.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.WireJson;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtAssertionTest {

  @Test
  void sign_givesRs256TokenThatVerifiesWithThePublicKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    String jwt =
        JwtAssertion.sign(
            "consumer-key",
            "user@example.com",
            "https://login.salesforce.com",
            keys.getPrivate(),
            now);

    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    Base64.Decoder url = Base64.getUrlDecoder();
    assertThat(WireJson.readValue(url.decode(parts[0]))).isEqualTo(Map.of("alg", "RS256"));
    @SuppressWarnings("unchecked")
    Map<String, Object> claims = (Map<String, Object>) WireJson.readValue(url.decode(parts[1]));
    assertThat(claims)
        .containsEntry("iss", "consumer-key")
        .containsEntry("sub", "user@example.com")
        .containsEntry("aud", "https://login.salesforce.com");
    assertThat(claims.get("exp").toString()).isEqualTo(String.valueOf(now.getEpochSecond() + 180));

    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(keys.getPublic());
    rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rsa.verify(url.decode(parts[2]))).isTrue();
  }
}
