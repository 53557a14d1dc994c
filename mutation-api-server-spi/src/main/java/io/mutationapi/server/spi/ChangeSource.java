package io.mutationapi.server.spi;

import java.util.concurrent.CompletionStage;

/**
 * An upstream whose changes can be listed, so that a sync keeps the stream in step with the
 * upstream itself: the records that exist (backfill), then every change made there by anyone, not
 * only the mutations sent through this server.
 *
 * <p>The server asks for one page at a time, from the cursor it stored after the previous page
 * (none at first), and publishes the page's records before it stores the page's cursor; after a
 * restart it asks again from the last stored cursor, so a page may be listed twice but a change is
 * never skipped. A source returns the changes in upstream order, each a full {@link
 * io.mutationapi.Record} (a delete as {@code deleted: true}), with the same {@code updated_idx} as
 * the write path gives the same version, so that consumers keep one copy of a version that arrives
 * both ways and never let an older version overwrite a newer one.
 *
 * <p>Failures complete the stage exceptionally; an {@link UpstreamException} of kind {@code
 * RATE_LIMITED} tells the server when to ask again. Threading: as {@link Upstream#apply}; the
 * server never asks for two pages of one collection at once.
 */
@FunctionalInterface
public interface ChangeSource {

  /**
   * Returns the changes of one collection after {@code query}'s cursor, oldest first, at most
   * {@code query.limit()} records.
   *
   * @param query the sync, collection, cursor, page size and optional age bound
   * @return the page; or a stage failed with {@link UpstreamException}
   */
  CompletionStage<ChangePage> changes(ChangeQuery query);
}
