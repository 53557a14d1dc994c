package io.mutationapi;

/**
 * The field names of the wire contract's JSON bodies (docs/WIRE.md), written once for the codec,
 * the vocabulary and adapters that name columns or keys after them.
 *
 * <p>The names are part of the contract and never change within a major version.
 */
public final class WireFields {
  private WireFields() {}

  // ---- a request body ----

  /** The request's kind: {@code create}, {@code update} or {@code delete}. */
  public static final String KIND = "kind";

  /** The sync (integration) a request or record belongs to. */
  public static final String SYNC_ID = "sync_id";

  /** The collection a request or record belongs to. */
  public static final String COLLECTION_ID = "collection_id";

  /** The records of a create or update request, and of a success or error body. */
  public static final String RECORDS = "records";

  /** The ids of the records a delete request removes. */
  public static final String UPSTREAM_IDS = "upstream_ids";

  /** The consumers a request waits for. */
  public static final String AWAIT_CONSUMER_IDS = "await_consumer_ids";

  /** How long a request waits for its consumers, in milliseconds. */
  public static final String AWAIT_CONSUMERS_TIMEOUT = "await_consumers_timeout";

  // ---- a record ----

  /** The record's id in the upstream system. */
  public static final String UPSTREAM_ID = "upstream_id";

  /** When the upstream last changed the record. */
  public static final String UPSTREAM_UPDATED_AT = "upstream_updated_at";

  /** When the upstream created the record, if it says. */
  public static final String UPSTREAM_CREATED_AT = "upstream_created_at";

  /** The record's version counter, if the upstream keeps one. */
  public static final String UPDATED_IDX = "updated_idx";

  /** The record's fields, a JSON object. */
  public static final String DATA = "data";

  /** Whether the record has been deleted. */
  public static final String DELETED = "deleted";

  // ---- an error body ----

  /** The error's message; in a failure, the failure's message. */
  public static final String ERROR = "error";

  /** Links to documentation of the error. */
  public static final String DOCS = "docs";

  /** The error's machine-readable code. */
  public static final String CODE = "code";

  /** The consumers that had not caught up when an await timed out. */
  public static final String PENDING_CONSUMER_IDS = "pending_consumer_ids";

  /** The records of a request that failed, each by its index. */
  public static final String FAILURES = "failures";

  /** The index of a failed record in its request. */
  public static final String INDEX = "index";

  // ---- consistency tokens (an extension of the wire contract) ----

  /** Where a mutation's records are on the stream; what a wait for them names. */
  public static final String CONSISTENCY_TOKEN = "consistency_token";

  /** The consumers a wait for a consistency token names, and those it answers for. */
  public static final String CONSUMER_IDS = "consumer_ids";

  /** How long a wait for a consistency token waits, in milliseconds. */
  public static final String TIMEOUT = "timeout";
}
