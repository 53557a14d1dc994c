/**
 * The Java client of the Mutation API: {@link io.mutationapi.client.MutationClient} and its calls.
 *
 * <p>Start with {@link io.mutationapi.client.MutationClient#builder()} or {@link
 * io.mutationapi.client.MutationClient#fromEnv()}, then {@code client.mutations().create(...)},
 * {@code update(...)} or {@code delete(...)}; {@code client.consumers("id")} pulls an HTTP consumer
 * ({@link io.mutationapi.client.PullConsumer}), {@code client.consumers()} and {@code
 * client.syncs()} read the Management API. Failures are unchecked and chosen by what the caller
 * does next: {@link io.mutationapi.client.MutationServiceException} and its subclasses when the
 * server answered with an error, {@link io.mutationapi.client.MutationIoException} when no answer
 * came back, both under the core's {@link io.mutationapi.MutationApiException}.
 */
package io.mutationapi.client;
