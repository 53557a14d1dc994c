package io.mutationapi.testing.salesforce;

import static io.mutationapi.testing.salesforce.SfHttp.V;
import static io.mutationapi.testing.salesforce.SfHttp.contacts;
import static io.mutationapi.testing.salesforce.SfHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeSalesforceFaultTest {
  final FakeSalesforce fake = FakeSalesforce.start();
  final SfHttp http = new SfHttp(fake).login();

  @AfterEach
  void stop() {
    fake.close();
  }

  HttpResponse<String> create() {
    return http.post(V + "/composite/sobjects", contacts(true, "A"));
  }

  @Test
  void requestLimitExceeded_answers403_writesNothing_andOnlyTheNextCall() {
    fake.failNext(1, Fault.requestLimitExceeded());

    HttpResponse<String> failed = create();
    HttpResponse<String> next = create();

    assertThat(failed.statusCode()).isEqualTo(403);
    assertThat(failed.body())
        .isEqualTo(
            "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
    assertThat(failed.headers().firstValue("Retry-After")).isEmpty();
    assertThat(failed.headers().firstValue("Sforce-Limit-Info")).isPresent();
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(fake.records("Contact")).hasSize(1);
  }

  @Test
  void concurrentRequestLimit_answers403WithItsMessage() {
    fake.failNext(1, Fault.concurrentRequestLimitExceeded());

    HttpResponse<String> failed = create();

    assertThat(failed.statusCode()).isEqualTo(403);
    assertThat(json(failed).get(0).get("message").asText())
        .isEqualTo("ConcurrentRequests (Concurrent API Requests) Limit exceeded.");
  }

  @Test
  void apiUsageOverTheLimit_answers403TotalRequests() {
    fake.setApiUsage(4999, 5000);

    HttpResponse<String> last = create();
    HttpResponse<String> over = create();

    assertThat(last.statusCode()).isEqualTo(200);
    assertThat(last.headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=5000/5000");
    assertThat(over.statusCode()).isEqualTo(403);
    assertThat(json(over).get(0).get("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
    assertThat(fake.records("Contact")).hasSize(1);
  }

  @Test
  void unableToLockRow_forTheRequest_answers400AndWritesNothing() {
    fake.failNext(2, RecordedCall::isWrite, Fault.unableToLockRow());

    HttpResponse<String> first = create();
    HttpResponse<String> second = create();
    HttpResponse<String> third = create();

    assertThat(first.statusCode()).isEqualTo(400);
    assertThat(json(first).get(0).get("errorCode").asText()).isEqualTo("UNABLE_TO_LOCK_ROW");
    assertThat(json(first).get(0).get("message").asText())
        .startsWith("unable to obtain exclusive access to this record or 1 records");
    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(fake.records("Contact")).hasSize(1);
  }

  @Test
  void unableToLockRowOnFirstRecord_failsThatRecord_andRollsBackTheOthers() {
    fake.failNext(1, Fault.unableToLockRowOnFirstRecord());

    HttpResponse<String> response = http.post(V + "/composite/sobjects", contacts(true, "A", "B"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get(0).get("errors").get(0).get("statusCode").asText())
        .isEqualTo("UNABLE_TO_LOCK_ROW");
    assertThat(json(response).get(1).get("errors").get(0).get("statusCode").asText())
        .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
    assertThat(fake.records("Contact")).isEmpty();
  }

  @Test
  void serviceUnavailableHtml_answers503WithAnHtmlPage() {
    fake.failNext(1, Fault.serviceUnavailableHtml());

    HttpResponse<String> response = create();

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(response.body()).startsWith("<html>");
    assertThat(fake.records("Contact")).isEmpty();
  }

  @Test
  void badGatewayHtmlAndServerTooBusy_answer502And503() {
    fake.failNext(1, Fault.badGatewayHtml());
    fake.failNext(1, Fault.serverTooBusy());

    assertThat(create().statusCode()).isEqualTo(502);
    HttpResponse<String> busy = create();
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(json(busy).get(0).get("errorCode").asText()).isEqualTo("SERVER_UNAVAILABLE");
  }

  @Test
  void emptyServerError_afterCommit_answers500WithNoBody_butTheWriteTookEffect() {
    fake.failNext(1, Fault.emptyServerError(true));

    HttpResponse<String> response = create();

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEmpty();
    assertThat(fake.records("Contact")).hasSize(1);
  }

  @Test
  void unknownException_beforeCommit_answers500AndWritesNothing() {
    fake.failNext(1, Fault.unknownException(false));

    HttpResponse<String> response = create();

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(json(response).get(0).get("errorCode").asText()).isEqualTo("UNKNOWN_EXCEPTION");
    assertThat(fake.records("Contact")).isEmpty();
  }

  @Test
  void latency_beyondTheReadTimeout_timesTheClientOut_butTheWriteTookEffect() {
    fake.failNext(1, Fault.latency(Duration.ofSeconds(2)));

    assertThatThrownBy(
            () ->
                http.send(
                    http.authorized(V + "/composite/sobjects")
                        .timeout(Duration.ofMillis(300))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(contacts(true, "A")))))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(fake.records("Contact")).hasSize(1);
  }

  @Test
  void dropConnection_afterCommit_failsTheClient_butTheWriteTookEffect() {
    fake.failNext(1, Fault.dropConnection(true));

    assertThatThrownBy(this::create)
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(fake.records("Contact")).hasSize(1);
  }

  @Test
  void sessionExpired_answers401Once_andTheTokenStillWorks() {
    fake.failNext(1, Fault.sessionExpired());

    assertThat(create().statusCode()).isEqualTo(401);
    assertThat(create().statusCode()).isEqualTo(200);
  }

  @Test
  void faultWithAPredicate_onlyHitsTheCallsItSelects() {
    fake.failNext(1, RecordedCall::isRead, Fault.serverTooBusy());

    assertThat(create().statusCode()).isEqualTo(200);
    assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(503);
    assertThat(http.get(V + "/sobjects/Contact/describe").statusCode()).isEqualTo(200);
  }

  @Test
  void faultOnTheTokenEndpoint_whenSelected_answersInsteadOfATokens() {
    fake.failNext(1, RecordedCall::isTokenRequest, Fault.serviceUnavailableHtml());

    HttpResponse<String> response =
        http.token(
            "grant_type=client_credentials&client_id=fake-client-id&client_secret=fake-client-secret");

    assertThat(response.statusCode()).isEqualTo(503);
    http.login();
  }

  @Test
  void expiryInTheMiddleOfConcurrentCalls_failsTheCallsAfterIt() {
    fake.expireTokensAfter(10);
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      futures.add(
          http.client.sendAsync(
              http.authorized(V + "/sobjects/Contact/describe").GET().build(),
              HttpResponse.BodyHandlers.ofString()));
    }

    List<Integer> statuses = futures.stream().map(f -> f.join().statusCode()).toList();

    assertThat(statuses.stream().filter(s -> s == 200)).hasSize(10);
    assertThat(statuses.stream().filter(s -> s == 401)).hasSize(30);
  }

  @Test
  void unableToLockRowOnRecord_failsThatIndex_andWithoutAllOrNoneTheOthersAreWritten() {
    fake.failNext(1, Fault.unableToLockRowOnRecord(1));

    HttpResponse<String> response =
        http.post(V + "/composite/sobjects", contacts(false, "A", "B", "C"));

    assertThat(json(response).get(0).get("success").asBoolean()).isTrue();
    assertThat(json(response).get(1).get("errors").get(0).get("statusCode").asText())
        .isEqualTo("UNABLE_TO_LOCK_ROW");
    assertThat(json(response).get(2).get("success").asBoolean()).isTrue();
    assertThat(fake.records("Contact")).hasSize(2);
  }

  @Test
  void truncatedAnswer_cutsTheBodyShort_butTheWriteTookEffect() {
    fake.failNext(1, RecordedCall::isWrite, Fault.truncatedAnswer());

    assertThatThrownBy(() -> http.post(V + "/composite/sobjects", contacts(true, "A", "B")))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(fake.records("Contact")).hasSize(2);
    assertThat(create().statusCode()).isEqualTo(200);
  }

  @Test
  void concurrentCreates_allGetDistinctValidIds() {
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      futures.add(
          http.client.sendAsync(
              http.authorized(V + "/composite/sobjects")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(contacts(true, "A" + i, "B" + i)))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }

    java.util.Set<String> ids = new java.util.HashSet<>();
    for (CompletableFuture<HttpResponse<String>> future : futures) {
      json(future.join()).forEach(result -> ids.add(result.get("id").asText()));
    }

    assertThat(ids).hasSize(200).allMatch(SalesforceIds::isValid);
    assertThat(fake.records("Contact")).hasSize(200);
    assertThat(fake.apiUsage()).isEqualTo(100);
  }
}
