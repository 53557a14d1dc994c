package io.mutationapi.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.server.spi.RecordOutcome;
import io.mutationapi.server.spi.UpstreamException;
import io.mutationapi.server.spi.UpstreamException.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping of whole-call answers and Collections results, without a server. */
class ErrorMappingTest {
  private static final CallSpec CREATE =
      RequestBodies.create("Contact", List.of(io.mutationapi.PartialRecord.of(java.util.Map.of())));
  private static final CallSpec DELETE = RequestBodies.delete(List.of("003000000000001AAA"));
  private static final CallSpec READ =
      RequestBodies.read("Contact", List.of("003000000000001AAA"), List.of("Id"));

  private static Answer json(int status, String body) {
    return new Answer(
        status,
        "application/json;charset=UTF-8",
        null,
        body.getBytes(StandardCharsets.UTF_8),
        Instant.now());
  }

  private static Answer html(int status) {
    return new Answer(
        status,
        "text/html",
        null,
        "<html>Service Not Available</html>".getBytes(StandardCharsets.UTF_8),
        Instant.now());
  }

  @Test
  void multipleMatches300_isValidation() {
    UpstreamException e = ErrorMapping.forAnswer(json(300, "[\"/a\",\"/b\"]"), CREATE);
    assertThat(e.kind()).isEqualTo(Kind.VALIDATION);
    assertThat(e.getMessage())
        .isEqualTo("Salesforce validation error: `external id matches more than one record`");
  }

  @Test
  void recordLevel400OnAWrite_isValidationWithMessagesJoined() {
    UpstreamException e =
        ErrorMapping.forAnswer(
            json(
                400,
                "[{\"message\":\"Required fields are missing: [LastName]\","
                    + "\"errorCode\":\"REQUIRED_FIELD_MISSING\",\"fields\":[\"LastName\"]},"
                    + "{\"message\":\"Email: invalid email address: x\","
                    + "\"errorCode\":\"INVALID_EMAIL_ADDRESS\"}]"),
            CREATE);
    assertThat(e.kind()).isEqualTo(Kind.VALIDATION);
    assertThat(e.getMessage())
        .isEqualTo(
            "Salesforce validation error: `Required fields are missing: [LastName];"
                + " Email: invalid email address: x`");
  }

  @Test
  void deletedTarget404_isValidationNamingTheId() {
    UpstreamException e =
        ErrorMapping.forAnswer(
            json(404, "[{\"message\":\"entity is deleted\",\"errorCode\":\"ENTITY_IS_DELETED\"}]"),
            DELETE);
    assertThat(e.kind()).isEqualTo(Kind.VALIDATION);
    assertThat(e.getMessage())
        .isEqualTo(
            "Salesforce validation error: `entity is deleted` (upstream_id 003000000000001AAA)");
  }

  @Test
  void notFoundUrl404_isUpstreamError() {
    UpstreamException e =
        ErrorMapping.forAnswer(
            json(
                404,
                "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not"
                    + " exist\"}]"),
            READ);
    assertThat(e.kind()).isEqualTo(Kind.FAILED);
    assertThat(e.getMessage())
        .isEqualTo("Salesforce request failed: NOT_FOUND The requested resource does not exist");
  }

  @Test
  void limitExceeded403_isRateLimitedWithRetryAfter() {
    UpstreamException daily =
        ErrorMapping.forAnswer(
            json(
                403,
                "[{\"message\":\"TotalRequests Limit exceeded.\","
                    + "\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]"),
            CREATE);
    UpstreamException concurrent =
        ErrorMapping.forAnswer(
            json(
                403,
                "[{\"message\":\"ConcurrentRequests (Concurrent API Requests) Limit exceeded.\","
                    + "\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]"),
            CREATE);
    assertThat(daily.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(daily.retryAfter()).contains(Duration.ofSeconds(60));
    assertThat(concurrent.retryAfter()).contains(Duration.ofSeconds(10));
  }

  @Test
  void htmlPage503_isUpstreamErrorWithStatus() {
    UpstreamException e = ErrorMapping.forAnswer(html(503), READ);
    assertThat(e.kind()).isEqualTo(Kind.FAILED);
    assertThat(e.getMessage()).isEqualTo("Salesforce API error (HTTP 503)");
    assertThat(Calls.isServerFailure(html(503))).isTrue();
    assertThat(Calls.isServerFailure(json(406, ""))).isTrue();
  }

  @Test
  void queryTimeout_isTimeout() {
    UpstreamException e =
        ErrorMapping.forAnswer(
            json(400, "[{\"message\":\"took too long\",\"errorCode\":\"QUERY_TIMEOUT\"}]"), READ);
    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void collectionResults_allOrNoneFailure_blamesTheFailingRecordNotTheRolledBackOnes() {
    String body =
        "[{\"success\":false,\"errors\":[{\"statusCode\":\"ALL_OR_NONE_OPERATION_ROLLED_BACK\","
            + "\"message\":\"Record rolled back\",\"fields\":[]}]},"
            + "{\"success\":false,\"errors\":[{\"statusCode\":\"INVALID_EMAIL_ADDRESS\","
            + "\"message\":\"Email: invalid email address: x\",\"fields\":[\"Email\"]}]},"
            + "{\"success\":false,\"errors\":[{\"statusCode\":\"ALL_OR_NONE_OPERATION_ROLLED_BACK\","
            + "\"message\":\"Record rolled back\",\"fields\":[]}]}]";
    try {
      CollectionResults.ids(json(200, body), 3, List.of());
      throw new AssertionError("expected a failure");
    } catch (UpstreamException e) {
      assertThat(e.kind()).isEqualTo(Kind.VALIDATION);
      assertThat(e.getMessage())
          .isEqualTo("Salesforce validation error: `Email: invalid email address: x`");
      assertThat(e.outcomes())
          .containsExactly(
              RecordOutcome.failed(CollectionResults.ROLLED_BACK),
              RecordOutcome.failed(e.getMessage()),
              RecordOutcome.failed(CollectionResults.ROLLED_BACK));
    }
  }

  @Test
  void collectionResults_rowLockAfterRetries_isUpstreamError() {
    String body =
        "[{\"success\":false,\"errors\":[{\"statusCode\":\"UNABLE_TO_LOCK_ROW\","
            + "\"message\":\"unable to obtain exclusive access to this record\"}]}]";
    assertThat(Calls.isRowLock(json(200, body))).isTrue();
    try {
      CollectionResults.ids(json(200, body), 1, List.of());
      throw new AssertionError("expected a failure");
    } catch (UpstreamException e) {
      assertThat(e.kind()).isEqualTo(Kind.FAILED);
      assertThat(e.getMessage()).contains("UNABLE_TO_LOCK_ROW");
    }
  }

  @Test
  void collectionResults_success_givesIdsInOrder() {
    String body =
        "[{\"id\":\"003000000000001AAA\",\"success\":true,\"errors\":[]},"
            + "{\"id\":\"003000000000002AAA\",\"success\":true,\"errors\":[]}]";
    assertThat(CollectionResults.ids(json(200, body), 2, List.of()))
        .containsExactly("003000000000001AAA", "003000000000002AAA");
  }
}
