package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.TOKEN;
import static io.mutationapi.client.Fixtures.clientFor;
import static io.mutationapi.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Building, deriving, sharing pools, closing, and keeping the token out of sight. */
class MutationClientTest {
  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void build_withoutBaseUrlNamesTheFix() {
    assertThatThrownBy(() -> MutationClient.builder().env(name -> null).apiToken("t").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("baseUrl is required: call baseUrl(...) or set MUTATION_API_URL");
  }

  @Test
  void build_withoutTokenNamesTheFix() {
    assertThatThrownBy(() -> MutationClient.builder().baseUrl("https://api.example.com").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("apiToken is required: call apiToken(...) or set MUTATION_API_TOKEN");
  }

  @Test
  void build_withAUrlThatIsNotHttpFails() {
    assertThatThrownBy(() -> MutationClient.builder().baseUrl("ftp://x").apiToken("t").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http or https URL");
  }

  @Test
  void fromEnv_readsUrlAndToken() throws Exception {
    server.enqueue(ok());
    Map<String, String> env =
        Map.of("MUTATION_API_URL", server.url("/").toString(), "MUTATION_API_TOKEN", "env-token");
    try (MutationClient client = MutationClient.builder().env(env::get).fromEnv().build()) {
      client.mutations().delete("s", "c").upstreamIds("a").execute();
    }
    assertThat(server.takeRequest().getHeaders().get("Authorization"))
        .isEqualTo("Bearer env-token");
  }

  @Test
  void fromEnv_withNothingSetNamesTheVariable() {
    assertThatThrownBy(() -> MutationClient.builder().env(name -> null).fromEnv().build())
        .hasMessageContaining("MUTATION_API_URL");
  }

  @Test
  void toString_neverShowsUserInfoOfTheBaseUrl() {
    MutationClient.Builder builder =
        MutationClient.builder().baseUrl("http://admin:hunter2@example.com/api/").apiToken(TOKEN);
    try (MutationClient client = builder.build()) {
      assertThat(client.toString())
          .doesNotContain("hunter2")
          .doesNotContain("admin")
          .contains("http://<redacted>@example.com/api/");
      assertThat(builder.toString()).doesNotContain("hunter2").doesNotContain("admin");
    }
  }

  @Test
  void toString_neverShowsTheToken() {
    MutationClient.Builder builder = clientFor(server);
    try (MutationClient client = builder.build()) {
      assertThat(client.toString()).doesNotContain(TOKEN).contains("<redacted>");
      assertThat(builder.toString()).doesNotContain(TOKEN);
      assertThat(client.withOptions(o -> o.maxRetries(0)).toString()).doesNotContain(TOKEN);
    }
  }

  @Test
  void withOptions_sharesTheOkHttpClientAndClosingTheDerivedOneLeavesItOpen() {
    server.enqueue(ok());
    try (MutationClient client = clientFor(server).build()) {
      MutationClient derived = client.withOptions(o -> o.maxRetries(0));
      assertThat(derived.http()).isSameAs(client.http());

      derived.close();
      assertThat(client.http().dispatcher().executorService().isShutdown()).isFalse();
      client.mutations().delete("s", "c").upstreamIds("a").execute();
    }
  }

  @Test
  void close_releasesTheThreadsTheClientCreatedAndLaterCallsFailFast() throws Exception {
    server.enqueue(ok());
    MutationClient client = clientFor(server).build();
    client.mutations().delete("s", "c").upstreamIds("a").executeAsync().get();
    client.close();

    assertThat(client.http().dispatcher().executorService().isShutdown()).isTrue();
    assertThatThrownBy(() -> client.mutations().delete("s", "c").upstreamIds("a").executeAsync())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> client.mutations().delete("s", "c").upstreamIds("a").execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void callersOkHttpClient_isDerivedSharingItsPoolsKeepsItsInterceptorsAndIsNeverClosed()
      throws Exception {
    server.enqueue(ok());
    OkHttpClient own =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    chain.proceed(chain.request().newBuilder().header("X-Tenant", "t1").build()))
            .build();
    try (MutationClient client = clientFor(server).okHttpClient(own).build()) {
      assertThat(client.http().connectionPool()).isSameAs(own.connectionPool());
      assertThat(client.http().dispatcher()).isSameAs(own.dispatcher());
      assertThat(client.http().retryOnConnectionFailure()).isFalse();
      client.mutations().delete("s", "c").upstreamIds("a").execute();
    }
    assertThat(server.takeRequest().getHeaders().get("X-Tenant")).isEqualTo("t1");
    assertThat(own.dispatcher().executorService().isShutdown()).isFalse();
    own.dispatcher().executorService().shutdown();
  }

  @Test
  void ownOkHttpClient_doesNotRetrySilentlyAndAllowsManyConcurrentAwaits() {
    try (MutationClient client = clientFor(server).build()) {
      assertThat(client.http().retryOnConnectionFailure()).isFalse();
      assertThat(client.http().dispatcher().getMaxRequestsPerHost()).isGreaterThan(5);
    }
  }
}
