package io.mutationapi.salesforce;

import io.mutationapi.WireJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signed JWT of Salesforce's OAuth 2.0 JWT bearer flow: header {@code {"alg":"RS256"}}, claims
 * {@code iss} (the connected app's consumer key), {@code sub} (the username), {@code aud} (the
 * login host) and {@code exp}, signed with the JDK's {@code SHA256withRSA}.
 */
final class JwtAssertion {
  /** How long an assertion is valid: Salesforce allows at most 5 minutes ahead. */
  static final Duration LIFETIME = Duration.ofMinutes(3);

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private JwtAssertion() {}

  /**
   * Returns the compact serialization {@code header.claims.signature}.
   *
   * @throws IllegalStateException if the key cannot sign with RSA; the message names no key
   *     material
   */
  static String sign(
      String clientId, String username, String audience, PrivateKey key, Instant now) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", clientId);
    claims.put("sub", username);
    claims.put("aud", audience);
    claims.put("exp", now.plus(LIFETIME).getEpochSecond());
    String signingInput =
        encode(WireJson.writeValue(Map.of("alg", "RS256")))
            + "."
            + encode(WireJson.writeValue(claims));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + encode(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot sign the JWT assertion with SHA256withRSA: " + e.getClass().getSimpleName(), e);
    }
  }

  private static String encode(byte[] bytes) {
    return URL.encodeToString(bytes);
  }
}
