package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A Salesforce org on loopback for tests and demos: the OAuth token endpoint and the REST data API
 * (sObject Collections, single-record sObject endpoints, describe, and the SOQL {@code query} and
 * {@code queryAll} a change poll sends) as Salesforce documents them, with the error shapes, id
 * checksums, second-precision system timestamps and API-usage header of the real service, plus
 * controls a test needs: seeded and inspected records, expired tokens, injected faults, recorded
 * calls and counters.
 *
 * <p>Start one with {@link #start()} (port 0 on 127.0.0.1, the default client id and secret) or
 * {@link #builder()}; point a client at {@link #url()} both as the login URL and, through the token
 * response's {@code instance_url}, as the instance. The org knows Account, Contact, Lead,
 * Opportunity and Task with their usual required fields (Account {@code Name}, Contact and Lead
 * {@code LastName}, Lead {@code Company}) and an external-id field {@code External_Id__c} on
 * Account, Contact and Lead.
 *
 * <p>Custom objects are added with {@link #addSObject}. Edits made by other users of the org, which
 * the adapter under test did not send, are made with {@link #createAsOtherUser}, {@link
 * #updateAsOtherUser} and {@link #deleteAsOtherUser}.
 *
 * <p>Behaviour the documentation leaves open is fixed here as follows: an API version below 31.0
 * answers 410 and one above 67.0 answers 404 {@code NOT_FOUND}; an update or delete of an id that
 * never existed fails with {@code INVALID_CROSS_REFERENCE_KEY} in a Collections call and 404 {@code
 * NOT_FOUND} on a single-record call; a deleted one with {@code ENTITY_IS_DELETED}; a Collections
 * record without {@code attributes.type} fails the request with 400 {@code INVALID_TYPE}; unknown
 * fields and values of the wrong type fail the whole request (400 {@code INVALID_FIELD}, {@code
 * JSON_PARSER_ERROR}), while the checks of a record's content (required fields, email format,
 * read-only fields, references, validation rules) fail only that record.
 *
 * <p>Thread-safe: every method may be called while requests are served. Calls are served
 * concurrently, but each data call runs alone against the records, so a Collections call is atomic.
 * Close the fake to stop it.
 */
public final class FakeSalesforce implements AutoCloseable {
  /** The client id registered unless the builder names another. */
  public static final String DEFAULT_CLIENT_ID = "fake-client-id";

  /** The client secret registered unless the builder names another. */
  public static final String DEFAULT_CLIENT_SECRET = "fake-client-secret";

  /** The daily API request allocation unless the builder or {@link #setApiUsage} sets another. */
  public static final long DEFAULT_API_LIMIT = 100_000;

  /** How many calls {@link #calls()} keeps unless the builder says otherwise. */
  public static final int DEFAULT_MAX_RECORDED_CALLS = 10_000;

  private final ObjectMapper mapper = new ObjectMapper();
  private final TokenEndpoint tokens;
  private final FakeServer server;
  private final String clientId;
  private final String clientSecret;
  private final Traffic traffic;
  private final OrgRecords records;
  private volatile String url;

  private final CallLog calls;
  private final FaultPlan faults = new FaultPlan();

  private FakeSalesforce(Builder builder) {
    RecordStore store = new RecordStore(mapper, builder.clock);
    this.records = new OrgRecords(mapper, store);
    this.tokens = new TokenEndpoint(mapper, builder.clock, builder.tokenLifetime);
    builder.sobjects.forEach(definition -> store.addSchema(definition.toSchema()));
    this.clientId = builder.clientId;
    this.clientSecret = builder.clientSecret;
    this.traffic = new Traffic(builder.apiLimit);
    this.calls = new CallLog(builder.maxRecordedCalls, builder.requestLog);
    tokens.addClient(clientId, clientSecret);
    builder.jwtUsers.forEach(tokens::addJwtUser);
    FakeHandler handler =
        new FakeHandler(this, traffic, calls, faults, mapper, tokens, new DataApi(mapper, store));
    this.server = new FakeServer(builder.host, builder.port, handler);
  }

  /** Starts a fake on a free port of 127.0.0.1 with the default client id and secret. */
  public static FakeSalesforce start() {
    return builder().start();
  }

  /** Returns a builder for a fake with other credentials, port, clock or API limit. */
  public static Builder builder() {
    return new Builder();
  }

  /** The base URL, such as {@code http://127.0.0.1:41234}: the login URL and the instance URL. */
  public String url() {
    return url;
  }

  /** The port the fake listens on. */
  public int port() {
    return server.port();
  }

  /** The client id the builder registered for the client-credentials grant. */
  public String clientId() {
    return clientId;
  }

  /** The client secret the builder registered for the client-credentials grant. */
  public String clientSecret() {
    return clientSecret;
  }

  /** Registers another client for the client-credentials grant (replacing its secret if known). */
  public void addClient(String clientId, String clientSecret) {
    tokens.addClient(Objects.requireNonNull(clientId), Objects.requireNonNull(clientSecret));
  }

  /**
   * Lets the JWT-bearer grant issue tokens to {@code username} for assertions with {@code iss =
   * clientId}, signed RS256 with the private key of {@code publicKey}; the assertion's {@code aud}
   * must be {@code https://login.salesforce.com}, {@code https://test.salesforce.com} or {@link
   * #url()}, and its {@code exp} in the future.
   */
  public void addJwtUser(String clientId, String username, PublicKey publicKey) {
    tokens.addJwtUser(
        new TokenEndpoint.JwtUser(
            Objects.requireNonNull(clientId),
            Objects.requireNonNull(username),
            Objects.requireNonNull(publicKey)));
  }

  /**
   * Lets the {@code refresh_token} grant issue tokens for {@code refreshToken} to {@code clientId}
   * (with the client's secret, if it sends one), as for a user who authorized the app once.
   */
  public void addRefreshToken(String clientId, String refreshToken) {
    tokens.addRefreshToken(Objects.requireNonNull(clientId), Objects.requireNonNull(refreshToken));
  }

  /** Expires every token issued so far: their data calls answer 401 {@code INVALID_SESSION_ID}. */
  public void expireTokens() {
    tokens.expireAll();
  }

  /**
   * Lets the next {@code calls} authenticated data calls through, then expires every token issued
   * so far, so that the call after them (and every later one with an old token) answers 401: the
   * way to expire a session in the middle of a batch of concurrent calls.
   */
  public void expireTokensAfter(int calls) {
    if (calls < 0) {
      throw new IllegalArgumentException("calls must not be negative: " + calls);
    }
    tokens.expireAfter(calls);
  }

  /** How many calls the token endpoint received. */
  public long tokenRequests() {
    return traffic.tokenRequests();
  }

  /** How many calls under {@code /services/data} the fake received, failed ones included. */
  public long dataRequests() {
    return traffic.dataRequests();
  }

  /** The API usage count: authenticated data calls, one per Collections call. */
  public long apiUsage() {
    return traffic.apiUsage();
  }

  /** The daily API allocation reported in {@code Sforce-Limit-Info}. */
  public long apiLimit() {
    return traffic.apiLimit();
  }

  /**
   * Sets the usage count and the allocation; once the count passes {@code max}, data calls answer
   * 403 {@code REQUEST_LIMIT_EXCEEDED} ({@code TotalRequests Limit exceeded.}).
   */
  public void setApiUsage(long used, long max) {
    if (used < 0 || max < 0) {
      throw new IllegalArgumentException(
          "usage and limit must not be negative: " + used + "/" + max);
    }
    traffic.setApiUsage(used, max);
  }

  /** Every call received (the most recent 10,000, or the builder's number), oldest first. */
  public List<RecordedCall> calls() {
    return calls.all();
  }

  /** The calls received that {@code which} selects, oldest first. */
  public List<RecordedCall> calls(Predicate<RecordedCall> which) {
    return calls().stream().filter(which).toList();
  }

  /** Forgets the recorded calls (not the counters). */
  public void clearCalls() {
    calls.clear();
  }

  /**
   * The total time the fake spent handling calls, from a received body to an answer ready to write
   * (injected latency excluded): subtract it from a client's time to get the client's own.
   */
  public Duration handlingTime() {
    return traffic.handlingTime();
  }

  /** How many calls {@link #handlingTime()} covers. */
  public long handledCalls() {
    return traffic.handledCalls();
  }

  /**
   * The stored record with this id (15 or 18 characters), deleted ones included with {@code
   * IsDeleted} true, as a map of field names to values (strings, numbers, booleans, null).
   *
   * @throws IllegalArgumentException if {@code id} is not a well-formed id
   */
  public Optional<Map<String, Object>> record(String id) {
    return records.record(id);
  }

  /** The live (not deleted) records of an sObject type, by id. */
  public List<Map<String, Object>> records(String sobject) {
    return records.records(sobject);
  }

  /** Forgets every stored record, deleted ones included (not the schemas or validation rules). */
  public void clearRecords() {
    records.clear();
  }

  /**
   * Stores a record without the write checks and returns its 18-character id; system fields such as
   * {@code SystemModstamp} may be given.
   *
   * @throws IllegalArgumentException for an unknown sObject, field, or a value of the wrong type
   */
  public String seed(String sobject, Map<String, ?> fields) {
    return records.seed(sobject, fields);
  }

  /**
   * Creates a record as another user of the org would (in Salesforce's UI, a workflow, an import),
   * bypassing the API: the write checks apply, {@code CreatedDate} and {@code SystemModstamp} are
   * stamped by the fake's clock, and no call is recorded or counted. Returns its 18-character id.
   *
   * @throws IllegalArgumentException for an unknown sObject or field, a value of the wrong type, or
   *     a record the checks refuse (the message names Salesforce's error codes)
   */
  public String createAsOtherUser(String sobject, Map<String, ?> fields) {
    return records.createAsOtherUser(sobject, fields);
  }

  /**
   * Updates record {@code id} as another user would, bypassing the API: the fields given change,
   * the others stay, and {@code SystemModstamp} is stamped by the fake's clock.
   *
   * @throws IllegalArgumentException for an unknown or deleted id, an unknown field, a value of the
   *     wrong type, or an update the checks refuse
   */
  public void updateAsOtherUser(String id, Map<String, ?> fields) {
    records.updateAsOtherUser(id, fields);
  }

  /**
   * Deletes record {@code id} as another user would, bypassing the API: it moves to the recycle bin
   * ({@code IsDeleted} true, seen by {@code queryAll}) with {@code SystemModstamp} stamped.
   *
   * @throws IllegalArgumentException for an unknown or already deleted id
   */
  public void deleteAsOtherUser(String id) {
    records.deleteAsOtherUser(id);
  }

  /**
   * Adds an sObject type, such as a custom object, to the org.
   *
   * @throws IllegalArgumentException if its name or key prefix is taken
   */
  public void addSObject(SObjectDefinition definition) {
    records.addSObject(definition);
  }

  /**
   * Adds a validation rule: a create or update of {@code sobject} for which {@code errorWhen} holds
   * on the record as it would be stored fails with {@code FIELD_CUSTOM_VALIDATION_EXCEPTION} and
   * {@code message}, with no {@code fields}.
   */
  public void addValidationRule(
      String sobject, Predicate<Map<String, Object>> errorWhen, String message) {
    records.addValidationRule(sobject, errorWhen, message);
  }

  /** Makes the next {@code times} data calls fail with {@code fault}. */
  public void failNext(int times, Fault fault) {
    failNext(times, RecordedCall::isDataCall, fault);
  }

  /**
   * Makes the next {@code times} calls that {@code which} selects fail with {@code fault}; faults
   * armed earlier are checked first. Token calls are selected only by a {@code which} that accepts
   * them, and get the fault's answer without any write.
   */
  public void failNext(int times, Predicate<RecordedCall> which, Fault fault) {
    if (times <= 0) {
      throw new IllegalArgumentException("times must be positive: " + times);
    }
    faults.add(times, Objects.requireNonNull(which), Objects.requireNonNull(fault));
  }

  /** Disarms every fault not yet used. */
  public void clearFaults() {
    faults.clear();
  }

  /** Stops the fake; calls in flight may fail. */
  @Override
  public void close() {
    server.stop();
  }

  @Override
  public String toString() {
    return "FakeSalesforce[" + url + "]";
  }

  private FakeSalesforce started() {
    url = server.start();
    return this;
  }

  /** Settings of a fake before it starts. Not thread-safe. */
  public static final class Builder extends FakeOptions {
    private Builder() {}

    /** Starts the fake. */
    public FakeSalesforce start() {
      return new FakeSalesforce(this).started();
    }
  }
}
