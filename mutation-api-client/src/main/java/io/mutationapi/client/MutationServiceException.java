package io.mutationapi.client;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationApiException;
import io.mutationapi.MutationError;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The server answered with an error status: the request reached it and was refused or failed there.
 *
 * <p>Subclasses say what the caller can do next: fix the request ({@link BadRequestException}), fix
 * the credentials ({@link UnauthorizedException}, {@link ForbiddenException}), fix the ids ({@link
 * NotFoundException}), wait and retry ({@link RateLimitedException}, {@link
 * UpstreamFailedException}, {@link ServerException}), or treat the mutation as applied ({@link
 * ConsumersTimeoutException}, {@link AppliedButUnavailableException}). A status no subclass covers
 * (405, 413, 415, any other) is thrown as this class itself. The client has already retried what it
 * safely could before throwing.
 *
 * <p>The exception is chosen by the body's {@code code} when the server sends one, and otherwise by
 * the status and the message, so the same types come from our server and from the hosted API, whose
 * error bodies have no {@code code}.
 *
 * <p>Instances are immutable; the message shows the status, code, server message and request id,
 * never record data.
 */
public class MutationServiceException extends MutationApiException {
  private static final long serialVersionUID = 1L;

  private final transient MutationError error;
  private final String requestId;
  private final Duration retryAfter;
  private String idempotencyKey;
  private boolean outcomeUnknown;
  private String context = "";

  /**
   * Creates an exception for {@code error}. Prefer {@link #of}, which picks the right subclass.
   *
   * @param error the parsed error body and status
   * @param requestId the response's {@code X-Request-Id}, if it had one
   * @param retryAfter the response's {@code Retry-After}, if it had one
   */
  MutationServiceException(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    this(error, requestId, retryAfter, null);
  }

  MutationServiceException(
      MutationError error,
      Optional<String> requestId,
      Optional<Duration> retryAfter,
      String advice) {
    super(describe(error, requestId, advice));
    this.error = error;
    this.requestId = requestId.orElse(null);
    this.retryAfter = retryAfter.orElse(null);
  }

  private static String describe(MutationError error, Optional<String> requestId, String advice) {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(requestId, "requestId");
    StringBuilder sb = new StringBuilder("HTTP ").append(error.status());
    error.code().ifPresent(c -> sb.append(' ').append(Text.printable(c.value(), Text.MAX_SHORT)));
    sb.append(": ").append(Text.printable(error.message(), Text.MAX_MESSAGE));
    requestId.ifPresent(
        id -> sb.append(" (request id ").append(Text.printable(id, Text.MAX_SHORT)).append(')'));
    if (advice != null) {
      sb.append(". ").append(advice);
    }
    return sb.toString();
  }

  /**
   * Returns the exception that fits {@code error}: chosen by its code when it has one this version
   * knows, else by its status (and, for a 500, by its message).
   */
  public static MutationServiceException of(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    return ErrorMapping.toException(error, requestId, retryAfter);
  }

  /** Returns the HTTP status, e.g. {@code 400}. */
  public int status() {
    return error.status();
  }

  /** Returns the machine-readable code; absent when the server sends none (the hosted API). */
  public Optional<ErrorCode> code() {
    return error.code();
  }

  /**
   * Returns the server's message exactly as sent, e.g. {@code "Error: Salesforce API timed out"}.
   */
  public String errorMessage() {
    return error.message();
  }

  /** Returns the documentation links the server sent, possibly none. */
  public List<String> docs() {
    return error.docs();
  }

  /** Returns the id the server gave this request, for its logs; absent if it sent none. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** Returns how long the server asked the caller to wait before trying again, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Returns the message: status, code, the server's message, the request id, and what the client
   * knows of the outcome (a partial failure's count of applied records, the idempotency key to
   * retry with).
   */
  @Override
  public String getMessage() {
    return super.getMessage() + context;
  }

  /**
   * Returns true if the mutation may have been applied, wholly or in part, by the attempt that got
   * this answer or by an earlier one; then send it again only with {@link #idempotencyKey()}. False
   * when the server refused it before applying anything (a 400 without applied records, a 401, a
   * 429 on the only attempt, ...).
   */
  public boolean isOutcomeUnknown() {
    return outcomeUnknown;
  }

  /**
   * Returns the idempotency key every attempt carried, to send the request again safely; absent for
   * an exception the client did not throw, and for the calls that carry no key (those of {@link
   * PullConsumer}, {@link Consumers} and {@link Syncs}).
   */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /** Called once by the client, before the exception is thrown. */
  void attempted(String idempotencyKey, boolean outcomeUnknown, String context) {
    this.idempotencyKey = idempotencyKey;
    this.outcomeUnknown = outcomeUnknown;
    this.context = context;
  }

  /** Returns the whole parsed error, including the extension fields of the wire contract. */
  public MutationError error() {
    return error;
  }
}
