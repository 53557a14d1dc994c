/**
 * The service provider interface: what a host application implements to plug a system into the
 * server, and the values those interfaces and the engine's callers exchange.
 *
 * <ul>
 *   <li>{@link io.mutationapi.server.spi.Upstream}: the system records are written to, one per
 *       sync; each call gets an {@link io.mutationapi.server.spi.UpstreamContext} (deadline,
 *       request id, principal).
 *   <li>{@link io.mutationapi.server.spi.Consumer}: a downstream reader of the change stream that
 *       requests can wait for.
 *   <li>{@link io.mutationapi.server.spi.ChangeStream}: carries changed records to consumers and
 *       reports their progress.
 *   <li>{@link io.mutationapi.server.spi.Authenticator}: turns a bearer token into a {@link
 *       io.mutationapi.server.spi.Principal} and decides what it may mutate.
 *   <li>{@link io.mutationapi.server.spi.IdempotencyStore}: keeps the HTTP responses of requests
 *       sent with an {@code Idempotency-Key}.
 *   <li>{@link io.mutationapi.server.spi.ChangeSource}: an upstream whose changes can be listed
 *       page by page ({@link io.mutationapi.server.spi.ChangeQuery}, {@link
 *       io.mutationapi.server.spi.ChangePage}), so the server backfills and polls it; {@link
 *       io.mutationapi.server.spi.CursorStore} keeps where each collection's capture stopped.
 *   <li>{@link io.mutationapi.server.spi.MutationService}: what the engine offers its callers, the
 *       HTTP handler and in-process code, answering with a {@link
 *       io.mutationapi.server.spi.MutationOutcome}; it also waits for a mutation's consistency
 *       token ({@code await}), answering with a {@link io.mutationapi.server.spi.WaitOutcome}.
 * </ul>
 *
 * <p>Where HTTP begins: the engine and {@code MutationService} speak the wire contract's values (a
 * result, or the error envelope with its {@code status} field and a retry time), never HTTP headers
 * or bodies. HTTP begins in {@code io.mutationapi.server.http}: the handler turns an outcome into a
 * status, headers and bytes, and only it uses the {@code IdempotencyStore}, whose values are
 * therefore HTTP responses ({@link io.mutationapi.server.spi.IdempotencyStore.StoredHttpResponse}).
 *
 * <p>Every type an SPI signature mentions is in this package or in core ({@code io.mutationapi}):
 * the SPI depends on nothing above it. Each interface has one or two abstract methods; capabilities
 * added later arrive as {@code default} methods, so an implementation written against this version
 * keeps compiling.
 */
package io.mutationapi.server.spi;
