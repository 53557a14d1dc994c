package io.mutationapi.server;

import io.mutationapi.server.spi.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens configured on the builder. Tokens are kept only as SHA-256 digests and compared
 * through their digests, so lookups do not leak a token's characters through timing and a heap dump
 * holds no token.
 */
final class TokenAuthenticator implements Authenticator {
  private final Map<Digest, Principal> principals;

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
  }

  @Override
  public Optional<Principal> authenticate(String bearerToken) {
    return Optional.ofNullable(principals.get(digest(bearerToken)));
  }

  private static Digest digest(String token) {
    try {
      return new Digest(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "TokenAuthenticator{tokens=" + principals.size() + "}";
  }
}
