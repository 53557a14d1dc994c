/**
 * Fault injection for tests of code that hosts the Mutation API, as a separate artifact so that
 * production classes carry no test hooks: {@link io.mutationapi.testing.FaultyUpstream} wraps any
 * upstream and fails on demand, {@link io.mutationapi.testing.PausableConsumer} wraps any consumer
 * and holds its deliveries.
 *
 * <p>Use it in test scope only.
 */
module io.mutationapi.testing {
  requires transitive io.mutationapi.server;

  exports io.mutationapi.testing;
}
