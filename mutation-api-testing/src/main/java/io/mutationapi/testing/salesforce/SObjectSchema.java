package io.mutationapi.testing.salesforce;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fields of one sObject type in the fake: their types, which are required, writable or external
 * ids, and the key prefix of its ids. Immutable.
 */
final class SObjectSchema {
  static final List<String> SYSTEM_FIELDS =
      List.of(
          "Id",
          "IsDeleted",
          "CreatedDate",
          "CreatedById",
          "LastModifiedDate",
          "LastModifiedById",
          "SystemModstamp");

  private final String name;
  private final String keyPrefix;
  private final List<FieldDef> fields;
  private final Map<String, FieldDef> byLowerName = new TreeMap<>();

  SObjectSchema(String name, String keyPrefix, List<FieldDef> ownFields) {
    this.name = name;
    this.keyPrefix = keyPrefix;
    List<FieldDef> all = new ArrayList<>();
    all.add(FieldDef.system("Id", "id"));
    all.add(FieldDef.system("IsDeleted", "boolean"));
    all.add(FieldDef.of("OwnerId", "reference"));
    all.addAll(ownFields);
    all.add(FieldDef.system("CreatedDate", "datetime"));
    all.add(FieldDef.system("CreatedById", "reference"));
    all.add(FieldDef.system("LastModifiedDate", "datetime"));
    all.add(FieldDef.system("LastModifiedById", "reference"));
    all.add(FieldDef.system("SystemModstamp", "datetime"));
    this.fields = Collections.unmodifiableList(all);
    for (FieldDef field : all) {
      byLowerName.put(field.name().toLowerCase(Locale.ROOT), field);
    }
  }

  String name() {
    return name;
  }

  String keyPrefix() {
    return keyPrefix;
  }

  /** All fields, system fields included, in describe order. */
  List<FieldDef> fields() {
    return fields;
  }

  /** Looks a field up by name, ignoring case as Salesforce does. */
  Optional<FieldDef> field(String fieldName) {
    return Optional.ofNullable(byLowerName.get(fieldName.toLowerCase(Locale.ROOT)));
  }

  /** The field named {@code fieldName}, or the 400 {@code INVALID_FIELD} Salesforce answers. */
  FieldDef requireField(String fieldName) {
    return field(fieldName)
        .orElseThrow(
            () ->
                new SfRequestException(
                    400,
                    SfError.of(
                        "INVALID_FIELD",
                        "No such column '" + fieldName + "' on sobject of type " + name)));
  }

  /** The sObjects every fake starts with: Account, Contact, Lead, Opportunity and Task. */
  static List<SObjectSchema> builtIns() {
    return List.of(
        new SObjectSchema(
            "Account",
            "001",
            List.of(
                FieldDef.required("Name"),
                FieldDef.text("Industry"),
                FieldDef.of("Phone", "phone"),
                FieldDef.of("Website", "url"),
                FieldDef.of("Description", "textarea"),
                FieldDef.of("NumberOfEmployees", "int"),
                FieldDef.of("AnnualRevenue", "currency"),
                FieldDef.externalId("External_Id__c"))),
        new SObjectSchema(
            "Contact",
            "003",
            List.of(
                FieldDef.text("FirstName"),
                FieldDef.required("LastName"),
                FieldDef.system("Name", "string"),
                FieldDef.of("Email", "email"),
                FieldDef.of("Phone", "phone"),
                FieldDef.text("Title"),
                FieldDef.text("Department"),
                FieldDef.of("Description", "textarea"),
                FieldDef.of("AccountId", "reference"),
                FieldDef.of("Birthdate", "date"),
                FieldDef.of("HasOptedOutOfEmail", "boolean"),
                FieldDef.externalId("External_Id__c"))),
        new SObjectSchema(
            "Lead",
            "00Q",
            List.of(
                FieldDef.text("FirstName"),
                FieldDef.required("LastName"),
                FieldDef.required("Company"),
                FieldDef.of("Email", "email"),
                FieldDef.withDefault("Status", "picklist", "Open - Not Contacted"),
                FieldDef.externalId("External_Id__c"))),
        new SObjectSchema(
            "Opportunity",
            "006",
            List.of(
                FieldDef.required("Name"),
                FieldDef.withDefault("StageName", "picklist", "Prospecting"),
                new FieldDef("CloseDate", "date", true, true, false, null),
                FieldDef.of("Amount", "currency"),
                FieldDef.of("AccountId", "reference"))),
        new SObjectSchema(
            "Task",
            "00T",
            List.of(
                FieldDef.text("Subject"),
                FieldDef.withDefault("Status", "picklist", "Not Started"),
                FieldDef.withDefault("Priority", "picklist", "Normal"),
                FieldDef.of("ActivityDate", "date"),
                FieldDef.of("WhoId", "reference"),
                FieldDef.of("WhatId", "reference"),
                FieldDef.of("Description", "textarea"),
                FieldDef.system("IsClosed", "boolean"))));
  }
}
