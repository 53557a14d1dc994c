package io.mutationapi.testing.salesforce;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure that {@link FakeSalesforce#failNext} makes the fake answer instead of (or after) doing
 * the work of a call, each as Salesforce or its edge layer sends it. Faults named {@code
 * ...AfterCommit} or {@link #latency} apply the write first, so the client sees a failure or a
 * timeout for a write that took effect: the "unknown outcome" case. Immutable.
 */
public final class Fault {
  enum Kind {
    SESSION_EXPIRED,
    TOTAL_REQUEST_LIMIT,
    CONCURRENT_REQUEST_LIMIT,
    UNABLE_TO_LOCK_ROW,
    UNABLE_TO_LOCK_ROW_IN_RECORD,
    UNKNOWN_EXCEPTION,
    EMPTY_500,
    SERVER_TOO_BUSY,
    HTML_503,
    HTML_502,
    LATENCY,
    DROP_CONNECTION,
    TRUNCATED_ANSWER
  }

  private final Kind kind;
  private final boolean afterCommit;
  private final Duration delay;
  private final int recordIndex;

  private Fault(Kind kind, boolean afterCommit, Duration delay) {
    this(kind, afterCommit, delay, 0);
  }

  private Fault(Kind kind, boolean afterCommit, Duration delay, int recordIndex) {
    this.kind = kind;
    this.afterCommit = afterCommit;
    this.delay = delay;
    this.recordIndex = recordIndex;
  }

  /** 401 {@code INVALID_SESSION_ID} for this call only; the token stays valid for the next. */
  public static Fault sessionExpired() {
    return new Fault(Kind.SESSION_EXPIRED, false, Duration.ZERO);
  }

  /**
   * 403 {@code REQUEST_LIMIT_EXCEEDED} with {@code TotalRequests Limit exceeded.}; nothing written.
   */
  public static Fault requestLimitExceeded() {
    return new Fault(Kind.TOTAL_REQUEST_LIMIT, false, Duration.ZERO);
  }

  /** 403 {@code REQUEST_LIMIT_EXCEEDED} with the concurrent-requests message; nothing written. */
  public static Fault concurrentRequestLimitExceeded() {
    return new Fault(Kind.CONCURRENT_REQUEST_LIMIT, false, Duration.ZERO);
  }

  /** 400 {@code UNABLE_TO_LOCK_ROW} for the whole request; nothing written. */
  public static Fault unableToLockRow() {
    return new Fault(Kind.UNABLE_TO_LOCK_ROW, false, Duration.ZERO);
  }

  /**
   * A Collections write whose first record fails with {@code UNABLE_TO_LOCK_ROW} inside a 200
   * answer; with {@code allOrNone} the others are rolled back, without it they are written. On any
   * other call it acts as {@link #unableToLockRow()}.
   */
  public static Fault unableToLockRowOnFirstRecord() {
    return unableToLockRowOnRecord(0);
  }

  /**
   * As {@link #unableToLockRowOnFirstRecord()}, for the record at {@code index} of a Collections
   * write (a write with fewer records is not affected).
   */
  public static Fault unableToLockRowOnRecord(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative: " + index);
    }
    return new Fault(Kind.UNABLE_TO_LOCK_ROW_IN_RECORD, false, Duration.ZERO, index);
  }

  /**
   * 500 {@code [{"errorCode":"UNKNOWN_EXCEPTION"}]}, after applying the call when {@code
   * afterCommit}, else without applying it.
   */
  public static Fault unknownException(boolean afterCommit) {
    return new Fault(Kind.UNKNOWN_EXCEPTION, afterCommit, Duration.ZERO);
  }

  /**
   * 500 with an empty body and no content type, after applying the call when {@code afterCommit}.
   */
  public static Fault emptyServerError(boolean afterCommit) {
    return new Fault(Kind.EMPTY_500, afterCommit, Duration.ZERO);
  }

  /**
   * 503 {@code [{"errorCode":"SERVER_UNAVAILABLE","message":"Server too busy"}]}; nothing written.
   */
  public static Fault serverTooBusy() {
    return new Fault(Kind.SERVER_TOO_BUSY, false, Duration.ZERO);
  }

  /**
   * 503 with an HTML page and {@code Content-Type: text/html}, as the CDN sends; nothing written.
   */
  public static Fault serviceUnavailableHtml() {
    return new Fault(Kind.HTML_503, false, Duration.ZERO);
  }

  /** 502 with an HTML page, as Salesforce Edge sends when it cannot reach the instance. */
  public static Fault badGatewayHtml() {
    return new Fault(Kind.HTML_502, false, Duration.ZERO);
  }

  /**
   * Applies the call at once and sends its normal answer only after {@code delay}: set it beyond
   * the client's read timeout to get a timed-out write that took effect.
   */
  public static Fault latency(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    return new Fault(Kind.LATENCY, true, delay);
  }

  /** Closes the connection without an answer, after applying the call when {@code afterCommit}. */
  public static Fault dropConnection(boolean afterCommit) {
    return new Fault(Kind.DROP_CONNECTION, afterCommit, Duration.ZERO);
  }

  /**
   * Applies the call and starts its normal answer (status, headers, a {@code Content-Length} for
   * the whole body) but closes the connection after half the body: a connection lost in the middle
   * of an answer, for a write that took effect. Applies to data calls only.
   */
  public static Fault truncatedAnswer() {
    return new Fault(Kind.TRUNCATED_ANSWER, true, Duration.ZERO);
  }

  Kind kind() {
    return kind;
  }

  /** Whether the call is applied before the fault's answer. */
  boolean afterCommit() {
    return afterCommit;
  }

  int recordIndex() {
    return recordIndex;
  }

  Duration delay() {
    return delay;
  }

  /** The answer this fault sends, or null for one that sends the call's own answer. */
  Answer answer(String firstId) {
    switch (kind) {
      case SESSION_EXPIRED:
        return FakeHandler.invalidSession();
      case TOTAL_REQUEST_LIMIT:
        return error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
      case CONCURRENT_REQUEST_LIMIT:
        return error(
            403,
            "REQUEST_LIMIT_EXCEEDED",
            "ConcurrentRequests (Concurrent API Requests) Limit exceeded.");
      case UNABLE_TO_LOCK_ROW:
      case UNABLE_TO_LOCK_ROW_IN_RECORD:
        return error(
            400,
            "UNABLE_TO_LOCK_ROW",
            "unable to obtain exclusive access to this record or 1 records: " + firstId);
      case UNKNOWN_EXCEPTION:
        return error(
            500,
            "UNKNOWN_EXCEPTION",
            "An unexpected error occurred. Please include this ErrorId if you contact support:"
                + " 1234567890-12345 (-1234567890)");
      case EMPTY_500:
        return Answer.empty(500);
      case SERVER_TOO_BUSY:
        return error(503, "SERVER_UNAVAILABLE", "Server too busy");
      case HTML_503:
        return Answer.html(
            503,
            "<html><head><title>Service Not Available</title></head><body><h1>Service Not"
                + " Available</h1><p>This error originated from Salesforce CDN partner.</p>"
                + "</body></html>");
      case HTML_502:
        return Answer.html(
            502,
            "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>"
                + "</body></html>");
      default:
        return null;
    }
  }

  private static Answer error(int status, String code, String message) {
    return Answer.json(status, "[" + SfError.of(code, message).toRequestError().toString() + "]");
  }

  @Override
  public String toString() {
    return "Fault["
        + kind
        + (afterCommit ? ", after commit" : "")
        + (delay.isZero() ? "" : ", " + delay)
        + "]";
  }
}
