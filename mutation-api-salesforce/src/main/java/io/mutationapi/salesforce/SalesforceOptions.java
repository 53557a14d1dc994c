package io.mutationapi.salesforce;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * The settings of {@link SalesforceUpstream.Builder}, with the public setters it inherits: each
 * checks its arguments as it is called ({@link NullPointerException}, {@link
 * IllegalArgumentException}; {@link IllegalStateException} for a second kind of credentials) and
 * returns the builder. The builder adds {@code build()}, which checks the settings as a whole.
 * Package-private so that only the builder is public; sealed so that {@code this} is always that
 * builder. Mutable, not thread-safe.
 */
abstract sealed class SalesforceOptions permits SalesforceUpstream.Builder {
  String loginUrl = SalesforceUpstream.DEFAULT_LOGIN_URL;
  final Credentials credentials = new Credentials();
  String apiVersion = SalesforceUpstream.DEFAULT_API_VERSION;
  final CollectionMappings collections = new CollectionMappings();
  OkHttpClient okHttpClient;
  Duration connectTimeout = Duration.ofSeconds(10);
  Duration callTimeout = Duration.ofSeconds(60);
  boolean autoAssign;
  String clientName = SalesforceUpstream.DEFAULT_CLIENT_NAME;
  boolean readBeforeDelete = true;
  double throttleAbove = Double.POSITIVE_INFINITY;

  SalesforceOptions() {}

  private SalesforceUpstream.Builder self() {
    return (SalesforceUpstream.Builder) this;
  }

  /**
   * Sets where tokens are requested: {@code <loginUrl>/services/oauth2/token}. The default is
   * {@value SalesforceUpstream#DEFAULT_LOGIN_URL}; sandboxes use {@code
   * https://test.salesforce.com}, and the client credentials flow needs the org's My Domain, e.g.
   * {@code https://MyDomain.my.salesforce.com}.
   */
  public SalesforceUpstream.Builder loginUrl(String loginUrl) {
    this.loginUrl = Objects.requireNonNull(loginUrl, "loginUrl");
    return self();
  }

  /**
   * Logs in with the OAuth 2.0 client credentials flow: the connected app's consumer key and
   * secret; the app runs as its configured integration user.
   */
  public SalesforceUpstream.Builder clientCredentials(String clientId, String clientSecret) {
    credentials.clientCredentials(clientId, clientSecret);
    return self();
  }

  /**
   * Logs in with the OAuth 2.0 JWT bearer flow: an assertion for {@code username} signed with the
   * connected app's RSA private key ({@code SHA256withRSA}), audience the login URL unless {@link
   * #jwtAudience} says otherwise.
   */
  public SalesforceUpstream.Builder jwtBearer(
      String clientId, String username, PrivateKey privateKey) {
    credentials.jwtBearer(clientId, username, privateKey);
    return self();
  }

  /**
   * Sets the {@code aud} claim of JWT bearer assertions when it is not the login URL, e.g. {@code
   * https://login.salesforce.com} while tokens are requested from a My Domain.
   */
  public SalesforceUpstream.Builder jwtAudience(String audience) {
    credentials.jwtAudience(audience);
    return self();
  }

  /**
   * Uses an access token obtained elsewhere, valid for {@code instanceUrl} (e.g. {@code
   * https://MyDomain.my.salesforce.com}). It is never refreshed: once Salesforce refuses it,
   * requests fail with 502 until the upstream is rebuilt with a new one.
   */
  public SalesforceUpstream.Builder accessToken(String accessToken, String instanceUrl) {
    credentials.accessToken(accessToken, instanceUrl);
    return self();
  }

  /**
   * Sets the REST API version, e.g. {@code "62.0"}; the default is {@value
   * SalesforceUpstream#DEFAULT_API_VERSION}.
   */
  public SalesforceUpstream.Builder apiVersion(String apiVersion) {
    this.apiVersion = BuilderChecks.apiVersion(apiVersion);
    return self();
  }

  /**
   * Maps {@code collectionId} to the sObject {@code sObject}, e.g. {@code
   * collection("salesforce:invoice", "Invoice__c")}. Needed for collection ids that are not {@code
   * salesforce:<lowercase name>}, and for names whose case differs from the default.
   */
  public SalesforceUpstream.Builder collection(String collectionId, String sObject) {
    collections.collection(collectionId, sObject);
    return self();
  }

  /**
   * Makes creates in {@code collectionId} upserts keyed by {@code field}, an external-id field of
   * its sObject: a create whose records all carry a value for {@code field} updates the record with
   * that value if there is one, so sending it again cannot create a duplicate. Creates without the
   * field stay plain creates.
   */
  public SalesforceUpstream.Builder externalIdField(String collectionId, String field) {
    collections.externalIdField(collectionId, field);
    return self();
  }

  /**
   * Sends through {@code okHttpClient} (its proxy, TLS, interceptors, pools). A derived client
   * shares its pools and dispatcher, with this builder's timeouts, OkHttp's silent retries and
   * redirects off; raise its dispatcher's {@code maxRequestsPerHost} (default 5) for concurrent
   * requests. Without one, all upstreams share one default client.
   */
  public SalesforceUpstream.Builder okHttpClient(OkHttpClient okHttpClient) {
    this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
    return self();
  }

  /** Sets how long to wait for a connection to Salesforce; default 10 seconds. */
  public SalesforceUpstream.Builder connectTimeout(Duration connectTimeout) {
    this.connectTimeout = BuilderChecks.positive(connectTimeout, "connectTimeout");
    return self();
  }

  /**
   * Sets how long one Salesforce call may take, from sending to the whole answer; default 60
   * seconds. A create that takes longer fails with 504 and is not sent again.
   */
  public SalesforceUpstream.Builder callTimeout(Duration callTimeout) {
    this.callTimeout = BuilderChecks.positive(callTimeout, "callTimeout");
    return self();
  }

  /**
   * Sets {@code Sforce-Auto-Assign} on writes: false (the default) keeps assignment rules from
   * re-running and changing owners on every write; true lets them run.
   */
  public SalesforceUpstream.Builder autoAssign(boolean autoAssign) {
    this.autoAssign = autoAssign;
    return self();
  }

  /**
   * Sets the {@code client} of {@code Sforce-Call-Options}, which Salesforce shows in its logs;
   * default {@value SalesforceUpstream#DEFAULT_CLIENT_NAME}.
   */
  public SalesforceUpstream.Builder clientName(String clientName) {
    this.clientName = BuilderChecks.clientName(clientName);
    return self();
  }

  /**
   * Sets whether a delete first reads the records' last state (one more API call) to put it in the
   * deleted records' {@code data}; when false, that {@code data} is empty. Default true.
   */
  public SalesforceUpstream.Builder readBeforeDelete(boolean readBeforeDelete) {
    this.readBeforeDelete = readBeforeDelete;
    return self();
  }

  /**
   * Refuses calls with 429 before sending them while the org's last reported API usage ({@link
   * SalesforceUpstream#apiUsage()}) is at or above {@code share} of its daily allocation, e.g.
   * {@code 0.9}; so that this server leaves the rest to other integrations. A reading refuses calls
   * for 60 seconds, then one call goes out to take a new one. Off by default.
   */
  public SalesforceUpstream.Builder throttleAbove(double share) {
    this.throttleAbove = BuilderChecks.share(share);
    return self();
  }
}
