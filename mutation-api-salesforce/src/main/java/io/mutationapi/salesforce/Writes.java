package io.mutationapi.salesforce;

import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import io.mutationapi.Record;
import io.mutationapi.server.spi.UpstreamContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One batch as Salesforce calls: the Collections write with {@code allOrNone: true}, then the
 * read-back of the records' full state (which, once the write is applied, never fails the batch:
 * see {@link ReadBack#records}); for a delete, the read of the last state first (unless turned
 * off). Thread-safe; never blocks.
 */
final class Writes {
  private final Calls calls;
  private final ReadBack readBack;
  private final boolean readBeforeDelete;

  Writes(Calls calls, ReadBack readBack, boolean readBeforeDelete) {
    this.calls = calls;
    this.readBack = readBack;
    this.readBeforeDelete = readBeforeDelete;
  }

  /**
   * Applies {@code batch} to {@code target}. A failed stage holds the {@code UpstreamException}
   * itself, never a {@link CompletionException} around it.
   */
  CompletableFuture<List<Record>> apply(
      MutationRequest batch, SObjectTarget target, UpstreamContext context) {
    CompletableFuture<List<Record>> call;
    if (batch instanceof MutationRequest.Create) {
      call = create((MutationRequest.Create) batch, target, context);
    } else if (batch instanceof MutationRequest.Update) {
      call = update((MutationRequest.Update) batch, target, context);
    } else {
      call = delete((MutationRequest.Delete) batch, target, context);
    }
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

  CompletableFuture<List<Record>> create(
      MutationRequest.Create batch, SObjectTarget target, UpstreamContext context) {
    List<PartialRecord> records = batch.records();
    String key = upsertKey(records, target);
    CallSpec write =
        key != null
            ? RequestBodies.upsert(target.sObject(), key, records)
            : RequestBodies.create(target.sObject(), records);
    AppliedWrite.Kind kind = key != null ? AppliedWrite.Kind.UPSERT : AppliedWrite.Kind.CREATE;
    return calls
        .send(write, context)
        .thenApply(
            answer ->
                new AppliedWrite(
                    kind,
                    CollectionResults.ids(answer, records.size(), List.of()),
                    records,
                    answer))
        .thenCompose(
            applied ->
                readBack.records(
                    batch.syncId(), batch.collectionId(), target.sObject(), applied, context));
  }

  CompletableFuture<List<Record>> update(
      MutationRequest.Update batch, SObjectTarget target, UpstreamContext context) {
    CallSpec write = RequestBodies.update(target.sObject(), batch.records());
    return calls
        .send(write, context)
        .thenApply(
            answer ->
                new AppliedWrite(
                    AppliedWrite.Kind.UPDATE,
                    CollectionResults.ids(answer, batch.size(), write.targetIds()),
                    batch.records(),
                    answer))
        .thenCompose(
            applied ->
                readBack.records(
                    batch.syncId(), batch.collectionId(), target.sObject(), applied, context));
  }

  CompletableFuture<List<Record>> delete(
      MutationRequest.Delete batch, SObjectTarget target, UpstreamContext context) {
    List<String> ids = batch.upstreamIds();
    CompletableFuture<List<Map<String, Object>>> before =
        readBeforeDelete
            ? readBack.states(target.sObject(), ids, context).thenApply(ReadBack.States::states)
            : CompletableFuture.completedFuture(null);
    return before.thenCompose(
        states ->
            calls
                .send(RequestBodies.delete(ids), context)
                .thenApply(
                    answer -> {
                      List<String> deleted = CollectionResults.ids(answer, ids.size(), ids);
                      List<Record> records = new ArrayList<>(ids.size());
                      for (int i = 0; i < ids.size(); i++) {
                        records.add(
                            readBack.deleted(
                                batch.syncId(),
                                batch.collectionId(),
                                target.sObject(),
                                deleted.get(i),
                                states == null ? null : states.get(i),
                                answer.receivedAt()));
                      }
                      return records;
                    }));
  }

  /**
   * Returns the external-id field to upsert by, if the collection has one and every record of the
   * batch carries a value for it; else null (a plain create).
   */
  static String upsertKey(List<PartialRecord> records, SObjectTarget target) {
    if (target.externalIdField().isEmpty()) {
      return null;
    }
    String field = target.externalIdField().get();
    for (PartialRecord record : records) {
      if (record.data().get(field) == null) {
        return null;
      }
    }
    return field;
  }
}
