package io.mutationapi.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@link Session}, fetched from the token endpoint at first use and again when
 * Salesforce refuses it, once for everyone: concurrent callers share one token call (single
 * flight).
 *
 * <p>A refresh names the session that was refused; when another caller has already replaced that
 * session (or is replacing it), the refresh joins that result instead of calling again, so any
 * number of requests that fail with the same expired token cause one token call. A failed token
 * call fails every caller waiting for it with {@code 502 "Salesforce authentication failed"} (the
 * log says why, without secrets); the next caller tries again.
 *
 * <p>Thread-safe; never blocks: token calls go out with OkHttp's asynchronous API.
 */
final class TokenSource {
  private static final Logger log = LoggerFactory.getLogger(SalesforceUpstream.class);

  /** The message of every authentication failure; never carries a token or a secret. */
  static final String AUTH_FAILED = "Salesforce authentication failed";

  private final OkHttpClient http;
  private final HttpUrl tokenUrl;
  private final TokenGrant grant;
  private final Clock clock;

  // Guarded by this. Null until first use.
  private CompletableFuture<Session> current;

  TokenSource(OkHttpClient http, HttpUrl tokenUrl, TokenGrant grant, Clock clock) {
    this.http = http;
    this.tokenUrl = tokenUrl;
    this.grant = grant;
    this.clock = clock;
  }

  /** Returns a source that always answers {@code session} and cannot refresh it. */
  static TokenSource fixed(Session session) {
    TokenSource source = new TokenSource(null, null, new TokenGrant.Static(), Clock.systemUTC());
    source.current = CompletableFuture.completedFuture(session);
    return source;
  }

  /** Returns the current session, fetching one if there is none (or the last fetch failed). */
  synchronized CompletableFuture<Session> session() {
    if (current == null || current.isCompletedExceptionally()) {
      current = fetch();
    }
    return current;
  }

  /**
   * Returns a session to replace {@code refused}: a new one fetched now, or the one another caller
   * fetched or is fetching since {@code refused} was handed out.
   */
  synchronized CompletableFuture<Session> refresh(Session refused) {
    boolean stillCurrent =
        current != null
            && current.isDone()
            && !current.isCompletedExceptionally()
            && current.join() == refused;
    if (current == null || current.isCompletedExceptionally() || stillCurrent) {
      current = fetch();
    }
    return current;
  }

  /** Returns true if this source can get a new token when one is refused. */
  boolean canRefresh() {
    return grant.refreshable();
  }

  private CompletableFuture<Session> fetch() {
    if (!grant.refreshable()) {
      log.warn("Salesforce refused the static access token; it cannot be refreshed here");
      return CompletableFuture.failedFuture(
          UpstreamException.failed(AUTH_FAILED + ": the access token was refused", null));
    }
    Request request;
    try {
      request =
          new Request.Builder()
              .url(tokenUrl)
              .header("Accept", "application/json")
              .post(grant.form())
              .build();
    } catch (IllegalStateException e) {
      // The JWT could not be signed: a key that is not RSA. The message names no key material.
      log.warn("Salesforce token request not sent: {}", e.getMessage());
      return CompletableFuture.failedFuture(UpstreamException.failed(AUTH_FAILED, null));
    }
    return Exchange.send(http, request, clock)
        .handle(
            (answer, error) -> {
              if (error != null) {
                log.warn(
                    "Salesforce token request to {} failed: {}",
                    tokenUrl,
                    error.getClass().getSimpleName());
                throw UpstreamException.failed(
                    AUTH_FAILED + ": the token endpoint did not answer", null);
              }
              return parse(answer);
            });
  }

  private Session parse(Answer answer) {
    JsonNode json = answer.json().orElse(null);
    if (answer.status() == 200 && json != null) {
      String token = json.path("access_token").asText("");
      HttpUrl instance = HttpUrl.parse(json.path("instance_url").asText(""));
      if (!token.isEmpty() && instance != null) {
        return new Session(token, instance);
      }
      log.warn("Salesforce token answer from {} lacks access_token or instance_url", tokenUrl);
      throw UpstreamException.failed(AUTH_FAILED + ": the token answer was incomplete", null);
    }
    String error = json == null ? "" : json.path("error").asText("");
    log.warn(
        "Salesforce token request to {} was refused: HTTP {} {} {}",
        tokenUrl,
        answer.status(),
        error,
        json == null ? "" : json.path("error_description").asText(""));
    // The OAuth error code says what to fix (invalid_client, invalid_grant) and holds no secret.
    throw UpstreamException.failed(
        AUTH_FAILED
            + (error.matches("[a-z_]{1,40}") ? ": " + error : " (HTTP " + answer.status() + ")"),
        null);
  }

  @Override
  public String toString() {
    return "TokenSource{" + grant + (tokenUrl == null ? "" : " at " + tokenUrl) + "}";
  }
}
