package io.mutationapi.server.spi;

import java.util.List;
import java.util.Optional;

/**
 * Answers the read-only Management API in process, exactly as {@code GET /v1/consumers}, {@code GET
 * /v1/syncs} and their items do, without HTTP.
 *
 * <p>Scoping: a principal sees a sync unless the authenticator hides it from them, and a consumer
 * if it may mutate every sync that serves a collection the consumer consumes; for everything else
 * the answer is empty, as for an unknown id. Lists are in registration order.
 *
 * <p>Values are read when asked, without locks: each is a snapshot, not a consistent cut across
 * consumers. Last errors never carry record data or secrets. Thread-safe.
 */
public interface ManagementService {

  /** Returns every consumer {@code principal} may see. */
  List<ConsumerSummary> consumers(Principal principal);

  /** Returns consumer {@code id}, or empty if it is unknown or hidden from {@code principal}. */
  Optional<ConsumerSummary> consumer(String id, Principal principal);

  /** Returns every sync {@code principal} may see. */
  List<SyncSummary> syncs(Principal principal);

  /** Returns sync {@code id}, or empty if it is unknown or hidden from {@code principal}. */
  Optional<SyncSummary> sync(String id, Principal principal);
}
