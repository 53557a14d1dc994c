/**
 * Where a change stream's events are: the {@link io.mutationapi.await.Position} (partition, offset)
 * that a stream hands out when it publishes a mutation's records and that consumers report their
 * progress against.
 *
 * <p>Answering "has consumer C processed my write" from those reports is the server's business; its
 * machinery is not public API. Every stream implementation (in memory, Kafka) shares this package.
 * The values here are immutable.
 */
package io.mutationapi.await;
