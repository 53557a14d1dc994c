package io.mutationapi.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignatureTest {
  static final byte[] BODY = "{\"records\":[]}".getBytes(StandardCharsets.UTF_8);
  static final Instant T = Instant.ofEpochSecond(1_732_000_000L);
  // printf '%s' '1732000000.{"records":[]}' | openssl dgst -sha256 -hmac whsec_test
  static final String V1 = "f3170ff4afaad8b2f450f812b55e2f6bb71f60905a69b58bec2f530430637612";

  final WebhookSignature signature = WebhookSignature.of("whsec_test");

  @Test
  void sign_isHmacSha256OfTimeDotBody_asAnyLanguageComputesIt() {
    assertThat(signature.sign(T, BODY)).isEqualTo("t=1732000000,v1=" + V1);
  }

  @Test
  void verify_acceptsASignatureWithinTheTolerance() {
    String header = signature.sign(T, BODY);

    assertThat(signature.verify(header, BODY, T, Duration.ofMinutes(5))).isTrue();
    assertThat(signature.verify(header, BODY, T.plusSeconds(300), Duration.ofMinutes(5))).isTrue();
    assertThat(signature.verify(header, BODY, T.minusSeconds(300), Duration.ofMinutes(5))).isTrue();
  }

  @Test
  void verify_withTheSystemClock() {
    assertThat(signature.verify(signature.sign(Instant.now(), BODY), BODY)).isTrue();
  }

  @Test
  void verify_refusesAnOldOrFutureSignature_soRecordedRequestsCannotBeReplayed() {
    String header = signature.sign(T, BODY);

    assertThat(signature.verify(header, BODY, T.plusSeconds(301), Duration.ofMinutes(5))).isFalse();
    assertThat(signature.verify(header, BODY, T.minusSeconds(301), Duration.ofMinutes(5)))
        .isFalse();
  }

  @Test
  void verify_refusesAnotherBodyOrSecret() {
    String header = signature.sign(T, BODY);
    byte[] tampered = "{\"records\":[1]}".getBytes(StandardCharsets.UTF_8);

    assertThat(signature.verify(header, tampered, T, Duration.ofMinutes(5))).isFalse();
    assertThat(WebhookSignature.of("other").verify(header, BODY, T, Duration.ofMinutes(5)))
        .isFalse();
  }

  @Test
  void verify_acceptsAnyOfSeveralSignatures_whileASecretIsRotated() {
    String old = WebhookSignature.of("old-secret").sign(T, BODY);
    String header = old + ",v1=" + V1;

    assertThat(signature.verify(header, BODY, T, Duration.ofMinutes(5))).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "v1=" + V1,
        "t=1732000000",
        "t=abc,v1=" + V1,
        "t=1732000000,t=1732000000,v1=" + V1,
        "t=1732000000,v1=f3170ff4",
        "t=1732000000,v1=zz",
        "t=1732000000,v0=" + V1,
        "garbage"
      })
  void verify_refusesMalformedHeaders(String header) {
    assertThat(signature.verify(header, BODY, T, Duration.ofMinutes(5))).isFalse();
  }

  @Test
  void secretIsRequired_andNeverShown() {
    assertThatThrownBy(() -> WebhookSignature.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(signature.toString()).doesNotContain("whsec_test");
  }
}
