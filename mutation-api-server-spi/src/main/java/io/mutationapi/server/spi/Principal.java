package io.mutationapi.server.spi;

import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request, and the syncs they may mutate.
 *
 * <p>Immutable. Holds no credentials, so it is safe to log.
 *
 * @param name a name for logs, e.g. {@code "billing-app"}
 * @param syncIds the syncs this principal may mutate; ignored if {@code allSyncs}
 * @param allSyncs whether this principal may mutate every sync
 */
public record Principal(String name, Set<String> syncIds, boolean allSyncs) {

  /** The principal of requests to a server built with {@code insecureNoAuthentication()}. */
  public static final Principal ANONYMOUS = new Principal("anonymous", Set.of(), true);

  /** Validates and copies. */
  public Principal {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
    syncIds = Set.copyOf(syncIds);
  }

  /** Returns a principal that may mutate {@code syncIds}. */
  public static Principal of(String name, String... syncIds) {
    return new Principal(name, Set.of(syncIds), false);
  }

  /** Returns a principal that may mutate every sync. */
  public static Principal allSyncs(String name) {
    return new Principal(name, Set.of(), true);
  }

  /** Returns true if this principal may mutate {@code syncId}. */
  public boolean mayMutate(String syncId) {
    return allSyncs || syncIds.contains(syncId);
  }
}
