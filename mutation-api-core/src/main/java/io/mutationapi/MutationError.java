package io.mutationapi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An error answer: the HTTP status and the error body.
 *
 * <p>{@code message} is the body's {@code error} text exactly as sent, which by the wire contract
 * starts with {@code "Error: "}. {@code code} is absent when the peer does not send one (the hosted
 * API does not). The list fields are extensions of the wire contract and are empty when not sent:
 * the consumers still pending after an await timeout, the records that were applied (after an await
 * timeout, or before a partial failure), and the per-record failures of a partial failure.
 *
 * <p>Instances are immutable; their {@code toString()} never shows record data.
 *
 * @param status the HTTP status
 * @param code the machine-readable code, if sent
 * @param message the human message, e.g. {@code "Error: Salesforce API timed out"}
 * @param docs links to documentation, possibly empty
 * @param pendingConsumerIds after an await timeout, the consumers that had not finished
 * @param records the records that were applied despite the error
 * @param failures the records that failed, by request index
 * @param consistencyToken after an await timeout or a record not applied (the mutation happened),
 *     the positions of its records on the stream, to wait for them later; see {@link
 *     ConsistencyToken}
 */
public record MutationError(
    int status,
    Optional<ErrorCode> code,
    String message,
    List<String> docs,
    List<String> pendingConsumerIds,
    List<Record> records,
    List<Failure> failures,
    Optional<ConsistencyToken> consistencyToken) {

  /** The prefix of every error message on the wire. */
  public static final String MESSAGE_PREFIX = "Error: ";

  /** Validates and copies. */
  public MutationError {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP status: " + status);
    }
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    docs = List.copyOf(docs);
    pendingConsumerIds = List.copyOf(pendingConsumerIds);
    records = List.copyOf(records);
    failures = List.copyOf(failures);
    Objects.requireNonNull(consistencyToken, "consistencyToken");
  }

  /** Returns an error without a consistency token. */
  public MutationError(
      int status,
      Optional<ErrorCode> code,
      String message,
      List<String> docs,
      List<String> pendingConsumerIds,
      List<Record> records,
      List<Failure> failures) {
    this(status, code, message, docs, pendingConsumerIds, records, failures, Optional.empty());
  }

  /**
   * Returns an error with {@code code}, the code's status, and {@code detail} prefixed with {@code
   * "Error: "}.
   *
   * @throws IllegalArgumentException if the code is not one this version knows
   */
  public static MutationError of(ErrorCode code, String detail) {
    if (!code.isKnown()) {
      throw new IllegalArgumentException("no status for unknown code " + code);
    }
    return new MutationError(
        code.httpStatus(),
        Optional.of(code),
        MESSAGE_PREFIX + detail,
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  /** Returns the message without the {@code "Error: "} prefix. */
  public String detail() {
    return message.startsWith(MESSAGE_PREFIX)
        ? message.substring(MESSAGE_PREFIX.length())
        : message;
  }

  /** Returns a copy with these documentation links. */
  public MutationError withDocs(List<String> docs) {
    return new MutationError(
        status, code, message, docs, pendingConsumerIds, records, failures, consistencyToken);
  }

  /** Returns a copy with these pending consumers. */
  public MutationError withPendingConsumerIds(List<String> pendingConsumerIds) {
    return new MutationError(
        status, code, message, docs, pendingConsumerIds, records, failures, consistencyToken);
  }

  /** Returns a copy with these applied records. */
  public MutationError withRecords(List<Record> records) {
    return new MutationError(
        status, code, message, docs, pendingConsumerIds, records, failures, consistencyToken);
  }

  /** Returns a copy with these failures. */
  public MutationError withFailures(List<Failure> failures) {
    return new MutationError(
        status, code, message, docs, pendingConsumerIds, records, failures, consistencyToken);
  }

  /** Returns a copy with this consistency token. */
  public MutationError withConsistencyToken(ConsistencyToken consistencyToken) {
    return new MutationError(
        status,
        code,
        message,
        docs,
        pendingConsumerIds,
        records,
        failures,
        Optional.of(Objects.requireNonNull(consistencyToken, "consistencyToken")));
  }

  @Override
  public String toString() {
    return "MutationError{"
        + status
        + code.map(c -> " " + c).orElse("")
        + ": "
        + message
        + (pendingConsumerIds.isEmpty() ? "" : ", pending=" + pendingConsumerIds)
        + (records.isEmpty() ? "" : ", records=" + records.size())
        + (failures.isEmpty() ? "" : ", failures=" + failures.size())
        + "}";
  }

  /**
   * One record of a batch that the upstream did not apply.
   *
   * @param index the record's index in the request
   * @param error why it failed
   */
  public record Failure(int index, String error) {
    /** Validates. */
    public Failure {
      if (index < 0) {
        throw new IllegalArgumentException("index must not be negative: " + index);
      }
      Objects.requireNonNull(error, "error");
    }
  }
}
