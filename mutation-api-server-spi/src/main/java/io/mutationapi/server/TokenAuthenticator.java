package io.mutationapi.server;

import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens configured on the builder. Tokens are kept only as SHA-256 digests, so a heap dump
 * holds no token. A presented token's digest is compared with every configured digest by {@link
 * MessageDigest#isEqual} (constant time for equal lengths), with no early exit and no hash lookup,
 * so the time taken depends on the number of tokens only, never on their contents. Syncs a
 * principal may not mutate are hidden: {@code 404}, as for a sync that does not exist.
 */
final class TokenAuthenticator implements Authenticator {
  private final Map<Digest, Principal> principals;
  private final Digest[] digests;
  private final Principal[] owners;

  private record Digest(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Digest && MessageDigest.isEqual(bytes, ((Digest) o).bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Digest[redacted]";
    }
  }

  TokenAuthenticator(Map<String, Principal> tokens) {
    Map<Digest, Principal> map = new HashMap<>();
    tokens.forEach((token, principal) -> map.put(digest(token), principal));
    this.principals = Map.copyOf(map);
    this.digests = new Digest[principals.size()];
    this.owners = new Principal[principals.size()];
    int i = 0;
    for (Map.Entry<Digest, Principal> entry : principals.entrySet()) {
      digests[i] = entry.getKey();
      owners[i++] = entry.getValue();
    }
  }

  @Override
  public Optional<Principal> authenticate(String bearerToken) {
    byte[] presented = digest(bearerToken).bytes();
    Principal found = null;
    for (int i = 0; i < digests.length; i++) {
      // Every digest is compared, match or not.
      if (MessageDigest.isEqual(presented, digests[i].bytes()) && found == null) {
        found = owners[i];
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * A sync the principal may not mutate is hidden ({@code 404}, as if it did not exist), so that a
   * token cannot probe for the syncs of other principals.
   */
  @Override
  public Access access(Principal principal, String syncId) {
    return principal.mayMutate(syncId) ? Access.MUTATE : Access.HIDDEN;
  }

  private static Digest digest(String token) {
    // digest() resets the instance, so each thread reuses its own instead of looking one up.
    return new Digest(SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is required of every JDK", e);
            }
          });

  @Override
  public String toString() {
    return "TokenAuthenticator{tokens=" + principals.size() + "}";
  }
}
