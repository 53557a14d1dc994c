package io.mutationapi.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The names of every field of an sObject, from {@code GET /sobjects/{T}/describe}, cached per
 * sObject for the life of the upstream: a Collections read needs them ({@code fields} is required),
 * and describe costs one API call.
 *
 * <p>Concurrent callers for one sObject share one describe call; a failed describe is forgotten, so
 * the next caller tries again. Thread-safe; never blocks.
 */
final class FieldLists {
  private final Calls calls;
  private final ConcurrentMap<String, CompletableFuture<List<String>>> bySObject =
      new ConcurrentHashMap<>();

  FieldLists(Calls calls) {
    this.calls = calls;
  }

  /** Returns the field names of {@code sObject}, in describe order. */
  CompletableFuture<List<String>> of(String sObject, UpstreamContext context) {
    CompletableFuture<List<String>> mine = new CompletableFuture<>();
    CompletableFuture<List<String>> shared = bySObject.putIfAbsent(sObject, mine);
    if (shared != null) {
      return shared;
    }
    CallSpec describe =
        new CallSpec(
            "GET", "sobjects/" + sObject + "/describe", List.of(), null, true, false, List.of());
    calls
        .send(describe, context)
        .thenApply(FieldLists::names)
        .whenComplete(
            (names, error) -> {
              if (error != null) {
                bySObject.remove(sObject, mine);
                mine.completeExceptionally(error);
              } else {
                mine.complete(names);
              }
            });
    return mine;
  }

  private static List<String> names(Answer answer) {
    JsonNode json;
    try {
      json = Answer.tree(answer.body());
    } catch (IOException e) {
      throw UpstreamException.failed("Salesforce describe answer is not JSON", e);
    }
    List<String> names = new ArrayList<>();
    for (JsonNode field : json.path("fields")) {
      String name = field.path("name").asText("");
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      throw UpstreamException.failed("Salesforce describe answer lists no fields", null);
    }
    return List.copyOf(names);
  }
}
