package io.mutationapi.spring.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * A bearer token and the syncs its principal may mutate: the value of {@code
 * mutation-api.server.tokens.<principal>} in {@link MutationServerProperties}.
 */
public class TokenProperties {
  /** The token; keep it out of the code (an environment variable, a secret store). */
  private String token;

  /** The syncs the principal may mutate; "*" for all. */
  private List<String> syncs = new ArrayList<>();

  /** Creates an empty token. */
  public TokenProperties() {}

  /** Returns the token. */
  public String getToken() {
    return token;
  }

  /** Sets the token. */
  public void setToken(String token) {
    this.token = token;
  }

  /** Returns the syncs. */
  public List<String> getSyncs() {
    return syncs;
  }

  /** Sets the syncs. */
  public void setSyncs(List<String> syncs) {
    this.syncs = syncs;
  }

  /** Returns the syncs; never the token. */
  @Override
  public String toString() {
    return "TokenProperties{token=<redacted>, syncs=" + syncs + "}";
  }
}
