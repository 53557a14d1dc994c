/**
 * The server as a host application uses it: {@link io.mutationapi.server.MutationServer} (the one
 * entry point, built with a builder, which wires the engine, the HTTP handler and the stream), and
 * in-memory defaults ({@link io.mutationapi.server.InMemoryUpstream}, {@link
 * io.mutationapi.server.InMemoryStream}, {@link io.mutationapi.server.InMemoryConsumer}, {@link
 * io.mutationapi.server.InMemoryIdempotencyStore}, {@link
 * io.mutationapi.server.InMemoryCursorStore}) for tests, demos and one-process servers; change
 * capture's settings ({@link io.mutationapi.server.ChangeCapture}) and health ({@link
 * io.mutationapi.server.SyncHealth}).
 *
 * <p>The engine lives here, package-private, one step a file: {@code MutationEngine} (the five
 * steps in order), {@code RequestResolver} (step 1: every refusal before the upstream), {@code
 * UpstreamRun} (step 2: batch after batch), {@code Batches} (where a request is split, and a failed
 * batch's records sorted), {@code UpstreamCalls} (on which thread an upstream is called), {@code
 * RateLimiter} (the gate before each call), {@code Deadlines} and {@code LatePublisher} (the
 * upstream timeout, and what is applied after it), {@code ErrorAnswers} (failures to outcomes),
 * {@code AwaitAnswers} (awaits to outcomes), and {@code EngineSettings} (its settings and their
 * defaults). Change capture: {@code SyncLoops} (one {@code SyncLoop} per (sync, collection):
 * backfill, polls, cursor, backoff, health) and {@code ChangeLog} (the in-memory upstream's
 * changes).
 */
package io.mutationapi.server;
