/**
 * Micrometer metrics of a Mutation API server: requests, upstream calls, awaits, rate limits,
 * overloads, and each consumer's lag and batches.
 *
 * <p>Start at {@link io.mutationapi.micrometer.MutationMetrics}.
 */
// micrometer-core is an automatic module (no module-info of its own); its MeterRegistry is in our
// public signatures, hence transitive.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.mutationapi.micrometer {
  requires transitive io.mutationapi.server;
  requires transitive micrometer.core;

  exports io.mutationapi.micrometer;
}
