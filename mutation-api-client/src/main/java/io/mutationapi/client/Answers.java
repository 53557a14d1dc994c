package io.mutationapi.client;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.mutationapi.MutationError;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.internal.WireException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import okhttp3.Response;

/**
 * What an answer means, from its status and headers first: whether it may be retried, whether the
 * mutation may have been applied, how long the server asked to wait; and its error body, read
 * within a limit and never failing.
 */
final class Answers {
  /** A longer {@code Retry-After} is taken as this: no caller's deadline is longer. */
  static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

  /** The response header that carries the server's id for the request. */
  static final String REQUEST_ID = "X-Request-Id";

  /** The response header by which a server says it answered from its record of a first attempt. */
  static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

  private Answers() {}

  /** The codec's message, or for a limit Jackson enforced, Jackson's own words in full. */
  static String reason(WireException e) {
    Throwable cause = e.getCause();
    if (cause instanceof StreamConstraintsException) {
      return "over a limit of the client's JSON reader: "
          + Text.printable(((StreamConstraintsException) cause).getOriginalMessage(), 300);
    }
    return Text.printable(e.getMessage(), 500);
  }

  static MutationError readError(Response response, int status) {
    // Bodies that may carry records (a partial failure, an await timeout) may be as large as a
    // result; any other error body is a message.
    long limit =
        status == 400 || status >= 500 ? AnswerBody.MAX_RESULT_BYTES : AnswerBody.MAX_ERROR_BYTES;
    byte[] body;
    try {
      body = AnswerBody.read(response.body(), limit);
    } catch (AnswerBody.TooLargeException e) {
      return genericError(
          status, "HTTP " + status + " with an error body over the client's limit of " + limit);
    } catch (IOException e) {
      return genericError(
          status,
          "HTTP "
              + status
              + " with an error body that could not be read ("
              + Text.printable(e.toString(), 500)
              + ")");
    }
    return WireCodec.standard().readError(status, body);
  }

  static MutationError genericError(int status, String detail) {
    return WireCodec.uncodedError(status, detail);
  }

  static Optional<String> requestId(Response response) {
    return Optional.ofNullable(response.header(REQUEST_ID));
  }

  static MutationError redirectError(int status, String location) {
    return genericError(
        status,
        "HTTP "
            + status
            + " redirect to "
            + Text.printable(location, 500)
            + ": point baseUrl at the new location (redirects are not followed, because following"
            + " one can turn the POST into a GET)");
  }

  static boolean retryable(int status) {
    switch (status) {
      case 408:
      case 409: // idempotency_key_in_progress; another code in the body turns this off
      case 429:
      case 502:
      case 503: // unless its body names applied records: see RetryDecision
      case 504:
        return true;
      default:
        return false;
    }
  }

  /**
   * Statuses after which the mutation may have been applied, or may still be. Not 503: the one 503
   * after which it was applied says so in its body ({@link AppliedButUnavailableException}).
   */
  static boolean mayHaveApplied(int status) {
    return status == 409 || (status >= 500 && status != 503);
  }

  /**
   * Returns the wait the server asked for: seconds or an HTTP date, never negative, at most {@link
   * #MAX_RETRY_AFTER}; absent if it sent none or nothing readable.
   */
  static Optional<Duration> retryAfter(Response response) {
    String name = ConnectionGuard.RETRY_AFTER;
    String value = response.header(name);
    if (value == null) {
      name = "Retry-After";
      value = response.header(name);
    }
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // Eighteen digits always fit in a long; more are beyond any deadline anyway.
      long seconds = v.length() > 18 ? Long.MAX_VALUE : Long.parseLong(v, 0, v.length(), 10);
      return Optional.of(
          seconds > MAX_RETRY_AFTER.getSeconds() ? MAX_RETRY_AFTER : Duration.ofSeconds(seconds));
    }
    Date date = response.headers().getDate(name);
    if (date == null) {
      return Optional.empty();
    }
    Instant now = Instant.now();
    Instant at = date.toInstant();
    if (!at.isAfter(now)) {
      return Optional.of(Duration.ZERO);
    }
    if (at.isAfter(now.plus(MAX_RETRY_AFTER))) {
      return Optional.of(MAX_RETRY_AFTER);
    }
    return Optional.of(Duration.between(now, at));
  }
}
