package io.mutationapi.salesforce;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.spi.ChangePage;
import io.mutationapi.server.spi.ChangeQuery;
import io.mutationapi.server.spi.ChangeSource;
import io.mutationapi.server.spi.Upstream;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * <p><b>Changes.</b> As a {@link ChangeSource} it lists each collection's changes made by anyone
 * (backfill, then polls) with SOQL {@code queryAll} over {@code SystemModstamp}; see {@link
 * #changes}.
 *
 * <p>Threading: {@link #isNonBlocking()} is true. {@code apply} sends with OkHttp's asynchronous
 * API and returns at once; its stage completes on an OkHttp thread. Instances are immutable apart
 * from their caches (describe, the last {@link #apiUsage()}) and thread-safe. {@link #toString()}
 * never shows a secret or a token.
 */
public final class SalesforceUpstream implements Upstream, ChangeSource {
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
  private final ChangePoll changes;
  private final Limits limits;
  private final String description;

  private SalesforceUpstream(
      Builder b, Map<String, SObjectTarget> targets, OkHttpClient http, TokenSource tokens) {
    Clock clock = Clock.systemUTC();
    this.targets = targets;
    this.limits = new Limits(b.throttleAbove, clock);
    Calls calls = new Calls(http, tokens, b.apiVersion, b.clientName, b.autoAssign, limits, clock);
    FieldLists fields = new FieldLists(calls);
    UpdatedIdx idx = new UpdatedIdx(clock);
    ReadBack readBack = new ReadBack(calls, fields, idx);
    this.writes = new Writes(calls, readBack, b.readBeforeDelete);
    this.changes = new ChangePoll(calls, fields, readBack, idx);
    this.description =
        "SalesforceUpstream{"
            + tokens
            + ", API v"
            + b.apiVersion
            + ", collections "
            + b.collections.mappedCollections()
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
   * this version was written), and one more than the last index this upstream gave the record when
   * this version is newer; the same version read again (by {@link #changes}) keeps its index, and
   * an older version whose answer arrived late stays below the newer one. A delete uses the time
   * its answer arrived. Nodes that write the same record within one second rely on their clocks
   * agreeing to within that second.
   *
   * @return the records, or a stage failed with {@link UpstreamException} (see the class comment)
   */
  @Override
  public CompletionStage<List<Record>> apply(MutationRequest batch, UpstreamContext context) {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(context, "context");
    Optional<SObjectTarget> target = SObjectTarget.resolve(batch.collectionId(), targets);
    if (target.isEmpty()) {
      return CompletableFuture.failedFuture(unmapped(batch.collectionId()));
    }
    // The throttle refuses whole batches before their first call, never a read-back of a write
    // Salesforce already applied.
    Optional<UpstreamException> refusal = limits.refusal();
    if (refusal.isPresent()) {
      return CompletableFuture.failedFuture(refusal.get());
    }
    return writes.apply(batch, target.get(), context);
  }

  /**
   * Lists the changes of a collection's sObject after {@code query}'s cursor, oldest first: one
   * SOQL {@code queryAll} of every describe field, {@code WHERE SystemModstamp >= <cursor second>}
   * (leaving out, by {@code Id}, the records of that second already listed) {@code ORDER BY
   * SystemModstamp, Id LIMIT <limit, at most 2,000>}. Records in the recycle bin come as {@code
   * deleted: true} with their last state. Without a cursor it backfills from {@code notBefore}'s
   * second, or from the beginning.
   *
   * <p>{@code updated_idx} comes from the same function as {@link #apply}'s: a version read by both
   * paths on one node gets the same index, and an older version never gets a larger index than a
   * newer one (an answer that arrived late included); see the class comment of the package's {@code
   * UpdatedIdx} for what holds across nodes. Records stamped within the last two seconds are
   * listed, but the cursor stops before them, so they are listed again by the next poll with any
   * record Salesforce stamped in the same second meanwhile; nothing is skipped.
   *
   * <p>Failures are mapped as for {@link #apply}: an expired session is refreshed once and the
   * query sent again; the API limit is {@code RATE_LIMITED} with a retry time; an outage after its
   * retries, a refused login or an unmapped collection fail the stage. The throttle ({@link
   * Builder#throttleAbove}) refuses a poll as it refuses a batch.
   *
   * @return the page, or a stage failed with {@link UpstreamException}
   */
  @Override
  public CompletionStage<ChangePage> changes(ChangeQuery query) {
    Objects.requireNonNull(query, "query");
    Optional<SObjectTarget> target = SObjectTarget.resolve(query.collectionId(), targets);
    if (target.isEmpty()) {
      return CompletableFuture.failedFuture(unmapped(query.collectionId()));
    }
    Optional<UpstreamException> refusal = limits.refusal();
    if (refusal.isPresent()) {
      return CompletableFuture.failedFuture(refusal.get());
    }
    return changes.changes(query, target.get().sObject());
  }

  private static UpstreamException unmapped(String collectionId) {
    return UpstreamException.failed(
        "Collection "
            + collectionId
            + " is not mapped to a Salesforce object: name it salesforce:<object> or map it"
            + " with SalesforceUpstream.Builder#collection",
        null);
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
  public static final class Builder extends SalesforceOptions {
    Builder() {}

    /**
     * Returns the upstream. It does not call Salesforce: a wrong URL or refused credentials show up
     * as 502 answers (and log lines) when requests arrive.
     *
     * @throws IllegalStateException if no credentials are set, the login URL is not an http or
     *     https URL, or an external-id field names a collection that maps to no sObject
     */
    public SalesforceUpstream build() {
      credentials.requireSet();
      HttpUrl login = HttpUrl.parse(loginUrl);
      if (login == null) {
        throw new IllegalStateException(
            "loginUrl must be an http or https URL, e.g. " + DEFAULT_LOGIN_URL + ": " + loginUrl);
      }
      Map<String, SObjectTarget> targets = collections.targets();
      OkHttpClient http = SharedHttp.derive(okHttpClient, connectTimeout, callTimeout);
      return new SalesforceUpstream(this, targets, http, credentials.tokens(http, login));
    }
  }

  /** Returns {@code "salesforce"}, this upstream's kind in the Management API. */
  @Override
  public String kind() {
    return "salesforce";
  }
}
