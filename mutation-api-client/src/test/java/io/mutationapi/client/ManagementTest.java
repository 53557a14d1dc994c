package io.mutationapi.client;

import static io.mutationapi.client.Fixtures.TOKEN;
import static io.mutationapi.client.Fixtures.clientFor;
import static io.mutationapi.client.Fixtures.error;
import static io.mutationapi.client.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Management API on the wire: consumers and syncs, listed and looked up. */
class ManagementTest {
  static final String JDBC_CONSUMER =
      "{\"id\":\"local-db\",\"kind\":\"jdbc\",\"collection_ids\":[\"salesforce:contact\"],"
          + "\"lag\":null,\"pending_awaits\":2,\"future\":[1,2],"
          + "\"health\":{\"status\":\"failing\",\"consecutive_failures\":3,"
          + "\"last_error\":\"SQLException: gone\",\"last_error_at\":\"2026-12-01T20:00:00Z\"}}";
  static final String HTTP_CONSUMER =
      "{\"id\":\"http-worker\",\"kind\":\"http\",\"collection_ids\":[\"a\",\"b\"],\"lag\":7,"
          + "\"pending_awaits\":0,\"health\":{\"status\":\"healthy\",\"consecutive_failures\":0,"
          + "\"last_error\":null,\"last_error_at\":null},\"ack_wait_ms\":30000,"
          + "\"max_ack_pending\":1000,\"max_deliver\":-1,\"deliver_policy\":\"all\","
          + "\"num_pending\":4,\"num_ack_pending\":1}";
  static final String SYNC =
      "{\"id\":\"my-sync-id\",\"provider\":\"salesforce\",\"collection_ids\":[\"salesforce:contact\"],"
          + "\"rate_limit\":{\"allowed_requests\":25,\"interval\":1000,"
          + "\"max_concurrent_requests\":null,\"burst\":25},"
          + "\"health\":{\"status\":\"healthy\",\"sync_id\":\"my-sync-id\",\"collections\":["
          + "{\"collection_id\":\"salesforce:contact\",\"last_successful_poll\":\"2026-12-01T20:00:01Z\","
          + "\"caught_up_at\":null,\"records_published\":12,\"consecutive_failures\":0,"
          + "\"last_error\":null}]}}";
  static final String BARE_SYNC =
      "{\"id\":\"mem\",\"provider\":\"in_memory\",\"collection_ids\":[],\"rate_limit\":null,"
          + "\"health\":{\"status\":\"unknown\",\"collections\":[]}}";

  @StartStop private final MockWebServer server = new MockWebServer();
  private final FakeTiming timing = new FakeTiming();
  private MutationClient client;

