/**
 * Micrometer metrics of a Mutation API server: {@link io.mutationapi.micrometer.MutationMetrics}, a
 * {@link io.mutationapi.server.spi.ServerObserver} that records meters named {@code mutation.api.*}
 * in a {@link io.micrometer.core.instrument.MeterRegistry}, and binds gauges of a built server.
 */
package io.mutationapi.micrometer;
