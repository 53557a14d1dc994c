package io.mutationapi.server;

import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.RecordOutcome;
import io.mutationapi.server.spi.UpstreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a request is split into the upstream's batches, and where the records of a failed batch are
 * sorted into applied and not applied, by request index.
 */
final class Batches {
  static final String NOT_TRIED = "Not applied because an earlier record failed";
  static final String NOT_SENT = "Not applied: the upstream timeout passed before it was sent";
  static final String NOT_KNOWN = "Not known whether applied: the upstream did not answer in time";

  private Batches() {}

  /** Returns the records {@code from} to {@code to} of {@code request}, without await. */
  static MutationRequest slice(MutationRequest request, int from, int to) {
    if (from == 0 && to == request.size() && request.awaitConsumers().isEmpty()) {
      return request;
    }
    if (request instanceof MutationRequest.Create) {
      MutationRequest.Create c = (MutationRequest.Create) request;
      return new MutationRequest.Create(
          c.syncId(), c.collectionId(), c.records().subList(from, to), Optional.empty());
    }
    if (request instanceof MutationRequest.Update) {
      MutationRequest.Update u = (MutationRequest.Update) request;
      return new MutationRequest.Update(
          u.syncId(), u.collectionId(), u.records().subList(from, to), Optional.empty());
    }
    MutationRequest.Delete d = (MutationRequest.Delete) request;
    return new MutationRequest.Delete(
        d.syncId(), d.collectionId(), d.upstreamIds().subList(from, to), Optional.empty());
  }

  /**
   * Takes the applied records of a failed batch into {@code applied} and returns every record of
   * the request from {@code from} on that was not applied, with its reason.
   */
  static List<MutationError.Failure> outcomes(
      MutationRequest request, int from, int to, UpstreamException failure, List<Record> applied) {
    List<RecordOutcome> outcomes = failure.outcomes();
    List<MutationError.Failure> failures = new ArrayList<>();
    for (int index = from; index < to; index++) {
      int i = index - from;
      String message;
      if (i < outcomes.size() && outcomes.get(i) instanceof RecordOutcome.Applied) {
        applied.add(((RecordOutcome.Applied) outcomes.get(i)).record());
        continue;
      } else if (i < outcomes.size()) {
        message = ((RecordOutcome.Failed) outcomes.get(i)).message();
      } else if (i == outcomes.size()) {
        message = failure.getMessage();
      } else {
        message = NOT_TRIED;
      }
      failures.add(new MutationError.Failure(index, MutationError.MESSAGE_PREFIX + message));
    }
    failures.addAll(notApplied(request, to, -1));
    return failures;
  }

  /**
   * Returns the records from {@code from} to the end as not applied; the one at {@code
   * failedIndex}, if any, because the upstream failed on it.
   */
  static List<MutationError.Failure> notApplied(
      MutationRequest request, int from, int failedIndex) {
    String first = from == failedIndex ? "Not applied: the upstream failed" : NOT_TRIED;
    return failures(from, request.size(), first, NOT_TRIED);
  }

  /**
   * Returns failures for the records {@code from} to {@code to}: the first's message, the rest's.
   */
  static List<MutationError.Failure> failures(
      int from, int to, String firstMessage, String restMessage) {
    List<MutationError.Failure> failures = new ArrayList<>(Math.max(0, to - from));
    for (int index = from; index < to; index++) {
      String message = index == from ? firstMessage : restMessage;
      failures.add(new MutationError.Failure(index, MutationError.MESSAGE_PREFIX + message));
    }
    return failures;
  }
}