  @BeforeEach
  void setUp() {
    client = clientFor(server).timing(timing).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  @Test
  void consumersList_getsWithTheToken_andReadsEveryKind() throws Exception {
    server.enqueue(json(200, "{\"data\":[" + JDBC_CONSUMER + "," + HTTP_CONSUMER + "]}"));

    List<ConsumerInfo> consumers = client.consumers().list();

    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/consumers");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(consumers).extracting(ConsumerInfo::id).containsExactly("local-db", "http-worker");

    ConsumerInfo db = consumers.get(0);
    assertThat(db.kind()).isEqualTo("jdbc");
    assertThat(db.isHttp()).isFalse();
    assertThat(db.lag()).isEmpty();
    assertThat(db.pendingAwaits()).isEqualTo(2);
    assertThat(db.http()).isEmpty();
    assertThat(db.health().isHealthy()).isFalse();
    assertThat(db.health().consecutiveFailures()).isEqualTo(3);
    assertThat(db.health().lastError()).contains("SQLException: gone");
    assertThat(db.health().lastErrorAt()).contains(Instant.parse("2026-12-01T20:00:00Z"));

    ConsumerInfo worker = consumers.get(1);
    assertThat(worker.collectionIds()).containsExactly("a", "b");
    assertThat(worker.lag()).hasValue(7);
    assertThat(worker.health().lastError()).isEmpty();
    ConsumerInfo.HttpDetails http = worker.http().orElseThrow();
    assertThat(http.ackWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(http.maxAckPending()).isEqualTo(1000);
    assertThat(http.maxDeliver()).isEqualTo(-1);
    assertThat(http.deliverPolicy()).isEqualTo("all");
    assertThat(http.numPending()).isEqualTo(4);
    assertThat(http.numAckPending()).isEqualTo(1);
  }

  @Test
  void consumersGet_readsOne_andAnUnknownIdIsNotFound() throws Exception {
    server.enqueue(json(200, HTTP_CONSUMER));
    server.enqueue(error(404, "not_found", "Unknown consumer nope"));

    assertThat(client.consumers().get("http-worker").isHttp()).isTrue();
    assertThatThrownBy(() -> client.consumers().get("nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Unknown consumer nope");
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/consumers/http-worker");
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/consumers/nope");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void syncs_listAndGet_withAnEmptyRateLimitWhenNull() throws Exception {
    server.enqueue(json(200, "{\"data\":[" + SYNC + "," + BARE_SYNC + "]}"));
    server.enqueue(json(200, SYNC));

    List<SyncInfo> syncs = client.syncs().list();
    SyncInfo one = client.syncs().get("my-sync-id");

    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/syncs");
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/syncs/my-sync-id");
    assertThat(syncs).extracting(SyncInfo::id).containsExactly("my-sync-id", "mem");
    assertThat(one).isEqualTo(syncs.get(0));
    SyncInfo.RateLimitInfo limit = one.rateLimit().orElseThrow();
    assertThat(limit.allowedRequests()).isEqualTo(25);
    assertThat(limit.interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(limit.maxConcurrentRequests()).isEmpty();
    assertThat(one.provider()).isEqualTo("salesforce");
    assertThat(one.health().isHealthy()).isTrue();
    SyncInfo.CollectionHealth contact = one.health().collections().get(0);
    assertThat(contact.collectionId()).isEqualTo("salesforce:contact");
    assertThat(contact.lastSuccessfulPoll()).contains(Instant.parse("2026-12-01T20:00:01Z"));
    assertThat(contact.caughtUpAt()).isEmpty();
    assertThat(contact.recordsPublished()).isEqualTo(12);
    SyncInfo bare = syncs.get(1);
    assertThat(bare.rateLimit()).isEmpty();
    assertThat(bare.health().collections()).isEmpty();
  }

  @Test
  void errors_401AndRetried503_mapToTheClientsExceptions() {
    server.enqueue(error(401, "unauthorized", "bad token"));
    server.enqueue(error(503, "unavailable", "starting"));
    server.enqueue(json(200, "{\"data\":[]}"));
    server.enqueue(error(400, "validation_error", "no"));

    assertThatThrownBy(() -> client.syncs().list()).isInstanceOf(UnauthorizedException.class);
    assertThat(client.consumers().list()).isEmpty();
    assertThatThrownBy(() -> client.syncs().get("x")).isInstanceOf(BadRequestException.class);
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void aBodyOfTheWrongShape_isAnIoFailureNamingThePath() {
    server.enqueue(json(200, "{\"data\":[{\"id\":\"x\",\"kind\":\"jdbc\",\"collection_ids\":7}]}"));

    assertThatThrownBy(() -> client.consumers().list())
        .isInstanceOf(MutationIoException.class)
        .hasMessageContaining("data[0].collection_ids");
  }

  @Test
  void asyncVariants_completeWithTheSameValues() throws Exception {
    try (MutationClient real = clientFor(server).build()) {
      server.enqueue(json(200, "{\"data\":[" + HTTP_CONSUMER + "]}"));
      server.enqueue(json(200, BARE_SYNC));

      assertThat(real.consumers().listAsync().get(5, TimeUnit.SECONDS)).hasSize(1);
      assertThat(real.syncs().getAsync("mem").get(5, TimeUnit.SECONDS).id()).isEqualTo("mem");
    }
  }
}
