package io.mutationapi.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.net.SocketFactory;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A client of the Mutation API ({@code POST /v1/mutations/run}), for our server and for the hosted
 * API alike.
 *
 * <pre>{@code
 * try (MutationClient client = MutationClient.fromEnv()) {
 *   MutationResult result = client.mutations()
 *       .create("my-sync-id", "salesforce:contact")
 *       .record(Map.of("FirstName", "Paul", "LastName", "Atreides"))
 *       .awaitConsumers("local-db")
 *       .execute();
 * }
 * }</pre>
 *
 * <p>Every logical request carries an {@code Idempotency-Key} (a fresh UUID unless the caller gives
 * one) that is reused on every retry, so a retry never applies a create twice on a server that
 * honours keys. Failures before any answer, 408, 409 {@code idempotency_key_in_progress}, 429, 502,
 * 503 and 504 are retried (by default twice) with exponential backoff and jitter, honouring {@code
 * Retry-After}; nothing else is. Whether to retry is decided from the status before the body is
 * read, so a request is never sent again after a 2xx or a 500, even if its body is then cut; the
 * body can only stop a retry: a 503 whose body, read whole, names applied records is thrown as
 * {@link AppliedButUnavailableException} instead. A pooled connection the server had already closed
 * is not an attempt: the request goes out again at once on a new one. When a request awaits
 * consumers, the read timeout of each attempt grows to the await timeout plus a margin, so the HTTP
 * layer never cuts a long await short; a total deadline, counted from when the call is made, covers
 * all attempts.
 *
 * <p>Answers are read up to 64 MiB (a longer one is refused, before it is read if its {@code
 * Content-Length} says so), gzip is never asked for, and every exception says whether the mutation
 * may have been applied ({@code isOutcomeUnknown()}) and carries the idempotency key to retry with.
 *
 * <p>The same client pulls HTTP consumers ({@link #consumers(String)}: {@code next}, {@code ack},
 * {@code nack}) and reads what the server runs ({@link #consumers()}, {@link #syncs()}), with the
 * same token, timeouts, deadline and exceptions; those calls carry no idempotency key, and each
 * says which failures it retries.
 *
 * <p>Thread-safe and immutable: create one per application and share it. {@link #withOptions}
 * derives a client with other settings that shares the connection pool and threads. No state is
 * global. The API token never appears in {@link #toString()} or in logs.
 */
public final class MutationClient implements AutoCloseable {
  static final String ENV_URL = "MUTATION_API_URL";
  static final String ENV_TOKEN = "MUTATION_API_TOKEN";

  private final HttpUrl baseUrl;
  private final HttpUrl endpoint;
  private final String apiToken;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final OkHttpClient userHttp;
  private final ObjectMapper objectMapper;
  private final boolean defaultObjectMapper;
  private final ClientOptions options;
  private final Timing timing;
  private final Mutations mutations;
  private final Consumers consumers;
  private final Syncs syncs;
  private final String authorization;

  private MutationClient(Builder b, HttpUrl baseUrl, OkHttpClient http, boolean ownsHttp) {
    this.baseUrl = baseUrl;
    this.endpoint = baseUrl.resolve("v1/mutations/run");
    this.apiToken = b.apiToken;
    this.authorization = "Bearer " + b.apiToken;
    this.http = http;
    this.ownsHttp = ownsHttp;
    this.userHttp = b.okHttpClient;
    this.objectMapper = b.objectMapper != null ? b.objectMapper : RecordData.defaultMapper();
    this.defaultObjectMapper = b.objectMapper == null || b.defaultObjectMapper;
    this.options =
        new ClientOptions(
            b.maxRetries, b.timeout, b.connectTimeout, b.readTimeout, b.awaitTimeoutMargin);
    this.timing = b.timing;
    this.mutations = new Mutations(this);
    this.consumers = new Consumers(this);
    this.syncs = new Syncs(this);
  }

  /** Returns a builder; {@code baseUrl} and {@code apiToken} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a client configured from the environment: {@code MUTATION_API_URL} and {@code
   * MUTATION_API_TOKEN}.
   *
   * @throws IllegalStateException if either is not set
   */
  public static MutationClient fromEnv() {
    return builder().fromEnv().build();
  }

  /** Returns the mutation calls: {@code create}, {@code update}, {@code delete} and {@code run}. */
  public Mutations mutations() {
    return mutations;
  }

  /**
   * Returns the HTTP consumer {@code consumerId}, to pull from this process: {@code next}, {@code
   * ack}, {@code nack} (the Consume API, {@code /v1/http-consumers/{id}/...}). Nothing is sent
   * until a call is made, so an unknown id fails then, with {@link NotFoundException}.
   *
   * @throws IllegalArgumentException if the id is empty
   */
  public PullConsumer consumers(String consumerId) {
    return new PullConsumer(this, consumerId);
  }

  /** Returns the consumers registered on the server, to list and look up (read only). */
  public Consumers consumers() {
    return consumers;
  }

  /** Returns the syncs registered on the server, to list and look up (read only). */
  public Syncs syncs() {
    return syncs;
  }

  /**
   * Returns a client with some settings changed, e.g. {@code client.withOptions(o ->
   * o.maxRetries(0))}. This client is not changed. The new client shares this one's connection pool
   * and threads, so deriving one per call is cheap; closing it does nothing, closing this one
   * closes both.
   */
  public MutationClient withOptions(Consumer<Builder> changes) {
    Builder b = toBuilder();
    changes.accept(b);
    return b.build();
  }

  /** Returns a builder that starts from this client's settings and shares its pools. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.baseUrl = baseUrl.toString();
    b.apiToken = apiToken;
    b.okHttpClient = userHttp;
    b.objectMapper = objectMapper;
    b.defaultObjectMapper = defaultObjectMapper;
    b.maxRetries = options.maxRetries();
    b.timeout = options.timeout();
    b.connectTimeout = options.connectTimeout();
    b.readTimeout = options.readTimeout();
    b.awaitTimeoutMargin = options.awaitTimeoutMargin();
    b.timing = timing;
    b.shared = http;
    return b;
  }

  /**
   * Releases the connections and threads this client created, and stops its calls: calls in flight
   * (on this client and on those derived from it with {@link #withOptions}) are cancelled and fail
   * with {@link MutationIoException}, whose {@link MutationIoException#isOutcomeUnknown()} says
   * whether the request may already have reached the server; new calls throw {@link
   * IllegalStateException}. A client derived with {@link #withOptions}, or built on the caller's
   * own {@code OkHttpClient}, leaves the pools and its calls alone: their owner closes them.
   */
  @Override
  public void close() {
    if (ownsHttp) {
      OkHttpClients.close(http);
    }
  }

  /** Whether the pools this client uses were closed. */
  boolean isClosed() {
    return OkHttpClients.isClosed(http);
  }

  /** Returns the base URL (without any user info) and settings; never the token. */
  @Override
  public String toString() {
    return "MutationClient{baseUrl="
        + Text.redactUserInfo(baseUrl.toString())
        + ", apiToken=<redacted>, maxRetries="
        + options.maxRetries()
        + "}";
  }

  HttpUrl endpoint() {
    return endpoint;
  }

  /** Returns a builder of a URL under the base URL, for the API's other endpoints. */
  HttpUrl.Builder apiUrl() {
    return baseUrl.newBuilder();
  }

  /** Returns the value of the {@code Authorization} header: the bearer token. */
  String authorization() {
    return authorization;
  }

  OkHttpClient http() {
    return http;
  }

  ObjectMapper objectMapper() {
    return objectMapper;
  }

  /** Whether the mapper is the one this library configures, not one the caller supplied. */
  boolean hasDefaultObjectMapper() {
    return defaultObjectMapper;
  }

  ClientOptions options() {
    return options;
  }

  Timing timing() {
    return timing;
  }

  /**
   * Configures a {@link MutationClient}. Not thread-safe. Defaults: 2 retries, connect timeout 10
   * s, read timeout 30 s, await margin 10 s, total deadline 2 minutes or one full attempt,
   * whichever is longer.
   */
  public static final class Builder {
    private String baseUrl;
    private String apiToken;
    private OkHttpClient okHttpClient;
    private ObjectMapper objectMapper;
    private boolean defaultObjectMapper;
    private int maxRetries = 2;
    private Duration timeout;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration awaitTimeoutMargin = Duration.ofSeconds(10);
    private Timing timing = Timing.SYSTEM;
    private OkHttpClient shared;
    private UnaryOperator<String> env = System::getenv;

    Builder() {}

    /**
     * Sets the API's base URL, e.g. {@code "https://api.example.com"}; requests go to {@code
     * <baseUrl>/v1/mutations/run}. A path is kept: {@code "https://example.com/mutations/"} sends
     * to {@code https://example.com/mutations/v1/mutations/run}.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** Sets the bearer token sent with every request. */
    public Builder apiToken(String apiToken) {
      this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
      return this;
    }

    /**
     * Sets {@code baseUrl} and {@code apiToken} from {@code MUTATION_API_URL} and {@code
     * MUTATION_API_TOKEN}, where set; others stay as they are.
     */
    public Builder fromEnv() {
      String url = env.apply(ENV_URL);
      if (url != null && !url.isBlank()) {
        this.baseUrl = url.strip();
      }
      String token = env.apply(ENV_TOKEN);
      if (token != null && !token.isBlank()) {
        this.apiToken = token.strip();
      }
      return this;
    }

    /**
     * Uses the caller's {@code OkHttpClient} (for its proxy, TLS, interceptors, pools). The client
     * derives its own with {@link OkHttpClient#newBuilder()}, so the pools are shared, turns off
     * OkHttp's silent retry on connection failure and its own re-sending of 408 and 503 answers
     * (this client retries deliberately, and counts every attempt), redirects (following one can
     * turn a POST into a GET) and gzip (an answer could inflate without bound), and never closes
     * it.
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
      this.shared = null;
      return this;
    }

    /**
     * Sets the mapper that turns POJOs and map values into record data. The default finds the
     * Jackson modules on the module path and writes dates as ISO-8601 text.
     */
    public Builder objectMapper(ObjectMapper objectMapper) {
      this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
      this.defaultObjectMapper = false;
      return this;
    }

    /** Sets how many times a failed attempt is retried, where retrying is safe; 0 turns it off. */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the total deadline of one call, covering every attempt and the waits between them. When
     * not set it is 2 minutes, or one full attempt (connect, then read, including an await) if that
     * is longer.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /** Sets how long to wait for a connection; default 10 seconds. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long one attempt may wait for data from the server when it awaits no consumers;
     * default 30 seconds.
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = positive(readTimeout, "readTimeout");
      return this;
    }

    /**
     * Sets what is added to the await timeout to get the read timeout of a request that awaits
     * consumers, to cover the upstream call before the await starts; default 10 seconds.
     */
    public Builder awaitTimeoutMargin(Duration awaitTimeoutMargin) {
      Objects.requireNonNull(awaitTimeoutMargin, "awaitTimeoutMargin");
      if (awaitTimeoutMargin.isNegative()) {
        throw new IllegalArgumentException(
            "awaitTimeoutMargin must not be negative: " + awaitTimeoutMargin);
      }
      this.awaitTimeoutMargin = awaitTimeoutMargin;
      return this;
    }

    Builder timing(Timing timing) {
      this.timing = Objects.requireNonNull(timing, "timing");
      return this;
    }

    Builder env(UnaryOperator<String> env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    /**
     * Returns the client.
     *
     * @throws IllegalStateException if the base URL or the token is missing, or the URL is not an
     *     http or https URL
     */
    public MutationClient build() {
      if (baseUrl == null) {
        throw new IllegalStateException("baseUrl is required: call baseUrl(...) or set " + ENV_URL);
      }
      if (apiToken == null) {
        throw new IllegalStateException(
            "apiToken is required: call apiToken(...) or set " + ENV_TOKEN);
      }
      HttpUrl url = HttpUrl.parse(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
      if (url == null) {
        throw new IllegalStateException(
            "baseUrl must be an http or https URL, e.g. https://api.example.com: " + baseUrl);
      }
      if (url.query() != null) {
        throw new IllegalStateException("baseUrl must not have a query: " + baseUrl);
      }
      if (shared != null) {
        return new MutationClient(this, url, shared, false);
      }
      boolean owns = okHttpClient == null;
      OkHttpClient.Builder http = owns ? OkHttpClients.owned() : okHttpClient.newBuilder();
      SocketFactory sockets = owns ? SocketFactory.getDefault() : okHttpClient.socketFactory();
      return new MutationClient(
          this, url, OkHttpClients.configure(http, sockets, connectTimeout, readTimeout), owns);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    /** Returns the settings; never the token. */
    @Override
    public String toString() {
      return "MutationClient.Builder{baseUrl="
          + Text.redactUserInfo(baseUrl)
          + ", apiToken="
          + (apiToken == null ? "null" : "<redacted>")
          + "}";
    }
  }
}
