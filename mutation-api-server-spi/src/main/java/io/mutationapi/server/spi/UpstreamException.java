package io.mutationapi.server.spi;

import io.mutationapi.MutationApiException;
import io.mutationapi.Record;
import java.time.Duration;
import java.util.ArrayList;
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
 * <p>A failure of a whole batch leaves nothing of it applied. An upstream that applied part of a
 * batch (one that is not atomic) says which records with {@link #withOutcomes}, one outcome per
 * record, or, when it stops at the first failure, with {@link #withApplied} (the records before
 * it). The engine publishes every applied record, so the stream never falls behind the upstream,
 * and reports the others by request index. Instances are immutable.
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
  private final transient List<RecordOutcome> outcomes;

  private UpstreamException(
      Kind kind,
      String message,
      Optional<Duration> retryAfter,
      List<RecordOutcome> outcomes,
      Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.retryAfter = retryAfter;
    this.outcomes = List.copyOf(outcomes);
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
   * Returns a copy that reports {@code applied}: the records of the batch applied before the
   * failure, in batch order, so the failure is at batch index {@code applied.size()} and later
   * records were not tried.
   */
  public UpstreamException withApplied(List<Record> applied) {
    List<RecordOutcome> prefix = new ArrayList<>(applied.size());
    for (Record record : applied) {
      prefix.add(RecordOutcome.applied(record));
    }
    return withOutcomes(prefix);
  }

  /**
   * Returns a copy that reports what happened to each record of the batch, in batch order. A list
   * shorter than the batch means: the record after the last outcome failed with this exception's
   * message, and the records after it were not tried.
   */
  public UpstreamException withOutcomes(List<RecordOutcome> outcomes) {
    return new UpstreamException(kind, getMessage(), retryAfter, outcomes, getCause());
  }

  /** Returns what went wrong. */
  public Kind kind() {
    return kind;
  }

  /** Returns when the caller may retry, for {@link Kind#RATE_LIMITED}. */
  public Optional<Duration> retryAfter() {
    return retryAfter == null ? Optional.empty() : retryAfter;
  }

  /** Returns the records the upstream applied despite the failure, in batch order; often none. */
  public List<Record> applied() {
    List<Record> applied = new ArrayList<>();
    for (RecordOutcome outcome : outcomes()) {
      if (outcome instanceof RecordOutcome.Applied) {
        applied.add(((RecordOutcome.Applied) outcome).record());
      }
    }
    return applied;
  }

  /** Returns the reported outcome per record of the batch; empty if none was reported. */
  public List<RecordOutcome> outcomes() {
    return outcomes == null ? List.of() : outcomes;
  }
}
