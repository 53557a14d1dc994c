/**
 * The await machinery: answers "has consumer C processed my write" without polling. Not public API;
 * exported to the server only.
 *
 * <p>A change stream publishes a mutation's records at {@link io.mutationapi.await.Position
 * positions} (partition, offset) and reports each consumer's progress as a watermark per partition
 * to an {@link io.mutationapi.internal.await.AwaitRegistry}. A request waits with {@link
 * io.mutationapi.internal.await.AwaitRegistry#await}, which completes with an {@link
 * io.mutationapi.internal.await.AwaitOutcome} once every named consumer's watermark has passed
 * every position, or at the timeout, naming the consumers still pending.
 *
 * <p>The values here are immutable; the registry is thread-safe and holds no thread per waiter.
 */
package io.mutationapi.internal.await;
