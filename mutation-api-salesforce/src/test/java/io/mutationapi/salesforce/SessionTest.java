package io.mutationapi.salesforce;

import static io.mutationapi.salesforce.Harness.CONTACT;
import static io.mutationapi.salesforce.Harness.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.UpstreamException;
import io.mutationapi.testing.salesforce.FakeSalesforce;
import io.mutationapi.testing.salesforce.Fault;
import io.mutationapi.testing.salesforce.RecordedCall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** OAuth: the two flows, a static token, and one shared refresh for many requests. */
class SessionTest {

  private static MutationRequest createContact(String lastName) {
    return MutationRequest.create(SYNC, CONTACT).record(Map.of("LastName", lastName)).build();
  }

  @Test
  void clientCredentials_postsTheGrantAndWritesToTheInstanceUrl() {
    try (Harness h = Harness.start()) {
      h.apply(createContact("Atreides"));

      RecordedCall token = h.fake.calls(RecordedCall::isTokenRequest).get(0);
      assertThat(token.method()).isEqualTo("POST");
      assertThat(token.body())
          .contains("grant_type=client_credentials")
          .contains("client_id=" + h.fake.clientId());
      RecordedCall write = h.fake.calls(RecordedCall::isWrite).get(0);
      assertThat(write.header("Authorization").orElseThrow()).startsWith("Bearer ");
    }
  }

  @Test
  void dataCalls_goToTheTokenAnswersInstanceUrl_notTheLoginUrl() {
    FakeSalesforce fake = FakeSalesforce.start();
    // The same server under another name: the token answer names 127.0.0.1 as the instance.
    String login = fake.url().replace("127.0.0.1", "localhost");
    try (Harness h = Harness.start(fake, b -> b.loginUrl(login), s -> s)) {
      h.apply(createContact("Atreides"));

      assertThat(h.fake.calls(RecordedCall::isTokenRequest).get(0).header("Host").orElseThrow())
          .startsWith("localhost:");
      assertThat(h.fake.calls(RecordedCall::isDataCall))
          .allSatisfy(c -> assertThat(c.header("Host").orElseThrow()).startsWith("127.0.0.1:"));
    }
  }

  @Test
  void jwtBearer_signedAssertionIsAcceptedAndWrites() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    FakeSalesforce fake =
        FakeSalesforce.builder()
            .jwtUser("jwt-app", "integration@example.com", keys.getPublic())
            .start();
    try (Harness h =
        Harness.start(
            fake,
            b ->
                SalesforceUpstream.builder()
                    .loginUrl(fake.url())
                    .jwtBearer("jwt-app", "integration@example.com", keys.getPrivate()),
            s -> s)) {
      Record record = h.apply(createContact("Atreides")).get(0);

      assertThat(record.data()).containsEntry("LastName", "Atreides");
      RecordedCall token = h.fake.calls(RecordedCall::isTokenRequest).get(0);
      assertThat(token.body())
          .contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")
          .contains("assertion=");
    }
  }

  @Test
  void staticToken_refused_is502WithoutATokenCall() {
    FakeSalesforce fake = FakeSalesforce.start();
    try (Harness h =
        Harness.start(
            fake,
            b -> SalesforceUpstream.builder().accessToken("00Dstale!token", fake.url()),
            s -> s)) {
      UpstreamException e = h.applyFailure(createContact("Atreides"));

      assertThat(e.kind()).isEqualTo(UpstreamException.Kind.FAILED);
      assertThat(e.getMessage()).startsWith(TokenSource.AUTH_FAILED).doesNotContain("00Dstale");
      assertThat(h.fake.tokenRequests()).isZero();
    }
  }

  @Test
  void failedRefresh_is502AndNeitherMessageNorLogShowsASecret() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (Harness h = Harness.start()) {
      h.apply(createContact("First"));
      h.fake.expireTokens();
      h.fake.failNext(1, RecordedCall::isTokenRequest, Fault.serviceUnavailableHtml());
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));

      UpstreamException e = h.applyFailure(createContact("Second"));

      System.setErr(stderr);
      assertThat(e.kind()).isEqualTo(UpstreamException.Kind.FAILED);
      assertThat(e.getMessage()).startsWith(TokenSource.AUTH_FAILED);
      String logged = log.toString(StandardCharsets.UTF_8);
      assertThat(logged).contains("Salesforce token request");
      assertThat(e.getMessage() + logged)
          .doesNotContain(h.fake.clientSecret())
          .doesNotContain("Bearer");
    } finally {
      System.setErr(stderr);
    }
  }

  @Test
  void thousandConcurrentRequests_tokenExpiringInTheMiddle_makeExactlyOneTokenCall()
      throws Exception {
    try (Harness h = Harness.start()) {
      h.apply(createContact("Warm-up")); // the first token and the describe
      long tokenCallsBefore = h.fake.tokenRequests();

      // About 2,000 data calls follow (a write and a read-back each); the token dies after 700.
      h.fake.expireTokensAfter(700);
      List<CompletableFuture<List<Record>>> calls = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        calls.add(
            h.upstream
                .apply(createContact("L" + i), Harness.context(Duration.ofSeconds(60)))
                .toCompletableFuture());
      }
      CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);

      assertThat(h.fake.tokenRequests() - tokenCallsBefore).isEqualTo(1);
      assertThat(h.fake.records("Contact")).hasSize(1001);
      List<RecordedCall> dataCalls = h.fake.calls(RecordedCall::isDataCall);
      String oldToken = dataCalls.get(0).header("Authorization").orElseThrow();
      long withOldToken =
          dataCalls.stream()
              .filter(c -> c.header("Authorization").orElse("").equals(oldToken))
              .count();
      long refused =
          withOldToken - 3 - 700; // warm-up (describe, write, read), then 700 that passed
      // Requests in flight when the token died were refused, and each was sent again once.
      assertThat(refused).isPositive();
      assertThat(dataCalls).hasSize(3 + 2000 + (int) refused);
    }
  }
}
