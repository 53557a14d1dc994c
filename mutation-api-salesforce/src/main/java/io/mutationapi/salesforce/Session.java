package io.mutationapi.salesforce;

import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * An access token and the instance it is valid for: the {@code access_token} and {@code
 * instance_url} of a token response. Immutable; {@link #toString()} never shows the token.
 */
final class Session {
  private final String accessToken;
  private final HttpUrl instanceUrl;

  Session(String accessToken, HttpUrl instanceUrl) {
    this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
    this.instanceUrl = Objects.requireNonNull(instanceUrl, "instanceUrl");
  }

  /** Returns the value of the {@code Authorization} header. */
  String authorization() {
    return "Bearer " + accessToken;
  }

  /** Returns the base of data calls, e.g. {@code https://MyDomain.my.salesforce.com/}. */
  HttpUrl instanceUrl() {
    return instanceUrl;
  }

  @Override
  public String toString() {
    return "Session{instanceUrl=" + instanceUrl + ", accessToken=<redacted>}";
  }
}
