package io.mutationapi.testing.salesforce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An sObject type to add to a {@link FakeSalesforce}, typically a custom object such as {@code
 * Invoice__c}: its name, the three-character key prefix of its ids, and its fields. Every type also
 * gets the system fields ({@code Id}, {@code IsDeleted}, {@code OwnerId}, {@code CreatedDate},
 * {@code CreatedById}, {@code LastModifiedDate}, {@code LastModifiedById}, {@code SystemModstamp}).
 * Immutable; built with {@link #builder}.
 */
public final class SObjectDefinition {
  private static final Set<String> TYPES =
      Set.of(
          "string",
          "textarea",
          "email",
          "phone",
          "url",
          "picklist",
          "boolean",
          "int",
          "double",
          "currency",
          "date",
          "datetime",
          "reference");
  private static final Pattern PREFIX = Pattern.compile("[0-9A-Za-z]{3}");

  private final String name;
  private final String keyPrefix;
  private final List<FieldDef> fields;

  private SObjectDefinition(Builder builder) {
    this.name = builder.name;
    this.keyPrefix = builder.keyPrefix;
    this.fields = List.copyOf(builder.fields);
  }

  /**
   * Starts a definition of the sObject {@code name} whose ids begin with {@code keyPrefix}, such as
   * {@code a01}.
   *
   * @throws IllegalArgumentException if the key prefix is not three base-62 characters
   */
  public static Builder builder(String name, String keyPrefix) {
    return new Builder(name, keyPrefix);
  }

  /** The sObject's API name. */
  public String name() {
    return name;
  }

  /** The key prefix of its ids. */
  public String keyPrefix() {
    return keyPrefix;
  }

  SObjectSchema toSchema() {
    return new SObjectSchema(name, keyPrefix, fields);
  }

  @Override
  public String toString() {
    return "SObjectDefinition[" + name + ", " + keyPrefix + ", " + fields.size() + " fields]";
  }

  /** Collects the fields of a definition. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String keyPrefix;
    private final List<FieldDef> fields = new ArrayList<>();

    private Builder(String name, String keyPrefix) {
      this.name = Objects.requireNonNull(name, "name");
      this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
      if (!PREFIX.matcher(keyPrefix).matches()) {
        throw new IllegalArgumentException(
            "keyPrefix must be three base-62 characters, such as a01: " + keyPrefix);
      }
    }

    /**
     * Adds an optional field of a Salesforce type: {@code string}, {@code textarea}, {@code email},
     * {@code phone}, {@code url}, {@code picklist}, {@code boolean}, {@code int}, {@code double},
     * {@code currency}, {@code date}, {@code datetime} or {@code reference}.
     */
    public Builder field(String fieldName, String type) {
      return add(new FieldDef(fieldName, checkType(type), false, true, false, null));
    }

    /** Adds a field that creates must set and updates must not clear. */
    public Builder requiredField(String fieldName, String type) {
      return add(new FieldDef(fieldName, checkType(type), true, true, false, null));
    }

    /** Adds a text field that can key upserts. */
    public Builder externalIdField(String fieldName) {
      return add(new FieldDef(fieldName, "string", false, true, true, null));
    }

    /** Returns the definition. */
    public SObjectDefinition build() {
      return new SObjectDefinition(this);
    }

    private Builder add(FieldDef field) {
      Objects.requireNonNull(field.name(), "fieldName");
      for (FieldDef existing : fields) {
        if (existing.name().equalsIgnoreCase(field.name())) {
          throw new IllegalArgumentException("field " + field.name() + " is already defined");
        }
      }
      if (SObjectSchema.SYSTEM_FIELDS.contains(field.name()) || field.name().equals("OwnerId")) {
        throw new IllegalArgumentException(field.name() + " is a system field");
      }
      fields.add(field);
      return this;
    }

    private static String checkType(String type) {
      String lower = Objects.requireNonNull(type, "type").toLowerCase(Locale.ROOT);
      if (!TYPES.contains(lower)) {
        throw new IllegalArgumentException("unknown field type '" + type + "'; one of " + TYPES);
      }
      return lower;
    }
  }
}
