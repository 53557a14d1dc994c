package io.mutationapi.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one {@link CallSpec} until it has an answer to act on: with the current session; once more
 * after a shared token refresh when Salesforce says {@code INVALID_SESSION_ID}; again after a
 * jittered backoff on {@code UNABLE_TO_LOCK_ROW} (the locked transaction rolled back, so this is
 * safe for creates too); and, for idempotent calls only, again on a 5xx, an HTML or empty error
 * page, a lost connection or a timeout. A create that times out or loses its connection is never
 * sent again: its outcome is unknown. A call that could not connect at all was not sent, and may be
 * sent again whatever it is.
 *
 * <p>A retry starts only if it can start before the request's deadline ({@link
 * UpstreamContext#remaining()}); a call already sent runs to the adapter's call timeout even past
 * the deadline, so that what Salesforce applied is still read back and published late.
 *
 * <p>The stage completes with a 2xx answer (a Collections answer may still hold per-record
 * failures), or fails with an {@link UpstreamException}. Every answer's {@code Sforce-Limit-Info}
 * is recorded (the throttle that reads it gates whole batches, in {@link SalesforceUpstream}, so
 * that the read-back of a write already applied is never refused). Thread-safe; nothing blocks:
 * stages complete on OkHttp's threads.
 */
final class Calls {
  private static final Logger log = LoggerFactory.getLogger(SalesforceUpstream.class);

  /** Retries of a call refused for a row lock. */
  static final int LOCK_RETRIES = 3;

  /** Retries of an idempotent call that met a server error, a lost connection or a timeout. */
  static final int ERROR_RETRIES = 2;

  private static final long BACKOFF_BASE_MILLIS = 100;
  private static final long BACKOFF_MAX_MILLIS = 2_000;

  private final OkHttpClient http;
  private final TokenSource tokens;
  private final String apiVersion;
  private final String callOptions;
  private final String autoAssign;
  private final Limits limits;
  private final Clock clock;

  Calls(
      OkHttpClient http,
      TokenSource tokens,
      String apiVersion,
      String clientName,
      boolean autoAssign,
      Limits limits,
      Clock clock) {
    this.http = http;
    this.tokens = tokens;
    this.apiVersion = apiVersion;
    this.callOptions = "client=" + clientName;
    this.autoAssign = autoAssign ? "TRUE" : "FALSE";
    this.limits = limits;
    this.clock = clock;
  }

  /** Sends {@code spec} for the request of {@code context}; see the class comment. */
  CompletableFuture<Answer> send(CallSpec spec, UpstreamContext context) {
    return attempt(spec, context, new Tries());
  }

  /** What has been tried so far for one call. */
  private static final class Tries {
    boolean refreshed;
    int lockRetries;
    int errorRetries;
  }

  private CompletableFuture<Answer> attempt(CallSpec spec, UpstreamContext context, Tries tries) {
    return tokens
        .session()
        .thenCompose(
            session ->
                Exchange.send(http, request(spec, session), clock)
                    .handle((answer, error) -> decide(spec, context, tries, session, answer, error))
                    .thenCompose(next -> next));
  }

  private Request request(CallSpec spec, Session session) {
    Request.Builder request =
        new Request.Builder()
            .url(spec.url(session.instanceUrl(), apiVersion))
            .header("Authorization", session.authorization())
            .header("Accept", "application/json")
            .header("Sforce-Call-Options", callOptions)
            .method(spec.method(), spec.requestBody());
    if (spec.write()) {
      request.header("Sforce-Auto-Assign", autoAssign);
    }
    return request.build();
  }

  private CompletableFuture<Answer> decide(
      CallSpec spec,
      UpstreamContext context,
      Tries tries,
      Session session,
      Answer answer,
      Throwable error) {
    if (error != null) {
      return onIoFailure(spec, context, tries, unwrap(error));
    }
    limits.record(answer);
    if (answer.status() == 401) {
      return onUnauthorized(spec, context, tries, session, answer);
    }
    // Only a write's answer (or a 400) can report a lock; a read's 200 is not searched for one.
    boolean locked = (spec.write() || answer.status() == 400) && isRowLock(answer);
    if (locked && tries.lockRetries < LOCK_RETRIES) {
      tries.lockRetries++;
      return retryAfterBackoff(spec, context, tries, tries.lockRetries, answer);
    }
    if (answer.isSuccessful()) {
      return CompletableFuture.completedFuture(answer);
    }
    if (isServerFailure(answer) && spec.idempotent() && tries.errorRetries < ERROR_RETRIES) {
      tries.errorRetries++;
      return retryAfterBackoff(spec, context, tries, tries.errorRetries, answer);
    }
    return CompletableFuture.failedFuture(ErrorMapping.forAnswer(answer, spec));
  }

