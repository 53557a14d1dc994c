package io.mutationapi.server.spi;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The system a sync writes to, such as Salesforce: applies one batch of creates, updates or deletes
 * to one collection and returns the resulting records.
 *
 * <p>The engine calls {@link #apply} with a batch that it has already validated and resolved: the
 * sync and collection exist, ids are not repeated, and the batch holds at most {@link
 * #maxBatchSize()} records (larger requests are split, and the batches are applied one after the
 * other in request order). The batch's {@code awaitConsumers} is always empty.
 *
 * <p>The stage completes with one {@link Record} per record or id of the batch, in batch order: the
 * record's full state after the change (not only the written fields), its {@code updated_idx}, and
 * its timestamps. For a delete, {@code deleted} is true and {@code data} is the last known state or
 * empty.
 *
 * <p>Failures complete the stage exceptionally with an {@link UpstreamException}, whose kind picks
 * the HTTP answer (validation 400, timeout 504, rate limited 429, other 502); any other exception
 * is answered as 502 with a generic message. An upstream that is not {@linkplain #isAtomic()
 * atomic} reports what it applied of a failed batch with {@link UpstreamException#withOutcomes}
 * (one outcome per record) or {@link UpstreamException#withApplied} (the records before the failing
 * one), so the engine can publish them: the stream must never fall behind the upstream.
 *
 * <p>Threading: {@code apply} is called on the server's bounded upstream executor, so a blocking
 * implementation is allowed; it may be called concurrently for different requests. An upstream
 * whose {@code apply} never blocks says so with {@link #isNonBlocking()}, and is then called on the
 * request's own thread.
 */
@FunctionalInterface
public interface Upstream {

  /**
   * Applies {@code batch} and returns the records as the upstream now holds them.
   *
   * @param batch a create, update or delete of at most {@link #maxBatchSize()} records, without
   *     await
   * @param context the request the batch belongs to: its deadline, request id and principal; the
   *     same for every batch of one request
   * @return one record per input record or id, in order; or a stage failed with {@link
   *     UpstreamException}
   */
  CompletionStage<List<Record>> apply(MutationRequest batch, UpstreamContext context);

  /**
   * Returns true if a failed batch leaves nothing applied. The default is true. A non-atomic
   * upstream must report what it applied of a failed batch with {@link
   * UpstreamException#withOutcomes}.
   */
  default boolean isAtomic() {
    return true;
  }

  /**
   * Returns true if {@link #apply} never blocks its caller: it works in memory, or hands its I/O to
   * a non-blocking client and returns a stage at once. The engine then calls it on the thread that
   * runs the request (for HTTP, the thread that read the body) instead of the upstream executor,
   * which saves two thread hand-offs per batch; stages it returns may complete on any thread.
   *
   * <p>The default is false, which is always safe. Returning true from an upstream that blocks (a
   * blocking HTTP client, a JDBC call, a lock held across I/O) stalls the server's request threads
   * for as long as the call takes.
   */
  default boolean isNonBlocking() {
    return false;
  }

  /** Returns the largest batch this upstream accepts; the default is 200. */
  default int maxBatchSize() {
    return 200;
  }

  /**
   * Returns what kind of upstream this is, as the Management API shows a sync's {@code provider}:
   * {@code salesforce}, {@code in_memory}, or {@code custom}. The default is {@code custom}; the
   * upstreams of this project override it.
   */
  default String kind() {
    return "custom";
  }
}
