package io.mutationapi.salesforce;

import java.security.PrivateKey;
import java.time.Clock;
import java.util.Objects;
import okhttp3.FormBody;

/**
 * How the adapter gets an access token: the form of a token request to {@code
 * /services/oauth2/token}, or a token the user manages. Implementations are immutable and their
 * {@code toString()} never shows a secret.
 */
interface TokenGrant {

  /** Returns the form to post, or null for a token the user manages (no token endpoint). */
  FormBody form();

  /** Returns true if a refused token can be replaced by asking the token endpoint again. */
  default boolean refreshable() {
    return true;
  }

  /** OAuth 2.0 client credentials: the connected app's key and secret, run as its set user. */
  final class ClientCredentials implements TokenGrant {
    private final String clientId;
    private final String clientSecret;

    ClientCredentials(String clientId, String clientSecret) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    }

    @Override
    public FormBody form() {
      return new FormBody.Builder()
          .add("grant_type", "client_credentials")
          .add("client_id", clientId)
          .add("client_secret", clientSecret)
          .build();
    }

    @Override
    public String toString() {
      return "client credentials (client id " + clientId + ", secret <redacted>)";
    }
  }

  /** OAuth 2.0 JWT bearer: an assertion signed with the connected app's RSA key, per request. */
  final class JwtBearer implements TokenGrant {
    private final String clientId;
    private final String username;
    private final String audience;
    private final PrivateKey key;
    private final Clock clock;

    JwtBearer(String clientId, String username, String audience, PrivateKey key, Clock clock) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.username = Objects.requireNonNull(username, "username");
      this.audience = Objects.requireNonNull(audience, "audience");
      this.key = Objects.requireNonNull(key, "key");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public FormBody form() {
      return new FormBody.Builder()
          .add("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
          .add("assertion", JwtAssertion.sign(clientId, username, audience, key, clock.instant()))
          .build();
    }

    @Override
    public String toString() {
      return "JWT bearer (client id "
          + clientId
          + ", user "
          + username
          + ", audience "
          + audience
          + ", key <redacted>)";
    }
  }

  /** An access token the user obtained and refreshes themselves. */
  final class Static implements TokenGrant {
    @Override
    public FormBody form() {
      return null;
    }

    @Override
    public boolean refreshable() {
      return false;
    }

    @Override
    public String toString() {
      return "static access token <redacted>";
    }
  }
}
