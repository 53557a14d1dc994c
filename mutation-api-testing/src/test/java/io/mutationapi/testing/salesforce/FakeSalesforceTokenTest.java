package io.mutationapi.testing.salesforce;

import static io.mutationapi.testing.salesforce.SfHttp.V;
import static io.mutationapi.testing.salesforce.SfHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FakeSalesforceTokenTest {
  static KeyPair key;
  static KeyPair otherKey;
  static FakeSalesforce fake;

  @BeforeAll
  static void start() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    key = generator.generateKeyPair();
    otherKey = generator.generateKeyPair();
    fake =
        FakeSalesforce.builder()
            .jwtUser("jwt-client", "integration@example.com", key.getPublic())
            .start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Test
  void clientCredentials_inTheForm_returnsTokenWithInstanceUrlOfTheFake() {
    SfHttp http = new SfHttp(fake);
    HttpResponse<String> response =
        http.token(
            "grant_type=client_credentials&client_id=fake-client-id&client_secret=fake-client-secret");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("instance_url").asText()).isEqualTo(fake.url());
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.get("issued_at").asText()).matches("\\d{13}");
    assertThat(body.has("signature")).isTrue();
    assertThat(body.has("expires_in")).isFalse();
    assertThat(body.has("refresh_token")).isFalse();
    assertThat(body.get("access_token").asText()).isNotBlank();
  }

  @Test
  void clientCredentials_withBasicAuth_issuesWorkingToken() {
    SfHttp http = new SfHttp(fake);
    String basic =
        Base64.getEncoder()
            .encodeToString("fake-client-id:fake-client-secret".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(java.net.URI.create(fake.url() + "/services/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));

    assertThat(response.statusCode()).isEqualTo(200);
    http.token = json(response).get("access_token").asText();
    assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(200);
  }

  @Test
  void clientCredentials_withWrongSecret_answersInvalidClient() {
    HttpResponse<String> response =
        new SfHttp(fake)
            .token("grant_type=client_credentials&client_id=fake-client-id&client_secret=nope");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_client");
    assertThat(json(response).has("error_description")).isTrue();
  }

  @Test
  void unknownGrant_answersUnsupportedGrantType() {
    HttpResponse<String> response = new SfHttp(fake).token("grant_type=password");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).isEqualTo("unsupported_grant_type");
  }

  @Test
  void jwtBearer_withValidAssertion_issuesWorkingToken() throws Exception {
    SfHttp http = new SfHttp(fake);
    HttpResponse<String> response =
        http.token(
            jwtForm(
                key.getPrivate(),
                "jwt-client",
                "integration@example.com",
                "https://login.salesforce.com",
                180));

    assertThat(response.statusCode()).isEqualTo(200);
    http.token = json(response).get("access_token").asText();
    assertThat(http.get(V + "/sobjects/Account/describe").statusCode()).isEqualTo(200);
  }

  @Test
  void jwtBearer_rejectsWrongKeyUserAudienceAndExpiry() throws Exception {
    SfHttp http = new SfHttp(fake);
    assertGrantError(
        http.token(
            jwtForm(
                otherKey.getPrivate(),
                "jwt-client",
                "integration@example.com",
                "https://login.salesforce.com",
                180)),
        "invalid_grant");
    assertGrantError(
        http.token(
            jwtForm(
                key.getPrivate(),
                "jwt-client",
                "someone@example.com",
                "https://login.salesforce.com",
                180)),
        "invalid_grant");
    assertGrantError(
        http.token(
            jwtForm(
                key.getPrivate(),
                "jwt-client",
                "integration@example.com",
                "https://example.com",
                180)),
        "invalid_grant");
    assertGrantError(
        http.token(
            jwtForm(
                key.getPrivate(),
                "jwt-client",
                "integration@example.com",
                "https://login.salesforce.com",
                -10)),
        "invalid_grant");
    assertGrantError(
        http.token(
            jwtForm(
                key.getPrivate(),
                "other-client",
                "integration@example.com",
                "https://login.salesforce.com",
                180)),
        "invalid_client_id");
    assertGrantError(
        http.token("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=abc"),
        "invalid_grant");
  }

  @Test
  void dataCall_withoutOrWithUnknownToken_answers401InvalidSession() {
    SfHttp http = new SfHttp(fake);
    HttpResponse<String> response = http.get(V + "/sobjects/Contact/describe");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get(0).get("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
    assertThat(json(response).get(0).get("message").asText())
        .isEqualTo("Session expired or invalid");
    http.token = "00Dxx!bogus";
    assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(401);
  }

  @Test
  void expireTokens_makesExistingTokensAnswer401_andNewOnesWork() {
    try (FakeSalesforce own = FakeSalesforce.start()) {
      SfHttp http = new SfHttp(own).login();
      assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(200);

      own.expireTokens();

      assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(401);
      http.login();
      assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(200);
      assertThat(own.tokenRequests()).isEqualTo(2);
    }
  }

  @Test
  void expireTokensAfter_letsThatManyCallsThrough_thenAnswers401() {
    try (FakeSalesforce own = FakeSalesforce.start()) {
      SfHttp http = new SfHttp(own).login();
      own.expireTokensAfter(2);

      assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(200);
      assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(200);
      assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(401);
      assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(401);
      http.login();
      assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void versions_needNoToken_andSendNoLimitHeader_retiredVersionIsGone() {
    SfHttp http = new SfHttp(fake);
    HttpResponse<String> versions = http.get("/services/data/");
    assertThat(versions.statusCode()).isEqualTo(200);
    assertThat(json(versions).get(0).has("version")).isTrue();
    assertThat(versions.headers().firstValue("Sforce-Limit-Info")).isEmpty();
    assertThat(http.get("/services/data/v30.0/sobjects").statusCode()).isEqualTo(410);
  }

  private static void assertGrantError(HttpResponse<String> response, String error) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).isEqualTo(error);
  }

  static String jwtForm(PrivateKey key, String iss, String sub, String aud, long expiresInSeconds)
      throws GeneralSecurityException {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
    String claims =
        b64.encodeToString(
            ("{\"iss\":\""
                    + iss
                    + "\",\"sub\":\""
                    + sub
                    + "\",\"aud\":\""
                    + aud
                    + "\",\"exp\":"
                    + (Instant.now().getEpochSecond() + expiresInSeconds)
                    + "}")
                .getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    String jwt = header + "." + claims + "." + b64.encodeToString(signature.sign());
    return "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=" + jwt;
  }

  @Test
  void tokenLifetime_expiresTokensByTheClock() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (FakeSalesforce own =
        FakeSalesforce.builder()
            .clock(clock)
            .tokenLifetime(java.time.Duration.ofMinutes(30))
            .start()) {
      SfHttp http = new SfHttp(own).login();
      assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(200);

      clock.now = clock.now.plusSeconds(1800);

      assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(401);
    }
  }

  /** A clock a test moves by hand. */
  static final class MutableClock extends java.time.Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void refreshToken_issuesTokensForItsClient_only() {
    fake.addRefreshToken("fake-client-id", "refresh-4711");
    SfHttp http = new SfHttp(fake);

    HttpResponse<String> ok =
        http.token("grant_type=refresh_token&refresh_token=refresh-4711&client_id=fake-client-id");
    HttpResponse<String> unknown =
        http.token("grant_type=refresh_token&refresh_token=nope&client_id=fake-client-id");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).get("instance_url").asText()).isEqualTo(fake.url());
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get("error").asText()).isEqualTo("invalid_grant");
  }
}
