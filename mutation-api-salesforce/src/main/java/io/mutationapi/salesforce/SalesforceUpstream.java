package io.mutationapi.salesforce;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * An {@link Upstream} that writes to a Salesforce org through the REST API's sObject Collections:
 * creates, updates and deletes of up to 200 records per call with {@code allOrNone: true}, each
 * followed by one read of the records' full state.
 *
 * <pre>{@code
 * SalesforceUpstream salesforce = SalesforceUpstream.builder()
 *     .loginUrl("https://MyDomain.my.salesforce.com")
 *     .clientCredentials(System.getenv("SALESFORCE_CLIENT_ID"),
 *         System.getenv("SALESFORCE_CLIENT_SECRET"))
 *     .build();
 * MutationServer server = MutationServer.builder()
 *     .sync("salesforce", salesforce, "salesforce:contact", "salesforce:account")
 *     ...
 * }</pre>
 *
 * <p><b>Collections.</b> {@code salesforce:<lowercase name>} maps to the sObject of that name with
 * its first letter in upper case ({@code salesforce:contact} to {@code Contact}); {@link
 * Builder#collection} maps any other collection id, or a name whose case differs ({@code
 * OpportunityLineItem}). A collection may name an external-id field ({@link
 * Builder#externalIdField}): a create whose records all carry it becomes an upsert keyed by it, so
 * a create sent again (after a timeout, say) updates the record it created instead of creating a
 * second one. That is the way to make creates safe to retry against Salesforce.
 *
 * <p><b>Records.</b> {@code data} is every field of the record as Salesforce returns it (the field
 * list comes from describe, fetched once per sObject); {@code upstream_updated_at} is its {@code
 * SystemModstamp}, {@code upstream_created_at} its {@code CreatedDate}; {@code updated_idx} is
 * explained on {@link #apply}. A key mapped to JSON null clears that field; a key absent leaves it
 * alone. A delete's {@code data} is the state read just before it, or empty when {@link
 * Builder#readBeforeDelete} is off. Once Salesforce has applied a write, the batch is reported
 * applied and published even if the read-back fails (an outage that outlasts its retries) or finds
 * a record deleted meanwhile: such a record is what the write told, its {@code Id} and the fields
 * the request wrote, both timestamps the time the write's answer arrived ({@code
 * upstream_created_at} only if the write created it), {@code updated_idx} by the same scheme; one
 * WARN line names the sObject, how many records and why. A delete that came through this upstream
 * follows such a record on the stream. Answering an error instead would make the client send a
 * create again (a duplicate in Salesforce) and leave the stream behind Salesforce.
 *
 * <p><b>Failures.</b> A record Salesforce refuses fails its whole batch with 400 {@code
 * upstream_validation_error}, {@code Salesforce validation error: `<Salesforce's message>`}, at
 * that record's index (the records Salesforce rolled back with it are never blamed); an update or
 * delete of an unknown or deleted id names the id; the org's API limit is 429 with {@code
 * Retry-After}; a call that timed out is 504 {@code upstream_timeout}; a refused login, a wrong
 * mapping or an outage is 502 {@code upstream_error}. Row locks are retried with jittered backoff;
 * reads, updates, deletes and upserts are retried on a 5xx, an HTML or empty error page, a lost
 * connection or a timeout; a create is never sent twice, since it may have been applied.
 *
 * <p><b>Sessions.</b> The token comes from the OAuth token endpoint at the login URL (client
 * credentials or JWT bearer), or is given ({@link Builder#accessToken}); data calls go to the token
 * answer's {@code instance_url}. When Salesforce answers {@code INVALID_SESSION_ID}, all requests
 * that hold the expired token share one token call, and each is sent again once.
 *
 * <p>Threading: {@link #isNonBlocking()} is true. {@code apply} sends with OkHttp's asynchronous
 * API and returns at once; its stage completes on an OkHttp thread. Instances are immutable apart
 * from their caches (describe, the last {@link #apiUsage()}) and thread-safe. {@link #toString()}
 * never shows a secret or a token.
 */
public final class SalesforceUpstream implements Upstream {
  /** The login URL used when none is set. */
  public static final String DEFAULT_LOGIN_URL = "https://login.salesforce.com";

  /** The REST API version used when none is set. */
  public static final String DEFAULT_API_VERSION = "62.0";

  /** The {@code client} of {@code Sforce-Call-Options} when none is set. */
  public static final String DEFAULT_CLIENT_NAME = "mutation-api";

  /** Most records Salesforce accepts in one Collections call. */
  static final int MAX_BATCH = 200;

  private final Map<String, SObjectTarget> targets;
  private final Writes writes;
  private final Limits limits;
  private final String description;

  private SalesforceUpstream(Builder b, OkHttpClient http, TokenSource tokens) {
    Clock clock = Clock.systemUTC();
    this.targets = Map.copyOf(b.targets());
    this.limits = new Limits(b.throttleAbove, clock);
    Calls calls = new Calls(http, tokens, b.apiVersion, b.clientName, b.autoAssign, limits, clock);
    this.writes =
        new Writes(
            calls,
            new ReadBack(calls, new FieldLists(calls), new UpdatedIdx(clock)),
            b.readBeforeDelete);
    this.description =
        "SalesforceUpstream{"
            + tokens
            + ", API v"
            + b.apiVersion
            + ", collections "
            + b.sObjects.keySet()
            + "}";
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Applies {@code batch} with one Collections write (all or nothing) and one read of the records'
   * state, and returns them as Salesforce now holds them.
   *
   * <p>{@code updated_idx} is a number of microseconds since the epoch, strictly increasing per
   * record even when two updates land in the same {@code SystemModstamp} second (Salesforce stamps
   * whole seconds): the largest of the version's {@code SystemModstamp}, the local time the read
   * that returned it was sent (a read that returned an earlier version was necessarily sent before
   * this version was written), and one more than the last index this upstream gave the record. A
   * delete uses the time its answer arrived. Nodes that write the same record within one second
   * rely on their clocks agreeing to within that second.
   *
   * @return the records, or a stage failed with {@link UpstreamException} (see the class comment)
   */
  @Override
  public CompletionStage<List<Record>> apply(MutationRequest batch, UpstreamContext context) {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(context, "context");
    Optional<SObjectTarget> target = target(batch.collectionId());
    if (target.isEmpty()) {
      return CompletableFuture.failedFuture(
          UpstreamException.failed(
              "Collection "
                  + batch.collectionId()
                  + " is not mapped to a Salesforce object: name it salesforce:<object> or map it"
                  + " with SalesforceUpstream.Builder#collection",
              null));
    }
    // The throttle refuses whole batches before their first call, never a read-back of a write
    // Salesforce already applied.
    Optional<UpstreamException> refusal = limits.refusal();
    if (refusal.isPresent()) {
      return CompletableFuture.failedFuture(refusal.get());
    }
    CompletableFuture<List<Record>> call;
    if (batch instanceof MutationRequest.Create) {
      call = writes.create((MutationRequest.Create) batch, target.get(), context);
    } else if (batch instanceof MutationRequest.Update) {
      call = writes.update((MutationRequest.Update) batch, target.get(), context);
    } else {
      call = writes.delete((MutationRequest.Delete) batch, target.get(), context);
    }
    // Deliver the UpstreamException itself, not the CompletionException that wraps it.
    CompletableFuture<List<Record>> result = new CompletableFuture<>();
    call.whenComplete(
        (records, error) -> {
          if (error == null) {
            result.complete(records);
          } else {
            Throwable cause = error;
            while (cause instanceof CompletionException && cause.getCause() != null) {
              cause = cause.getCause();
            }
            result.completeExceptionally(cause);
          }
        });
    return result;
  }

  private Optional<SObjectTarget> target(String collectionId) {
    SObjectTarget mapped = targets.get(collectionId);
    if (mapped != null) {
      return Optional.of(mapped);
    }
    return SObjectTarget.defaultSObject(collectionId)
        .map(sObject -> new SObjectTarget(sObject, Optional.empty()));
  }

  /** Returns true: batches are all or nothing ({@code allOrNone: true}). */
  @Override
  public boolean isAtomic() {
    return true;
  }

  /** Returns true: calls go out with OkHttp's asynchronous API; no thread waits for Salesforce. */
  @Override
  public boolean isNonBlocking() {
    return true;
  }

  /** Returns 200, the most records Salesforce takes in one Collections call. */
  @Override
  public int maxBatchSize() {
    return MAX_BATCH;
  }

  /**
   * Returns the org's API usage as the last answer's {@code Sforce-Limit-Info} reported it; empty
   * until an answer carried one.
   */
  public Optional<ApiUsage> apiUsage() {
    return limits.last();
  }

  /** Returns the login, API version and mapped collections; never a secret or a token. */
  @Override
  public String toString() {
    return description;
  }

  /**
   * Configures a {@link SalesforceUpstream}. Exactly one kind of credentials is required; all else
   * has defaults: login URL {@value #DEFAULT_LOGIN_URL}, API version {@value #DEFAULT_API_VERSION},
   * connect timeout 10 seconds, call timeout 60 seconds, {@code Sforce-Auto-Assign: FALSE}, {@code
   * Sforce-Call-Options: client=}{@value #DEFAULT_CLIENT_NAME}, read before delete, no throttle, a
   * shared OkHttp client. Not thread-safe.
   */
  public static final class Builder {
    private static final Pattern VERSION = Pattern.compile("\\d{2,3}\\.\\d");
    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,40}");

    private String loginUrl = DEFAULT_LOGIN_URL;

    /** Which credentials were set: "client credentials", "JWT bearer" or "access token". */
    private String credentials;

    private String clientId;
    private String clientSecret;
    private String jwtUsername;
    private PrivateKey jwtKey;
    private String jwtAudience;
    private Session staticSession;
    private String apiVersion = DEFAULT_API_VERSION;
    private final Map<String, String> sObjects = new LinkedHashMap<>();
    private final Map<String, String> externalIds = new LinkedHashMap<>();
    private OkHttpClient okHttpClient;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration callTimeout = Duration.ofSeconds(60);
    private boolean autoAssign;
    private String clientName = DEFAULT_CLIENT_NAME;
    private boolean readBeforeDelete = true;
    private double throttleAbove = Double.POSITIVE_INFINITY;

    Builder() {}

    /**
     * Sets where tokens are requested: {@code <loginUrl>/services/oauth2/token}. The default is
     * {@value #DEFAULT_LOGIN_URL}; sandboxes use {@code https://test.salesforce.com}, and the
     * client credentials flow needs the org's My Domain, e.g. {@code
     * https://MyDomain.my.salesforce.com}.
     */
    public Builder loginUrl(String loginUrl) {
      this.loginUrl = Objects.requireNonNull(loginUrl, "loginUrl");
      return this;
    }

    /**
     * Logs in with the OAuth 2.0 client credentials flow: the connected app's consumer key and
     * secret; the app runs as its configured integration user.
     */
    public Builder clientCredentials(String clientId, String clientSecret) {
      requireText(clientId, "clientId");
      requireText(clientSecret, "clientSecret");
      credentials("client credentials");
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * Logs in with the OAuth 2.0 JWT bearer flow: an assertion for {@code username} signed with the
     * connected app's RSA private key ({@code SHA256withRSA}), audience the login URL unless {@link
     * #jwtAudience} says otherwise.
     */
    public Builder jwtBearer(String clientId, String username, PrivateKey privateKey) {
      requireText(clientId, "clientId");
      requireText(username, "username");
      Objects.requireNonNull(privateKey, "privateKey");
      if (!"RSA".equals(privateKey.getAlgorithm())) {
        throw new IllegalArgumentException(
            "privateKey must be an RSA key (Salesforce signs with RS256): "
                + privateKey.getAlgorithm());
      }
      credentials("JWT bearer");
      this.clientId = clientId;
      this.jwtUsername = username;
      this.jwtKey = privateKey;
      return this;
    }

    /**
     * Sets the {@code aud} claim of JWT bearer assertions when it is not the login URL, e.g. {@code
     * https://login.salesforce.com} while tokens are requested from a My Domain.
     */
    public Builder jwtAudience(String audience) {
      requireText(audience, "audience");
      this.jwtAudience = audience;
      return this;
    }

    /**
     * Uses an access token obtained elsewhere, valid for {@code instanceUrl} (e.g. {@code
     * https://MyDomain.my.salesforce.com}). It is never refreshed: once Salesforce refuses it,
     * requests fail with 502 until the upstream is rebuilt with a new one.
     */
    public Builder accessToken(String accessToken, String instanceUrl) {
      requireText(accessToken, "accessToken");
      HttpUrl url = HttpUrl.parse(Objects.requireNonNull(instanceUrl, "instanceUrl"));
      if (url == null) {
        throw new IllegalArgumentException(
            "instanceUrl must be an http or https URL, e.g."
                + " https://MyDomain.my.salesforce.com: "
                + instanceUrl);
      }
      credentials("access token");
      this.staticSession = new Session(accessToken, url);
      return this;
    }

    private void credentials(String kind) {
      if (credentials != null && !credentials.equals(kind)) {
        throw new IllegalStateException(
            "credentials are already set ("
                + credentials
                + "): call only one of clientCredentials, jwtBearer and accessToken");
      }
      this.credentials = kind;
    }

    /**
     * Sets the REST API version, e.g. {@code "62.0"}; the default is {@value #DEFAULT_API_VERSION}.
     */
    public Builder apiVersion(String apiVersion) {
      Objects.requireNonNull(apiVersion, "apiVersion");
      if (!VERSION.matcher(apiVersion).matches()) {
        throw new IllegalArgumentException(
            "apiVersion must look like \"" + DEFAULT_API_VERSION + "\" (no v): " + apiVersion);
      }
      this.apiVersion = apiVersion;
      return this;
    }

    /**
     * Maps {@code collectionId} to the sObject {@code sObject}, e.g. {@code
     * collection("salesforce:invoice", "Invoice__c")}. Needed for collection ids that are not
     * {@code salesforce:<lowercase name>}, and for names whose case differs from the default.
     */
    public Builder collection(String collectionId, String sObject) {
      requireText(collectionId, "collectionId");
      if (!SObjectTarget.isApiName(sObject)) {
        throw new IllegalArgumentException(
            "sObject must be an API name such as Contact or Invoice__c: " + sObject);
      }
      sObjects.put(collectionId, sObject);
      return this;
    }

    /**
     * Makes creates in {@code collectionId} upserts keyed by {@code field}, an external-id field of
     * its sObject: a create whose records all carry a value for {@code field} updates the record
     * with that value if there is one, so sending it again cannot create a duplicate. Creates
     * without the field stay plain creates.
     */
    public Builder externalIdField(String collectionId, String field) {
      requireText(collectionId, "collectionId");
      if (!SObjectTarget.isApiName(field)) {
        throw new IllegalArgumentException(
            "field must be a field API name such as External_Id__c: " + field);
      }
      externalIds.put(collectionId, field);
      return this;
    }

    /**
     * Sends through {@code okHttpClient} (its proxy, TLS, interceptors, pools). A derived client
     * shares its pools and dispatcher, with this builder's timeouts, OkHttp's silent retries and
     * redirects off; raise its dispatcher's {@code maxRequestsPerHost} (default 5) for concurrent
     * requests. Without one, all upstreams share one default client.
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
      return this;
    }

    /** Sets how long to wait for a connection to Salesforce; default 10 seconds. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long one Salesforce call may take, from sending to the whole answer; default 60
     * seconds. A create that takes longer fails with 504 and is not sent again.
     */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = positive(callTimeout, "callTimeout");
      return this;
    }

    /**
     * Sets {@code Sforce-Auto-Assign} on writes: false (the default) keeps assignment rules from
     * re-running and changing owners on every write; true lets them run.
     */
    public Builder autoAssign(boolean autoAssign) {
      this.autoAssign = autoAssign;
      return this;
    }

    /**
     * Sets the {@code client} of {@code Sforce-Call-Options}, which Salesforce shows in its logs;
     * default {@value #DEFAULT_CLIENT_NAME}.
     */
    public Builder clientName(String clientName) {
      Objects.requireNonNull(clientName, "clientName");
      if (!CLIENT_NAME.matcher(clientName).matches()) {
        throw new IllegalArgumentException(
            "clientName must be 1 to 40 letters, digits, '.', '_' or '-': " + clientName);
      }
      this.clientName = clientName;
      return this;
    }

    /**
     * Sets whether a delete first reads the records' last state (one more API call) to put it in
     * the deleted records' {@code data}; when false, that {@code data} is empty. Default true.
     */
    public Builder readBeforeDelete(boolean readBeforeDelete) {
      this.readBeforeDelete = readBeforeDelete;
      return this;
    }

    /**
     * Refuses calls with 429 before sending them while the org's last reported API usage ({@link
     * SalesforceUpstream#apiUsage()}) is at or above {@code share} of its daily allocation, e.g.
     * {@code 0.9}; so that this server leaves the rest to other integrations. A reading refuses
     * calls for 60 seconds, then one call goes out to take a new one. Off by default.
     */
    public Builder throttleAbove(double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "share must be above 0 and at most 1, e.g. 0.9 for 90%: " + share);
      }
      this.throttleAbove = share;
      return this;
    }

    Map<String, SObjectTarget> targets() {
      Map<String, SObjectTarget> targets = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : sObjects.entrySet()) {
        targets.put(
            e.getKey(),
            new SObjectTarget(e.getValue(), Optional.ofNullable(externalIds.get(e.getKey()))));
      }
      for (Map.Entry<String, String> e : externalIds.entrySet()) {
        if (!targets.containsKey(e.getKey())) {
          String sObject = SObjectTarget.defaultSObject(e.getKey()).orElseThrow();
          targets.put(e.getKey(), new SObjectTarget(sObject, Optional.of(e.getValue())));
        }
      }
      return targets;
    }

    /**
     * Returns the upstream. It does not call Salesforce: a wrong URL or refused credentials show up
     * as 502 answers (and log lines) when requests arrive.
     *
     * @throws IllegalStateException if no credentials are set, the login URL is not an http or
     *     https URL, or an external-id field names a collection that maps to no sObject
     */
    public SalesforceUpstream build() {
      if (credentials == null) {
        throw new IllegalStateException(
            "credentials are required: call clientCredentials(clientId, clientSecret),"
                + " jwtBearer(clientId, username, privateKey) or accessToken(token, instanceUrl)");
      }
      HttpUrl login = HttpUrl.parse(loginUrl);
      if (login == null) {
        throw new IllegalStateException(
            "loginUrl must be an http or https URL, e.g. " + DEFAULT_LOGIN_URL + ": " + loginUrl);
      }
      for (String collectionId : externalIds.keySet()) {
        if (!sObjects.containsKey(collectionId)
            && SObjectTarget.defaultSObject(collectionId).isEmpty()) {
          throw new IllegalStateException(
              "externalIdField for "
                  + collectionId
                  + ", which maps to no sObject: also call collection(\""
                  + collectionId
                  + "\", \"<sObject>\")");
        }
      }
      if (jwtAudience != null && !credentials.equals("JWT bearer")) {
        throw new IllegalStateException(
            "jwtAudience is set but the credentials are "
                + credentials
                + ": call jwtBearer(clientId, username, privateKey) or drop jwtAudience");
      }
      OkHttpClient http = SharedHttp.derive(okHttpClient, connectTimeout, callTimeout);
      return new SalesforceUpstream(this, http, tokens(http, login));
    }

    private TokenSource tokens(OkHttpClient http, HttpUrl login) {
      if (staticSession != null) {
        return TokenSource.fixed(staticSession);
      }
      HttpUrl tokenUrl = login.newBuilder().addPathSegments("services/oauth2/token").build();
      TokenGrant grant =
          jwtKey != null
              ? new TokenGrant.JwtBearer(
                  clientId,
                  jwtUsername,
                  jwtAudience != null ? jwtAudience : stripSlash(login.toString()),
                  jwtKey,
                  Clock.systemUTC())
              : new TokenGrant.ClientCredentials(clientId, clientSecret);
      return new TokenSource(http, tokenUrl, grant, Clock.systemUTC());
    }

    private static String stripSlash(String url) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void requireText(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
