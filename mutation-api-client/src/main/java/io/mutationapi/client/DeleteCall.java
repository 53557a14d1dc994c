package io.mutationapi.client;

import io.mutationapi.MutationRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A call that deletes records by their upstream ids. From {@link Mutations#delete}. The result has
 * one record per id, marked deleted, with its last known data.
 *
 * <p>Not thread-safe.
 */
public final class DeleteCall extends MutationCall<DeleteCall> {
  private final List<String> upstreamIds = new ArrayList<>();

  DeleteCall(MutationClient client, String syncId, String collectionId) {
    super(client, syncId, collectionId);
  }

  @Override
  DeleteCall self() {
    return this;
  }

  /** Adds ids of records to delete. */
  public DeleteCall upstreamIds(String... upstreamIds) {
    this.upstreamIds.addAll(Arrays.asList(upstreamIds));
    return this;
  }

  /** Adds ids of records to delete. */
  public DeleteCall upstreamIds(Collection<String> upstreamIds) {
    this.upstreamIds.addAll(upstreamIds);
    return this;
  }

  @Override
  public MutationRequest.Delete request() {
    return MutationRequest.delete(syncId, collectionId)
        .upstreamIds(upstreamIds)
        .awaitConsumers(await())
        .build();
  }
}