  private CompletableFuture<Answer> onUnauthorized(
      CallSpec spec, UpstreamContext context, Tries tries, Session session, Answer answer) {
    boolean expired =
        answer
            .json()
            .map(json -> SfError.any(SfError.list(json), SfError.INVALID_SESSION))
            .orElse(false);
    if (!expired || tries.refreshed || !tokens.canRefresh()) {
      log.warn(
          "Salesforce refused the session for {}{}",
          spec,
          tries.refreshed ? " again after a token refresh" : "");
      return CompletableFuture.failedFuture(ErrorMapping.forAnswer(answer, spec));
    }
    // The request was refused before it ran, so sending it again is safe even for a create.
    tries.refreshed = true;
    return tokens.refresh(session).thenCompose(fresh -> attempt(spec, context, tries));
  }

  private CompletableFuture<Answer> onIoFailure(
      CallSpec spec, UpstreamContext context, Tries tries, Throwable error) {
    if (!(error instanceof IOException)) {
      return CompletableFuture.failedFuture(
          error instanceof UpstreamException
              ? error
              : UpstreamException.failed("Salesforce request failed: unexpected error", error));
    }
    // OkHttp reports a call that its shut-down dispatcher refused as an interrupted I/O.
    boolean clientClosed = http.dispatcher().executorService().isShutdown();
    // Refused or unresolvable: nothing was sent, so even a create may be sent again.
    boolean notSent = error instanceof ConnectException || error instanceof UnknownHostException;
    boolean timeout = error instanceof InterruptedIOException && !clientClosed;
    if (!clientClosed && (spec.idempotent() || notSent) && tries.errorRetries < ERROR_RETRIES) {
      tries.errorRetries++;
      CompletableFuture<Answer> retry =
          retryAfterBackoff(spec, context, tries, tries.errorRetries, null);
      if (retry != null) {
        return retry;
      }
    }
    boolean unknownOutcome = spec.isCreate() && !notSent && !clientClosed;
    log.warn(
        "Salesforce call {} failed: {}{}",
        spec,
        error.getClass().getSimpleName(),
        unknownOutcome ? " (the create may have been applied; it is not sent again)" : "");
    if (clientClosed) {
      return CompletableFuture.failedFuture(
          UpstreamException.failed(
              "Salesforce request failed: the HTTP client is shut down", error));
    }
    if (timeout) {
      return CompletableFuture.failedFuture(UpstreamException.timeout(ErrorMapping.TIMED_OUT));
    }
    return CompletableFuture.failedFuture(
        UpstreamException.failed(
            "Salesforce request failed: "
                + (notSent ? "cannot connect" : "connection error")
                + (unknownOutcome ? "; the records may have been created" : ""),
            error));
  }

  /**
   * Sends {@code spec} again after a jittered exponential backoff, if that can start before the
   * deadline; else fails with what {@code answer} maps to (or returns null for a lost answer).
   */
  private CompletableFuture<Answer> retryAfterBackoff(
      CallSpec spec, UpstreamContext context, Tries tries, int retry, Answer answer) {
    long ceiling = Math.min(BACKOFF_MAX_MILLIS, BACKOFF_BASE_MILLIS << (retry - 1));
    long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    if (context.remaining().compareTo(Duration.ofMillis(delay)) <= 0) {
      if (answer == null) {
        return null;
      }
      return CompletableFuture.failedFuture(ErrorMapping.forAnswer(answer, spec));
    }
    log.debug("Retrying Salesforce call {} in {} ms (retry {})", spec, delay, retry);
    return CompletableFuture.runAsync(
            () -> {},
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, Runnable::run))
        .thenCompose(ignored -> attempt(spec, context, tries));
  }

  /** True for a whole call refused for a row lock, or a Collections answer with one inside. */
  static boolean isRowLock(Answer answer) {
    if (answer.status() != 400 && answer.status() != 200) {
      return false;
    }
    Optional<JsonNode> json = answer.json();
    if (json.isEmpty() || !json.get().isArray()) {
      return false;
    }
    for (JsonNode item : json.get()) {
      List<SfError> errors =
          item.has("errors") ? SfError.list(item.get("errors")) : SfError.list(item);
      if (SfError.any(errors, SfError.LOCKED)) {
        return true;
      }
    }
    return false;
  }

  /** True for a 5xx, and for an error page that is not Salesforce's JSON (HTML, empty). */
  static boolean isServerFailure(Answer answer) {
    return answer.status() >= 500 || (!answer.isSuccessful() && answer.json().isEmpty());
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
