package io.mutationapi;

/** What a mutation does to the upstream records it names. */
public enum MutationKind {
  /** Insert new records; the upstream assigns their ids. */
  CREATE("create"),
  /** Change fields of existing records (PATCH semantics). */
  UPDATE("update"),
  /** Remove existing records. */
  DELETE("delete");

  private final String wireName;

  MutationKind(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the value of the {@code kind} field on the wire, e.g. {@code "create"}. */
  public String wireName() {
    return wireName;
  }

  /** Returns the kind whose wire name is {@code wireName}, or null if there is none. */
  public static MutationKind fromWireName(String wireName) {
    for (MutationKind kind : values()) {
      if (kind.wireName.equals(wireName)) {
        return kind;
      }
    }
    return null;
  }
}
