package io.mutationapi.server;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.internal.Futures;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

/**
 * Error mapping: turns what went wrong (a refusal, an {@link UpstreamException}, an unexpected
 * exception, a partly applied request) into the {@link MutationOutcome.Failure} that is answered.
 */
final class ErrorAnswers {
  /** The {@code Retry-After} of a refusal that says nothing more precise. */
  static final Duration RETRY_SOON = Duration.ofSeconds(1);

  private ErrorAnswers() {}

  /** A failure with neither retry time nor cause. */
  static MutationOutcome.Failure failure(ErrorCode code, String detail) {
    return new MutationOutcome.Failure(MutationError.of(code, detail));
  }

  /** A 503 the caller may retry in a second. */
  static MutationOutcome.Failure unavailable(String detail) {
    return new MutationOutcome.Failure(
        MutationError.of(ErrorCode.UNAVAILABLE, detail), Optional.of(RETRY_SOON), Optional.empty());
  }

  /** An unexpected exception: a generic 500; the cause is for the server's log only. */
  static MutationOutcome.Failure unexpected(Throwable error) {
    return new MutationOutcome.Failure(
        MutationError.of(ErrorCode.INTERNAL_ERROR, "Internal server error"),
        Optional.empty(),
        Optional.of(Futures.unwrap(error)));
  }

  /**
   * The answer to a request whose {@code records} were applied upstream but that the stream could
   * not publish (e.g. the broker is unreachable): 503, since the stream is unavailable, with the
   * records that were applied, and nothing reported as done. The cause is for the server's log.
   */
  static MutationOutcome.Failure notPublished(List<Record> records, Throwable error) {
    return new MutationOutcome.Failure(
        MutationError.of(
                ErrorCode.UNAVAILABLE,
                "The change stream is unavailable: the records were applied upstream but not"
                    + " published, so consumers will not see this change")
            .withRecords(records),
        Optional.of(RETRY_SOON),
        Optional.of(Futures.unwrap(error)));
  }

  /** The answer to a request whose upstream calls failed; {@code records} were applied. */
  static MutationOutcome failed(MutationRequest request, List<Record> records, Applied applied) {
    MutationOutcome.Failure failure;
    if (applied.failure() != null) {
      failure = upstreamFailure(applied.failure());
    } else if (applied.cause() instanceof RejectedExecutionException) {
      failure = unavailable("Server overloaded; retry later");
    } else {
      failure =
          new MutationOutcome.Failure(
              MutationError.of(ErrorCode.UPSTREAM_ERROR, "The upstream failed"),
              Optional.empty(),
              Optional.ofNullable(applied.cause()));
    }
    boolean perRecord = applied.failure() != null && !applied.failure().outcomes().isEmpty();
    if (records.isEmpty() && (!perRecord || request.size() == 1)) {
      // Nothing was applied and the upstream said nothing per record: one error says it all.
      return failure;
    }
    // Report what was applied, and every record that was not, by request index; the message
    // says so too, since it is all that many callers read.
    MutationError error = failure.error();
    return new MutationOutcome.Failure(
        new MutationError(
                error.status(),
                error.code(),
                MutationError.MESSAGE_PREFIX
                    + partialMessage(request, records.size(), applied.failures(), error.detail()),
                error.docs(),
                List.of(),
                List.of(),
                List.of())
            .withRecords(records)
            .withFailures(applied.failures()),
        failure.retryAfter(),
        failure.cause());
  }

  /**
   * The message of a failure that left some records applied, or that the upstream reported per
   * record: the JSON path of the record that failed (the first whose failure is {@code reason}, or
   * else the first not applied), the reason, and how many were applied, e.g. {@code records[1]:
   * Invalid email (1 of 2 records were applied; 1 was not: see failures)}.
   */
  static String partialMessage(
      MutationRequest request, int applied, List<MutationError.Failure> failures, String reason) {
    String field = request instanceof MutationRequest.Delete ? "upstream_ids" : "records";
    int notApplied = failures.size();
    // The record the upstream failed on carries its reason; the others were not tried or were
    // rolled back with it.
    MutationError.Failure failed = failures.isEmpty() ? null : failures.get(0);
    for (MutationError.Failure f : failures) {
      if (f.error().equals(MutationError.MESSAGE_PREFIX + reason)) {
        failed = f;
        break;
      }
    }
    String path = failed == null ? field : field + "[" + failed.index() + "]";
    return path
        + ": "
        + reason
        + " ("
        + applied
        + " of "
        + request.size()
        + " records were applied; "
        + notApplied
        + (notApplied == 1 ? " was" : " were")
        + " not: see failures)";
  }

  /** The answer to an {@link UpstreamException}, by its kind. */
  static MutationOutcome.Failure upstreamFailure(UpstreamException e) {
    switch (e.kind()) {
      case VALIDATION:
        return failure(ErrorCode.UPSTREAM_VALIDATION_ERROR, e.getMessage());
      case TIMEOUT:
        return failure(ErrorCode.UPSTREAM_TIMEOUT, e.getMessage());
      case RATE_LIMITED:
        return new MutationOutcome.Failure(
            MutationError.of(ErrorCode.RATE_LIMITED, e.getMessage()),
            Optional.of(e.retryAfter().orElse(RETRY_SOON)),
            Optional.empty());
      default:
        return new MutationOutcome.Failure(
            MutationError.of(ErrorCode.UPSTREAM_ERROR, e.getMessage()),
            Optional.empty(),
            Optional.ofNullable(e.getCause()));
    }
  }
}
