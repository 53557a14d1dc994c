package io.mutationapi.server.spi;

import io.mutationapi.MutationApiException;
import io.mutationapi.Record;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed failure of an {@link Upstream}; its {@link Kind} picks the HTTP answer.
 *
 * <p>The message is shown to the API caller after {@code "Error: "}, so it must be written for
 * them, e.g. {@code "Salesforce validation error: `Invalid email`"} or {@code "Salesforce API timed
 * out"}, and must not contain secrets or internals.
 *
 * <p>A non-atomic upstream that applied some records of a batch before failing attaches them with
 * {@link #withApplied(List)}, in batch order; the failure is then at batch index {@code
 * applied().size()}. Instances are immutable.
 */
public final class UpstreamException extends MutationApiException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, which decides the HTTP status. */
  public enum Kind {
    /** The upstream rejected the data: 400 {@code upstream_validation_error}. */
    VALIDATION,
    /** The upstream did not answer in time: 504 {@code upstream_timeout}. */
    TIMEOUT,
    /** The upstream is rate limiting: 429 {@code rate_limited}, with {@code Retry-After}. */
    RATE_LIMITED,
    /** Anything else: 502 {@code upstream_error}. */
    FAILED
  }

  private final Kind kind;
  private final transient Optional<Duration> retryAfter;
  private final transient List<Record> applied;

  private UpstreamException(
      Kind kind,
      String message,
      Optional<Duration> retryAfter,
      List<Record> applied,
      Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.retryAfter = retryAfter;
    this.applied = List.copyOf(applied);
  }

  /** Returns a validation failure (400), e.g. {@code "Salesforce validation error: `...`"}. */
  public static UpstreamException validation(String message) {
    return new UpstreamException(Kind.VALIDATION, message, Optional.empty(), List.of(), null);
  }

  /** Returns a timeout (504), e.g. {@code "Salesforce API timed out"}. */
  public static UpstreamException timeout(String message) {
    return new UpstreamException(Kind.TIMEOUT, message, Optional.empty(), List.of(), null);
  }

  /**
   * Returns a rate-limit failure (429) that tells the caller when to retry.
   *
   * @throws IllegalArgumentException if {@code retryAfter} is negative
   */
  public static UpstreamException rateLimited(String message, Duration retryAfter) {
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
    }
    return new UpstreamException(
        Kind.RATE_LIMITED, message, Optional.of(retryAfter), List.of(), null);
  }

  /** Returns any other failure (502). {@code cause} is logged, never sent; it may be null. */
  public static UpstreamException failed(String message, Throwable cause) {
    return new UpstreamException(Kind.FAILED, message, Optional.empty(), List.of(), cause);
  }

  /**
   * Returns a copy that reports {@code applied}: the records of the batch that were applied before
   * the failure, in batch order. Only a non-atomic upstream may report applied records.
   */
  public UpstreamException withApplied(List<Record> applied) {
    return new UpstreamException(kind, getMessage(), retryAfter, applied, getCause());
  }

  /** Returns what went wrong. */
  public Kind kind() {
    return kind;
  }

  /** Returns when the caller may retry, for {@link Kind#RATE_LIMITED}. */
  public Optional<Duration> retryAfter() {
    return retryAfter == null ? Optional.empty() : retryAfter;
  }

  /** Returns the records applied before the failure, in batch order; empty if none. */
  public List<Record> applied() {
    return applied == null ? List.of() : applied;
  }
}
