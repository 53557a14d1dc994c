/**
 * Fault injection for tests of code that hosts the Mutation API, as a separate artifact so that
 * production classes carry no test hooks: {@link io.mutationapi.testing.FaultyUpstream} wraps any
 * upstream and fails on demand, {@link io.mutationapi.testing.PausableConsumer} wraps any consumer
 * and holds its deliveries, and {@link io.mutationapi.testing.salesforce.FakeSalesforce} is a
 * Salesforce org on loopback for tests of code that writes to Salesforce.
 *
 * <p>Use it in test scope only.
 */
module io.mutationapi.testing {
  requires transitive io.mutationapi.server;
  requires org.eclipse.jetty.server;

  exports io.mutationapi.testing;
  exports io.mutationapi.testing.salesforce;
}
