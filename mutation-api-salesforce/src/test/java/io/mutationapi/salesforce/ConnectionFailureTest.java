package io.mutationapi.salesforce;

import static io.mutationapi.salesforce.Harness.CONTACT;
import static io.mutationapi.salesforce.Harness.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.server.spi.UpstreamException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Calls that never reach Salesforce: nothing was sent, so nothing may have been applied. */
class ConnectionFailureTest {

  private static MutationRequest createContact() {
    return MutationRequest.create(SYNC, CONTACT).record(Map.of("LastName", "Atreides")).build();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void refusedConnection_isRetriedEvenForACreate_thenIs502WithoutUnknownOutcome() throws Exception {
    SalesforceUpstream upstream =
        SalesforceUpstream.builder()
            .accessToken("00Dtoken", "http://127.0.0.1:" + closedPort())
            .build();

    UpstreamException e =
        Harness.failure(upstream.apply(createContact(), Harness.context(Duration.ofSeconds(10))));

    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.FAILED);
    assertThat(e.getMessage()).isEqualTo("Salesforce request failed: cannot connect");
  }

  @Test
  void wrongLoginUrl_is502AuthenticationFailedNamingNoSecret() throws Exception {
    SalesforceUpstream upstream =
        SalesforceUpstream.builder()
            .loginUrl("http://127.0.0.1:" + closedPort())
            .clientCredentials("client", "secret-value-123")
            .build();

    UpstreamException e =
        Harness.failure(upstream.apply(createContact(), Harness.context(Duration.ofSeconds(10))));

    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.FAILED);
    assertThat(e.getMessage())
        .isEqualTo("Salesforce authentication failed: the token endpoint did not answer");
  }

  @Test
  void closedOkHttpClient_is502NotATimeout() {
    OkHttpClient closed = new OkHttpClient();
    closed.dispatcher().executorService().shutdown();
    SalesforceUpstream upstream =
        SalesforceUpstream.builder()
            .okHttpClient(closed)
            .accessToken("00Dtoken", "http://127.0.0.1:9")
            .build();

    UpstreamException e =
        Harness.failure(upstream.apply(createContact(), Harness.context(Duration.ofSeconds(10))));

    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.FAILED);
    assertThat(e.getMessage()).contains("HTTP client is shut down");
  }
}
