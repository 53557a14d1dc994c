package io.mutationapi.spring.boot;

/**
 * The environment variables {@code MutationClient.fromEnv()} reads, read here through Spring's
 * {@code Environment} (which holds the process environment) so that tests and profiles can set
 * them.
 */
final class ClientEnv {
  static final String URL = "MUTATION_API_URL";
  static final String TOKEN = "MUTATION_API_TOKEN";
  static final String BASE_URL_PROPERTY = "mutation-api.client.base-url";

  private ClientEnv() {}
}
