package io.mutationapi.salesforce;

import java.security.PrivateKey;
import java.time.Clock;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The credentials a {@link SalesforceUpstream.Builder} collects, exactly one kind of them, and the
 * {@link TokenSource} they become. Validates each argument as it is set (with {@link
 * IllegalArgumentException}, or {@link IllegalStateException} for a second kind) and as a whole
 * ({@link #requireSet}, {@link #tokens}). Mutable, not thread-safe: builder state.
 */
final class Credentials {
  /** Which kind was set: "client credentials", "JWT bearer" or "access token"; null if none. */
  private String kind;

  private String clientId;
  private String clientSecret;
  private String jwtUsername;
  private PrivateKey jwtKey;
  private String jwtAudience;
  private Session staticSession;

  void clientCredentials(String clientId, String clientSecret) {
    BuilderChecks.requireText(clientId, "clientId");
    BuilderChecks.requireText(clientSecret, "clientSecret");
    kind("client credentials");
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  void jwtBearer(String clientId, String username, PrivateKey privateKey) {
    BuilderChecks.requireText(clientId, "clientId");
    BuilderChecks.requireText(username, "username");
    Objects.requireNonNull(privateKey, "privateKey");
    if (!"RSA".equals(privateKey.getAlgorithm())) {
      throw new IllegalArgumentException(
          "privateKey must be an RSA key (Salesforce signs with RS256): "
              + privateKey.getAlgorithm());
    }
    kind("JWT bearer");
    this.clientId = clientId;
    this.jwtUsername = username;
    this.jwtKey = privateKey;
  }

  void jwtAudience(String audience) {
    BuilderChecks.requireText(audience, "audience");
    this.jwtAudience = audience;
  }

  void accessToken(String accessToken, String instanceUrl) {
    BuilderChecks.requireText(accessToken, "accessToken");
    HttpUrl url = HttpUrl.parse(Objects.requireNonNull(instanceUrl, "instanceUrl"));
    if (url == null) {
      throw new IllegalArgumentException(
          "instanceUrl must be an http or https URL, e.g."
              + " https://MyDomain.my.salesforce.com: "
              + instanceUrl);
    }
    kind("access token");
    this.staticSession = new Session(accessToken, url);
  }

  private void kind(String kind) {
    if (this.kind != null && !this.kind.equals(kind)) {
      throw new IllegalStateException(
          "credentials are already set ("
              + this.kind
              + "): call only one of clientCredentials, jwtBearer and accessToken");
    }
    this.kind = kind;
  }

  /** Throws {@link IllegalStateException} if no credentials are set. */
  void requireSet() {
    if (kind == null) {
      throw new IllegalStateException(
          "credentials are required: call clientCredentials(clientId, clientSecret),"
              + " jwtBearer(clientId, username, privateKey) or accessToken(token, instanceUrl)");
    }
  }

  /**
   * Returns where sessions come from: the static token, or the token endpoint under {@code login}
   * with the grant these credentials make.
   *
   * @throws IllegalStateException if none are set, or a JWT audience is set for another kind
   */
  TokenSource tokens(OkHttpClient http, HttpUrl login) {
    requireSet();
    if (jwtAudience != null && !kind.equals("JWT bearer")) {
      throw new IllegalStateException(
          "jwtAudience is set but the credentials are "
              + kind
              + ": call jwtBearer(clientId, username, privateKey) or drop jwtAudience");
    }
    if (staticSession != null) {
      return TokenSource.fixed(staticSession);
    }
    HttpUrl tokenUrl = login.newBuilder().addPathSegments("services/oauth2/token").build();
    TokenGrant grant =
        jwtKey != null
            ? new TokenGrant.JwtBearer(
                clientId,
                jwtUsername,
                jwtAudience != null ? jwtAudience : stripSlash(login.toString()),
                jwtKey,
                Clock.systemUTC())
            : new TokenGrant.ClientCredentials(clientId, clientSecret);
    return new TokenSource(http, tokenUrl, grant, Clock.systemUTC());
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Names the kind only: never a secret, a key or a token. */
  @Override
  public String toString() {
    return "Credentials{" + (kind == null ? "none" : kind) + "}";
  }
}
