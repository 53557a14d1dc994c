package com.example.mutations;

import io.mutationapi.client.MutationClient;

/** How the recipes find the server: arguments {@code url token}, else the environment. */
final class Clients {
  private Clients() {}

  static MutationClient fromArgsOrEnv(String[] args) {
    if (args.length >= 2) {
      return MutationClient.builder().baseUrl(args[0]).apiToken(args[1]).build();
    }
    return MutationClient.fromEnv(); // MUTATION_API_URL and MUTATION_API_TOKEN
  }
}
