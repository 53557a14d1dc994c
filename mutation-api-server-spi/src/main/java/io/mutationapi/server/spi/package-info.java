/**
 * The service provider interface: what a host application implements to plug a system into the
 * server.
 *
 * <ul>
 *   <li>{@link io.mutationapi.server.spi.Upstream}: the system records are written to, one per
 *       sync.
 *   <li>{@link io.mutationapi.server.spi.Consumer}: a downstream reader of the change stream that
 *       requests can wait for.
 *   <li>{@link io.mutationapi.server.spi.ChangeStream}: carries changed records to consumers and
 *       reports their progress.
 *   <li>{@link io.mutationapi.server.spi.Authenticator}: turns a bearer token into a principal and
 *       decides what it may mutate.
 * </ul>
 *
 * <p>Each interface has one or two abstract methods; capabilities added later arrive as {@code
 * default} methods, so an implementation written against this version keeps compiling.
 */
package io.mutationapi.server.spi;
