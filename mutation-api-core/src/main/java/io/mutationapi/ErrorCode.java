package io.mutationapi;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machine-readable {@code code} of an error body.
 *
 * <p>An open set: the constants are the codes this version knows, and {@link #of(String)} keeps a
 * code it does not know, so an answer from a newer server is never lost. Compare with {@link
 * #equals(Object)}; the constants are also returned by {@code of} for their values.
 */
public final class ErrorCode {
  private static final Map<String, ErrorCode> KNOWN = new ConcurrentHashMap<>();

  /** 400: malformed JSON, wrong types, missing or unknown fields, limits on counts. */
  public static final ErrorCode VALIDATION_ERROR = known("validation_error", 400);

  /** 400: an awaited consumer is not registered. */
  public static final ErrorCode UNKNOWN_CONSUMER = known("unknown_consumer", 400);

  /** 400: an awaited consumer does not consume the request's collection. */
  public static final ErrorCode CONSUMER_NOT_SUBSCRIBED = known("consumer_not_subscribed", 400);

  /** 400: the upstream rejected the data. */
  public static final ErrorCode UPSTREAM_VALIDATION_ERROR = known("upstream_validation_error", 400);

  /** 401: missing or wrong bearer token. */
  public static final ErrorCode UNAUTHORIZED = known("unauthorized", 401);

  /** 403: the token may not mutate this sync. */
  public static final ErrorCode FORBIDDEN = known("forbidden", 403);

  /** 404: unknown path, sync or collection. */
  public static final ErrorCode NOT_FOUND = known("not_found", 404);

  /** 405: a method other than POST. */
  public static final ErrorCode METHOD_NOT_ALLOWED = known("method_not_allowed", 405);

  /** 409: a request with the same idempotency key is still running. */
  public static final ErrorCode IDEMPOTENCY_KEY_IN_PROGRESS =
      known("idempotency_key_in_progress", 409);

  /** 413: the body is over the size limit. */
  public static final ErrorCode PAYLOAD_TOO_LARGE = known("payload_too_large", 413);

  /** 415: the body is not JSON. */
  public static final ErrorCode UNSUPPORTED_MEDIA_TYPE = known("unsupported_media_type", 415);

  /** 422: the idempotency key was used before with a different body. */
  public static final ErrorCode IDEMPOTENCY_KEY_REUSED = known("idempotency_key_reused", 422);

  /** 429: too many requests; retry after the time the response names. */
  public static final ErrorCode RATE_LIMITED = known("rate_limited", 429);

  /** 500: the mutation was applied but awaited consumers did not finish in time. */
  public static final ErrorCode CONSUMERS_TIMEOUT = known("consumers_timeout", 500);

  /**
   * 500: the mutation was applied upstream, but an awaited consumer skipped a record it could not
   * apply (a poison record), so the write cannot be read where the caller waited for it.
   */
  public static final ErrorCode RECORD_NOT_APPLIED = known("record_not_applied", 500);

  /** 500: anything unexpected. */
  public static final ErrorCode INTERNAL_ERROR = known("internal_error", 500);

  /** 502: the upstream failed. */
  public static final ErrorCode UPSTREAM_ERROR = known("upstream_error", 502);

  /** 503: the server is shutting down or overloaded. */
  public static final ErrorCode UNAVAILABLE = known("unavailable", 503);

  /** 504: the upstream did not answer in time. */
  public static final ErrorCode UPSTREAM_TIMEOUT = known("upstream_timeout", 504);

  private final String value;
  private final int status;

  private ErrorCode(String value, int status) {
    this.value = value;
    this.status = status;
  }

  private static ErrorCode known(String value, int status) {
    ErrorCode code = new ErrorCode(value, status);
    KNOWN.put(value, code);
    return code;
  }

  /**
   * Returns the code for {@code value}: a constant if this version knows it, else a new code that
   * keeps the value.
   *
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public static ErrorCode of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("error code must not be empty");
    }
    ErrorCode code = KNOWN.get(value);
    return code != null ? code : new ErrorCode(value, 0);
  }

  /** Returns the code as it appears on the wire, e.g. {@code "validation_error"}. */
  public String value() {
    return value;
  }

  /** Returns true if this version of the library knows this code. */
  public boolean isKnown() {
    return status != 0;
  }

  /** Returns the HTTP status that goes with a known code, or 0 for an unknown one. */
  public int httpStatus() {
    return status;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ErrorCode && ((ErrorCode) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
