package io.mutationapi.salesforce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collection mappings a {@link SalesforceUpstream.Builder} collects: explicit sObjects ({@code
 * collection}) and external-id fields ({@code externalIdField}), each checked as it is set, and the
 * {@link SObjectTarget}s they become. Mutable, not thread-safe: builder state.
 */
final class CollectionMappings {
  private final Map<String, String> sObjects = new LinkedHashMap<>();
  private final Map<String, String> externalIds = new LinkedHashMap<>();

  void collection(String collectionId, String sObject) {
    BuilderChecks.requireText(collectionId, "collectionId");
    if (!SObjectTarget.isApiName(sObject)) {
      throw new IllegalArgumentException(
          "sObject must be an API name such as Contact or Invoice__c: " + sObject);
    }
    sObjects.put(collectionId, sObject);
  }

  void externalIdField(String collectionId, String field) {
    BuilderChecks.requireText(collectionId, "collectionId");
    if (!SObjectTarget.isApiName(field)) {
      throw new IllegalArgumentException(
          "field must be a field API name such as External_Id__c: " + field);
    }
    externalIds.put(collectionId, field);
  }

  /** Returns the collection ids mapped explicitly to an sObject, in the order they were mapped. */
  List<String> mappedCollections() {
    return List.copyOf(sObjects.keySet());
  }

  /**
   * Returns the targets of the collections with a mapping or an external-id field, by collection
   * id; the others resolve by name ({@link SObjectTarget#resolve}).
   *
   * @throws IllegalStateException if an external-id field names a collection that maps to no
   *     sObject
   */
  Map<String, SObjectTarget> targets() {
    Map<String, SObjectTarget> targets = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : sObjects.entrySet()) {
      targets.put(
          e.getKey(),
          new SObjectTarget(e.getValue(), Optional.ofNullable(externalIds.get(e.getKey()))));
    }
    for (Map.Entry<String, String> e : externalIds.entrySet()) {
      if (targets.containsKey(e.getKey())) {
        continue;
      }
      Optional<String> sObject = SObjectTarget.defaultSObject(e.getKey());
      if (sObject.isEmpty()) {
        throw new IllegalStateException(
            "externalIdField for "
                + e.getKey()
                + ", which maps to no sObject: also call collection(\""
                + e.getKey()
                + "\", \"<sObject>\")");
      }
      targets.put(e.getKey(), new SObjectTarget(sObject.get(), Optional.of(e.getValue())));
    }
    return Map.copyOf(targets);
  }
}
