package io.mutationapi.client;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Chooses the exception for an error answer: by code when known, else by status and message. */
final class ErrorMapping {
  /** The hosted API's await timeout message starts with this; it sends no code. */
  static final String CONSUMERS_TIMEOUT_PREFIX =
      MutationError.MESSAGE_PREFIX + "Timed out waiting for consumers: ";

  private ErrorMapping() {}

  static MutationServiceException toException(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    ErrorCode code = error.code().filter(ErrorCode::isKnown).orElse(null);
    if (ErrorCode.CONSUMERS_TIMEOUT.equals(code)
        || (code == null && isConsumersTimeoutMessage(error))) {
      return new ConsumersTimeoutException(error, requestId, retryAfter);
    }
    // A known code decides by its own status, so a proxy that rewrites statuses cannot confuse us;
    // otherwise the status decides.
    int status = code != null ? code.httpStatus() : error.status();
    switch (status) {
      case 400:
        return new BadRequestException(error, requestId, retryAfter);
      case 401:
        return new UnauthorizedException(error, requestId, retryAfter);
      case 403:
        return new ForbiddenException(error, requestId, retryAfter);
      case 404:
        return new NotFoundException(error, requestId, retryAfter);
      case 409:
      case 422:
        return new IdempotencyConflictException(error, requestId, retryAfter);
      case 429:
        return new RateLimitedException(error, requestId, retryAfter);
      case 502:
      case 504:
        return new UpstreamFailedException(error, requestId, retryAfter);
      case 503:
        // Every 503 refuses before applying anything, except the one that names what was applied.
        if (!error.records().isEmpty()) {
          return new AppliedButUnavailableException(error, requestId, retryAfter);
        }
        return new ServerException(error, requestId, retryAfter);
      default:
        if (status >= 500 && status <= 599) {
          return new ServerException(error, requestId, retryAfter);
        }
        return new MutationServiceException(error, requestId, retryAfter);
    }
  }

  private static boolean isConsumersTimeoutMessage(MutationError error) {
    return error.status() == 500 && error.message().startsWith(CONSUMERS_TIMEOUT_PREFIX);
  }

  /** The pending consumers of an await timeout: sent as a list, or parsed from the message. */
  static List<String> pendingConsumerIds(MutationError error) {
    if (!error.pendingConsumerIds().isEmpty()) {
      return error.pendingConsumerIds();
    }
    if (!error.message().startsWith(CONSUMERS_TIMEOUT_PREFIX)) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    for (String id : error.message().substring(CONSUMERS_TIMEOUT_PREFIX.length()).split(",")) {
      String trimmed = id.strip();
      if (!trimmed.isEmpty()) {
        ids.add(trimmed);
      }
    }
    return List.copyOf(ids);
  }
}
