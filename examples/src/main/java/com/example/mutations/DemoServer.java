package com.example.mutations;

import io.mutationapi.jdbc.JdbcIdempotencyStore;
import io.mutationapi.jdbc.JdbcTableConsumer;
import io.mutationapi.kafka.KafkaChangeStream;
import io.mutationapi.kafka.KafkaConfig;
import io.mutationapi.salesforce.SalesforceUpstream;
import io.mutationapi.server.ChangeCapture;
import io.mutationapi.server.HttpConsumerSettings;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.ServerObserver;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The server behind the demo and {@code serve}: everything in memory, nothing to install.
 *
 * <ul>
 *   <li>Syncs {@code my-sync-id} and {@code demo}, each an in-memory upstream that behaves like
 *       Salesforce, with collections {@code salesforce:contact}, {@code salesforce:task} and {@code
 *       salesforce:account}. Two contacts exist from the start, so the published update and delete
 *       examples work as they are.
 *   <li>Consumer {@code local-db}: a {@link JdbcTableConsumer} that keeps the table {@code
 *       synced_records} of an embedded H2 database in step, with {@code FirstName}, {@code
 *       LastName} and {@code Email} projected into columns; rows of deleted records are removed
 *       {@link LocalDb#TOMBSTONE_RETENTION} after the delete.
 *   <li>Consumer {@code slow-mirror}: keeps a copy in memory, but takes about {@link
 *       #SLOW_MIRROR_DELAY} per batch, to show what an await timeout looks like.
 *   <li>HTTP consumer {@value #HTTP_WORKER} ({@link #HTTP_WORKER_SETTINGS}): workers in any
 *       language pull its messages over HTTP and ack them; a request awaiting it returns once a
 *       worker acked its records.
 *   <li>With a {@link SalesforceOrg} ({@code serve --salesforce-url}), also the sync {@code
 *       salesforce}, whose same three collections go to that org through {@link
 *       SalesforceUpstream}, consumed by both consumers like the others. Without Kafka, that sync
 *       also captures the org's changes ({@link ChangeCapture} defaults: backfill, then a poll
 *       every 5 seconds), so records edited in Salesforce itself arrive in {@code local-db}.
 *   <li>With {@code outsideEditsPerMinute} ({@code serve --outside-edits-per-minute N}), the
 *       in-memory upstreams edit a seeded contact now and then as another user would, and their
 *       changes are captured too, so {@code local-db} changes without any API call.
 * </ul>
 */
public final class DemoServer implements AutoCloseable {
  /** The syncs the demo server serves. */
  public static final List<String> SYNC_IDS = List.of("my-sync-id", "demo");

  /** The collections of each sync. */
  public static final List<String> COLLECTIONS =
      List.of("salesforce:contact", "salesforce:task", "salesforce:account");

  /** The sync that writes to a Salesforce org, when one is given. */
  public static final String SALESFORCE_SYNC_ID = "salesforce";

  /** The HTTP consumer that workers in any language pull over the Consume API. */
  public static final String HTTP_WORKER = "http-worker";

  /**
   * The settings of {@value #HTTP_WORKER}, chosen for a demo: a message pulled and not acked is
   * handed out again after 10 s (not 30), at most 1,000 are handed out and not acked (the default:
   * one worker pulling batches of 1,000 keeps up with the demo at full load, where 100 in flight
   * held it to a few thousand a second), and one is dropped after 5 deliveries (its awaits answer
   * {@code record_not_applied}) so a worker that always fails does not loop forever; it starts at
   * the beginning of the stream ({@code all}).
   */
  public static final HttpConsumerSettings HTTP_WORKER_SETTINGS =
      HttpConsumerSettings.DEFAULTS
          .withAckWait(Duration.ofSeconds(10))
          .withMaxAckPending(1000)
          .withMaxDeliver(5);

  /** How long {@code slow-mirror} takes per batch. */
  public static final Duration SLOW_MIRROR_DELAY = Duration.ofSeconds(2);

  /**
   * The largest batch the demo's in-memory stream hands a consumer: 5,000 (the stream's default is
   * 500). The stream gives each consumer one batch per partition at a time (16 partitions), so
   * {@code slow-mirror}, which takes {@link #SLOW_MIRROR_DELAY} per batch, passes at most 16 x
   * 5,000 events every 2 s, 40,000 a second: more than the demo serves on a laptop, so it keeps up
   * under full load (with the default 500 it could not pass 4,000 a second, the stream would fill
   * and the server answer 503) and still shows an await timeout. {@code local-db} gets its batches
   * as they come, usually far smaller.
   */
  public static final int STREAM_DELIVERY_BATCH = 5_000;

  /** The contacts every sync starts with: the ids of the published update and delete examples. */
  static final Map<String, Map<String, String>> SEED_CONTACTS =
      Map.of(
          "0031U00000Qn2ZVQAZ",
          Map.of("FirstName", "Paul", "LastName", "Atreides", "Email", "paul@arrakis.org"),
          "0031U00000Qn2ZVQBA",
          Map.of("FirstName", "Duncan", "LastName", "Idaho", "Email", "duncan@arrakis.org"));

  private final String token;
  private final List<String> syncIds;
  private final LocalDb localDb;
  private final MutationServer server;
  private final MutationHttpServer http;
  private final Map<String, InMemoryUpstream> upstreams;
  private final OutsideEdits edits;

  private DemoServer(
      String token,
      List<String> syncIds,
      LocalDb localDb,
      MutationServer server,
      int port,
      Map<String, InMemoryUpstream> upstreams,
      OutsideEdits edits) {
    this.upstreams = Map.copyOf(upstreams);
    this.edits = edits;
    this.token = token;
    this.syncIds = List.copyOf(syncIds);
    this.localDb = localDb;
    this.server = server;
    try {
      this.http = MutationHttpServer.listenOnLoopback(server, port);
    } catch (RuntimeException e) {
      if (edits != null) {
        edits.close();
      }
      server.close();
      localDb.close();
      throw e;
    }
  }

  /**
   * Starts the demo server on the loopback interface.
   *
   * @param port the port, or 0 for any free one
   * @param token the bearer token clients must send, or null to generate one
   * @throws java.io.UncheckedIOException if the port cannot be bound (a {@link
   *     java.net.BindException} cause if it is in use); nothing is left running
   */
  public static DemoServer start(int port, String token) {
    return start(port, token, null, null, null, 0, null, null);
  }

  /**
   * Starts the demo server as {@link #start(int, String)} does, telling {@code observer} what it
   * does: e.g. {@code MutationMetrics} of {@code mutation-api-micrometer}, to expose its meters. It
   * prints nothing more.
   */
  public static DemoServer start(int port, String token, ServerObserver observer) {
    return start(
        port, token, null, null, null, 0, null, null, Objects.requireNonNull(observer, "observer"));
  }

  /**
   * Starts the demo server on the loopback interface, with the sync {@value #SALESFORCE_SYNC_ID}
   * writing to {@code salesforce} when it is not null and capturing its changes (backfill, then
   * polls). A wrong URL or refused credentials answer that sync's requests with 502, make its polls
   * fail and back off (logged once), and leave the rest of the server alone.
   *
   * @param port the port, or 0 for any free one
   * @param token the bearer token clients must send, or null to generate one
   * @param salesforce the org for the sync {@value #SALESFORCE_SYNC_ID}, or null for none
   * @throws java.io.UncheckedIOException if the port cannot be bound (a {@link
   *     java.net.BindException} cause if it is in use); nothing is left running
   * @throws IllegalStateException if the org's URL is not an http or https URL
   */
  public static DemoServer start(int port, String token, SalesforceOrg salesforce) {
    return start(port, token, salesforce, null, null, 0, ChangeCapture.defaults(), null);
  }

  /**
   * Starts the demo server as {@link #start(int, String, SalesforceOrg)} does; with {@code
   * outsideEditsPerMinute} above 0, the in-memory upstreams of {@link #SYNC_IDS} also edit a seeded
   * contact that many times a minute in all, as another user would, and their changes are captured
   * (a poll every 5 seconds), so {@code local-db} changes without any API call.
   *
   * @param port the port, or 0 for any free one
   * @param token the bearer token clients must send, or null to generate one
   * @param salesforce the org for the sync {@value #SALESFORCE_SYNC_ID}, or null for none
   * @param outsideEditsPerMinute outside edits a minute, or 0 for none
   * @throws java.io.UncheckedIOException if the port cannot be bound; nothing is left running
   * @throws IllegalArgumentException if {@code outsideEditsPerMinute} is negative
   */
  public static DemoServer start(
      int port, String token, SalesforceOrg salesforce, int outsideEditsPerMinute) {
    return start(port, token, salesforce, outsideEditsPerMinute, ChangeCapture.defaults());
  }

  /** As {@link #start(int, String, SalesforceOrg, int)}, polling with {@code capture}. */
  static DemoServer start(
      int port,
      String token,
      SalesforceOrg salesforce,
      int outsideEditsPerMinute,
      ChangeCapture capture) {
    if (outsideEditsPerMinute < 0) {
      throw new IllegalArgumentException(
          "outsideEditsPerMinute must not be negative: " + outsideEditsPerMinute);
    }
    return start(
        port,
        token,
        salesforce,
        null,
        null,
        outsideEditsPerMinute,
        capture,
        outsideEditsPerMinute > 0 ? capture : null);
  }

  /**
   * Starts the demo server as {@link #start(int, String)} does, with the in-memory syncs capturing
   * their changes with {@code capture} (and no outside edits of their own): for the quickstart's
   * edit "in Salesforce" ({@link #editAsOtherUser}).
   */
  static DemoServer startCapturing(ChangeCapture capture) {
    return start(0, null, null, null, null, 0, null, Objects.requireNonNull(capture, "capture"));
  }

  /**
   * Starts the demo server on the loopback interface as one node of a service on Kafka: changes go
   * to the changes topic of {@code kafka}, and this node runs {@code local-db} and {@code
   * slow-mirror} as a member of each one's consumer group, so each processes the partitions Kafka
   * gives it; an await on any node completes when the group processed the record, wherever. Every
   * node of the service must get the same topics, token and {@code jdbcUrl}.
   *
   * <p>{@code local-db} writes the table {@code synced_records} of {@code jdbcUrl} ({@code
   * jdbc:h2:...} or {@code jdbc:postgresql:...}), which all nodes share; with a PostgreSQL URL the
   * nodes share their idempotency keys too ({@link JdbcIdempotencyStore}, table {@code
   * mutation_idempotency_keys}). Without {@code jdbcUrl} each node's table is in its own memory and
   * holds only the records of the partitions it processed. Each node's upstream is its own
   * in-memory stand-in for Salesforce, with id prefixes of its own ({@link #idPrefix}) so that two
   * nodes never hand out one id.
   *
   * @param port the port, or 0 for any free one
   * @param token the bearer token clients must send, or null to generate one
   * @param kafka the cluster and topics; its node id names this node
   * @param jdbcUrl the shared database of {@code local-db}, or null for one in memory
   * @throws java.io.UncheckedIOException if the port cannot be bound; nothing is left running
   * @throws IllegalArgumentException if {@code jdbcUrl} is neither H2 nor PostgreSQL
   * @throws RuntimeException if Kafka cannot be reached within the start timeout of {@code kafka}
   *     (an {@link IllegalStateException} naming the servers) or its address is invalid
   */
  public static DemoServer startOnKafka(int port, String token, KafkaConfig kafka, String jdbcUrl) {
    return startOnKafka(port, token, kafka, jdbcUrl, null);
  }

  /**
   * Starts one node of a service on Kafka as {@link #startOnKafka(int, String, KafkaConfig,
   * String)} does, with the sync {@value #SALESFORCE_SYNC_ID} writing to {@code salesforce} when it
   * is not null (as {@link #start(int, String, SalesforceOrg)} does): every node then writes to the
   * same org.
   */
  public static DemoServer startOnKafka(
      int port, String token, KafkaConfig kafka, String jdbcUrl, SalesforceOrg salesforce) {
    return start(
        port, token, salesforce, Objects.requireNonNull(kafka, "kafka"), jdbcUrl, 0, null, null);
  }

  /**
   * Starts the server; {@code capture} is the change capture of the Salesforce sync and {@code
   * memoryCapture} that of the in-memory syncs, each null for none.
   */
  private static DemoServer start(
      int port,
      String token,
      SalesforceOrg salesforce,
      KafkaConfig kafka,
      String jdbcUrl,
      int outsideEditsPerMinute,
      ChangeCapture capture,
      ChangeCapture memoryCapture) {
    return start(
        port,
        token,
        salesforce,
        kafka,
        jdbcUrl,
        outsideEditsPerMinute,
        capture,
        memoryCapture,
        ServerObserver.NONE);
  }

  /** As the method above, telling {@code observer} what the server does (metrics). */
  private static DemoServer start(
      int port,
      String token,
      SalesforceOrg salesforce,
      KafkaConfig kafka,
      String jdbcUrl,
      int outsideEditsPerMinute,
      ChangeCapture capture,
      ChangeCapture memoryCapture,
      ServerObserver observer) {
    String bearer = token != null && !token.isBlank() ? token : randomToken();
    DataSource database = jdbcUrl != null ? DemoDatabase.shared(jdbcUrl) : DemoDatabase.inMemory();

    LocalDb localDb = new LocalDb(database);

    MutationServer.Builder builder = MutationServer.builder().observer(observer);
    Map<String, InMemoryUpstream> upstreams = new LinkedHashMap<>();
    for (String syncId : SYNC_IDS) {
      InMemoryUpstream upstream =
          kafka != null ? nodeUpstream(kafka.nodeId()) : InMemoryUpstream.create();
      SEED_CONTACTS.forEach((id, data) -> upstream.put(syncId, "salesforce:contact", id, data));
      builder.sync(syncId, upstream, COLLECTIONS);
      upstreams.put(syncId, upstream);
      if (memoryCapture != null) {
        builder.changeCapture(syncId, memoryCapture);
      }
    }
    List<String> syncIds = new ArrayList<>(SYNC_IDS);
    if (salesforce != null) {
      builder.sync(SALESFORCE_SYNC_ID, salesforce.upstream(), COLLECTIONS);
      syncIds.add(SALESFORCE_SYNC_ID);
      if (capture != null) {
        builder.changeCapture(SALESFORCE_SYNC_ID, capture);
      }
    }
    builder
        .consumer("local-db", localDb.consumer, COLLECTIONS)
        .consumer("slow-mirror", new SlowMirror(SLOW_MIRROR_DELAY), COLLECTIONS)
        .httpConsumer(HTTP_WORKER, HTTP_WORKER_SETTINGS, COLLECTIONS.toArray(new String[0]))
        .bearerToken(bearer, demoUser(syncIds));
    if (kafka == null) {
      builder.stream(InMemoryStream.builder().maxDeliveryBatch(STREAM_DELIVERY_BATCH).build());
    } else {
      builder.stream(KafkaChangeStream.create(kafka));
      if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
        JdbcIdempotencyStore keys = JdbcIdempotencyStore.builder(database).build();
        try {
          keys.createTableIfNotExists();
        } catch (SQLException e) {
          throw new IllegalStateException(
              "cannot create the idempotency table in " + jdbcUrl + ": " + e.getMessage(), e);
        }
        builder.idempotencyStore(keys);
      }
    }
    MutationServer server = builder.build();
    OutsideEdits edits =
        outsideEditsPerMinute > 0 ? OutsideEdits.start(upstreams, outsideEditsPerMinute) : null;
    return new DemoServer(bearer, syncIds, localDb, server, port, upstreams, edits);
  }

  /**
   * Returns the 3-character id prefix that the upstream of node {@code nodeId} gives new records of
   * {@code collectionId}: derived from both, so that the stand-in upstreams of two nodes do not
   * hand out the same id (one real upstream needs no such thing).
   */
  static String idPrefix(String nodeId, String collectionId) {
    String base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    int h = Math.floorMod((nodeId + "/" + collectionId).hashCode(), 62 * 62 * 62);
    return "" + base62.charAt(h / (62 * 62)) + base62.charAt(h / 62 % 62) + base62.charAt(h % 62);
  }

  private static InMemoryUpstream nodeUpstream(String nodeId) {
    InMemoryUpstream.Builder upstream = InMemoryUpstream.builder();
    COLLECTIONS.forEach(c -> upstream.idPrefix(c, idPrefix(nodeId, c)));
    return upstream.build();
  }

  /** Returns {@code jdbcUrl} without its query (where a password may be). */
  static String redact(String jdbcUrl) {
    return DemoDatabase.redact(jdbcUrl);
  }

  /** Returns the principal of the demo's bearer token: it may use every sync in {@code syncIds}. */
  private static Principal demoUser(List<String> syncIds) {
    return Principal.of("demo-user", syncIds.toArray(new String[0]));
  }

  /** Returns the URL clients use, e.g. {@code http://127.0.0.1:8080}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + http.port());
  }

  /** Returns the port the server listens on. */
  public int port() {
    return http.port();
  }

  /** Returns the syncs this server serves: {@link #SYNC_IDS}, and {@code salesforce} if given. */
  public List<String> syncIds() {
    return syncIds;
  }

  /** Returns the bearer token clients must send. */
  public String token() {
    return token;
  }

  /** Returns the row {@code local-db} holds for a contact, read with plain SQL. */
  public Optional<Row> readContact(String syncId, String upstreamId) {
    return DemoDatabase.readContact(localDb.database, syncId, upstreamId);
  }

  /**
   * Edits contact {@code upstreamId} of the in-memory sync {@code syncId} as a sales rep would in
   * Salesforce, bypassing the API ({@link OutsideEdits#edit}); it reaches {@code local-db} only if
   * that sync captures changes.
   */
  void editAsOtherUser(String syncId, String upstreamId, long n) {
    OutsideEdits.edit(upstreams.get(syncId), syncId, upstreamId, n);
  }

  /**
   * Stops the server gracefully: in-flight requests finish, new ones are refused; then drops the
   * in-memory database of {@code local-db}, if it has one (a shared one is left alone).
   */
  @Override
  public void close() {
    if (edits != null) {
      edits.close();
    }
    server.close();
    localDb.close();
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return "demo_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * A contact as {@code local-db} stores it.
   *
   * @param upstreamId the Salesforce id
   * @param firstName projected from {@code FirstName}
   * @param lastName projected from {@code LastName}
   * @param email projected from {@code Email}
   * @param updatedIdx the version
   * @param deleted whether the contact was deleted
   */
  public record Row(
      String upstreamId,
      String firstName,
      String lastName,
      String email,
      long updatedIdx,
      boolean deleted) {
    @Override
    public String toString() {
      return upstreamId
          + " | "
          + firstName
          + " | "
          + lastName
          + " | "
          + email
          + " | updated_idx="
          + updatedIdx
          + (deleted ? " | deleted" : "");
    }
  }

  /**
   * A Salesforce org for the sync {@value #SALESFORCE_SYNC_ID}: its login URL (My Domain, or the
   * URL of a fake) and the client id and secret of a connected app with the client credentials
   * flow. {@link #toString()} leaves the secret out.
   *
   * @param url the login URL; tokens come from {@code <url>/services/oauth2/token}
   * @param clientId the connected app's consumer key
   * @param clientSecret the connected app's consumer secret
   */
  public record SalesforceOrg(String url, String clientId, String clientSecret) {
    SalesforceUpstream upstream() {
      return SalesforceUpstream.builder()
          .loginUrl(url)
          .clientCredentials(clientId, clientSecret)
          .build();
    }

    @Override
    public String toString() {
      return "SalesforceOrg[" + url + ", client id " + clientId + "]";
    }
  }
}
