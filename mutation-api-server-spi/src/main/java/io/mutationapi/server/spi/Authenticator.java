package io.mutationapi.server.spi;

import java.util.Optional;

/**
 * Turns a bearer token into a {@link Principal}, and decides what the principal may do with a sync.
 *
 * <p>{@link #authenticate} runs before the request body is read; an empty answer is {@code 401}.
 * {@link #access} is the authorization hook: the default lets a principal mutate the syncs it
 * {@linkplain Principal#mayMutate(String) names} and answers {@code 403} for the others.
 *
 * <p>Implementations must be thread-safe and should not block: they run on the HTTP thread.
 */
@FunctionalInterface
public interface Authenticator {

  /** What a principal may do with a sync. */
  enum Access {
    /** The principal may mutate the sync. */
    MUTATE,
    /** The principal may see that the sync exists, but not mutate it: {@code 403}. */
    FORBIDDEN,
    /** The principal may not know the sync exists: {@code 404}, as for an unknown sync. */
    HIDDEN
  }

  /**
   * Returns the principal that {@code bearerToken} identifies, or empty if the token is not valid.
   *
   * @param bearerToken the token after {@code "Bearer "}; never null or empty
   */
  Optional<Principal> authenticate(String bearerToken);

  /** Returns what {@code principal} may do with the sync {@code syncId}. */
  default Access access(Principal principal, String syncId) {
    return principal.mayMutate(syncId) ? Access.MUTATE : Access.FORBIDDEN;
  }
}
