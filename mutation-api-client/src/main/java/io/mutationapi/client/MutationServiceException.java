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
 * NotFoundException}), wait and retry ({@link RateLimitedException}, {@link UpstreamException},
 * {@link ServerException}), or treat the mutation as applied ({@link ConsumersTimeoutException}). A
 * status no subclass covers (405, 413, 415, any other) is thrown as this class itself. The client
 * has already retried what it safely could before throwing.
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

  /**
   * Creates an exception for {@code error}. Prefer {@link #of}, which picks the right subclass.
   *
   * @param error the parsed error body and status
   * @param requestId the response's {@code X-Request-Id}, if it had one
   * @param retryAfter the response's {@code Retry-After}, if it had one
   */
  public MutationServiceException(
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
    error.code().ifPresent(c -> sb.append(' ').append(c.value()));
    sb.append(": ").append(error.message());
    requestId.ifPresent(id -> sb.append(" (request id ").append(id).append(')'));
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

  /** Returns the whole parsed error, including the extension fields of the wire contract. */
  public MutationError error() {
    return error;
  }
}
