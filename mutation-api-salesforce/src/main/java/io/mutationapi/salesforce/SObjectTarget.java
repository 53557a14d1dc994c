package io.mutationapi.salesforce;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a collection's records live in Salesforce: the sObject, and the external-id field that
 * makes its creates upserts, if one is set. Immutable.
 *
 * @param sObject the sObject's API name, e.g. {@code Contact} or {@code Invoice__c}
 * @param externalIdField the external-id field creates are keyed by, e.g. {@code External_Id__c}
 */
record SObjectTarget(String sObject, Optional<String> externalIdField) {
  /** The prefix of collection ids that map to an sObject by name. */
  static final String PREFIX = "salesforce:";

  private static final Pattern DEFAULT_NAME = Pattern.compile("[a-z][a-z0-9_]{0,79}");
  private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");

  SObjectTarget {
    Objects.requireNonNull(sObject, "sObject");
    Objects.requireNonNull(externalIdField, "externalIdField");
  }

  /**
   * Returns where {@code collectionId}'s records live: its explicit mapping in {@code mapped}, else
   * the {@linkplain #defaultSObject default sObject} without an external-id field; empty if
   * neither.
   */
  static Optional<SObjectTarget> resolve(String collectionId, Map<String, SObjectTarget> mapped) {
    SObjectTarget target = mapped.get(collectionId);
    if (target != null) {
      return Optional.of(target);
    }
    return defaultSObject(collectionId)
        .map(sObject -> new SObjectTarget(sObject, Optional.empty()));
  }

  /** Returns true if {@code name} can be an sObject or field API name (letters, digits, _). */
  static boolean isApiName(String name) {
    return name != null && API_NAME.matcher(name).matches();
  }

  /**
   * Returns the sObject a collection maps to without an explicit mapping: {@code
   * salesforce:<lowercase name>} maps to the name with its first letter in upper case ({@code
   * salesforce:contact} to {@code Contact}, {@code salesforce:invoice__c} to {@code Invoice__c});
   * empty for any other collection id.
   */
  static Optional<String> defaultSObject(String collectionId) {
    if (!collectionId.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String name = collectionId.substring(PREFIX.length());
    if (!DEFAULT_NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1));
  }
}
