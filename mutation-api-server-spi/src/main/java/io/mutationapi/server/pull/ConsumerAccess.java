package io.mutationapi.server.pull;

import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which consumers a principal may use: the one rule behind pulling an HTTP consumer, waiting on a
 * consistency token and seeing a consumer in the Management API.
 *
 * <p>A principal may use a consumer only if the authenticator answers {@link
 * Authenticator.Access#MUTATE} for every sync that serves a collection the consumer consumes (a
 * consumer's records come from those syncs, so reading them or learning how far it got is as
 * sensitive as writing them). For any other principal the consumer does not exist: the endpoints
 * answer as for an unknown id. Immutable; thread-safe.
 */
public final class ConsumerAccess {
  private final Map<String, Set<String>> syncsOf;
  private final Authenticator authorizer;

  /**
   * Returns the rule over these registrations.
   *
   * @param syncsOf for each registered consumer id, the syncs that serve a collection it consumes
   * @param authorizer decides what principals may do with syncs
   */
  public ConsumerAccess(Map<String, Set<String>> syncsOf, Authenticator authorizer) {
    this.syncsOf = Map.copyOf(syncsOf);
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
  }

  /**
   * Returns true if {@code principal} may use consumer {@code consumerId}; false for an unknown or
   * null id.
   */
  public boolean mayUse(String consumerId, Principal principal) {
    Set<String> syncs = consumerId == null ? null : syncsOf.get(consumerId);
    if (syncs == null) {
      return false;
    }
    for (String syncId : syncs) {
      if (authorizer.access(principal, syncId) != Authenticator.Access.MUTATE) {
        return false;
      }
    }
    return true;
  }
}
