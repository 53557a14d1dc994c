/**
 * Wrappers that inject faults into a Mutation API server under test: {@link
 * io.mutationapi.testing.FaultyUpstream} for the upstream, {@link
 * io.mutationapi.testing.PausableConsumer} for consumers.
 */
package io.mutationapi.testing;
